import ChargeShareDomain
import Crypto
import Foundation
import Store

/// Issues and checks bearer tokens: 32 random bytes, base64url, kept in the store by SHA-256
/// (`AccessTokenStore`), so any instance on the same database accepts them and a copy of the
/// database lets nobody in.
struct TokenIssuer: Sendable {
    let store: any AccessTokenStore & Sendable
    let lifetimeSeconds: Int
    /// `ClientDirectory.secretTag`: recorded with every token, required of every token checked.
    let secretTag: [UInt8]

    /// A new token for `client` with `scopes`.
    func issue(clientId: String, scopes: [Scope], now: Timestamp) throws(StoreError) -> (token: String, expiresIn: Int) {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        let token = Self.base64url(bytes)
        let record = AccessTokenRecord(
            sha256: Self.digest(token), clientId: clientId, scopes: scopes.map(\.rawValue).joined(separator: " "), created: now,
            expires: now.adding(milliseconds: Int64(lifetimeSeconds) * 1000), secretTag: secretTag)
        try store.insertAccessToken(record, now: now)
        return (token, lifetimeSeconds)
    }

    /// The stored, unexpired record of `token`, if any, issued under the current client secrets.
    func check(_ token: String, now: Timestamp) throws(StoreError) -> AccessTokenRecord? {
        guard (16...512).contains(token.utf8.count), let record = try store.accessToken(sha256: Self.digest(token), now: now) else { return nil }
        return record.secretTag == secretTag ? record : nil
    }

    static func digest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
