import ChargeShareDomain
import Crypto
import Foundation

/// The service's clients with their secrets hashed: HMAC-SHA256 under a key drawn when the
/// directory is built, so neither the plain secret nor a reusable digest of it is kept, and a
/// presented secret is checked in constant time (`HMAC.isValidAuthenticationCode`).
public struct ClientDirectory: Sendable {
    /// A client as the service knows it.
    public struct Entry: Sendable {
        public let clientId: String
        public let role: Role
        public let feeders: Set<String>
        let secretMAC: [UInt8]
        /// `ClientDirectory.secretTag` of the client's secret.
        let secretTag: [UInt8]
    }

    private let entries: [String: Entry]
    /// The HMAC key's bytes (`SymmetricKey` is not `Sendable`).
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Hashes every secret of `config`; the plain texts are not kept.
    public init(_ config: ServiceConfig) {
        let key = SymmetricKey(size: .bits256)
        self.keyBytes = key.withUnsafeBytes { Array($0) }
        var entries: [String: Entry] = [:]
        for c in config.clients {
            let mac = HMAC<SHA256>.authenticationCode(for: Array(c.clientSecret.utf8), using: key)
            entries[c.clientId] = Entry(
                clientId: c.clientId, role: c.role, feeders: Set(c.feeders), secretMAC: Array(mac),
                secretTag: Self.secretTag(clientId: c.clientId, secret: c.clientSecret))
        }
        self.entries = entries
    }

    /// Every client's secret tag, for `AccessTokenStore.revokeTokensOfChangedSecrets`.
    public var secretTags: [String: [UInt8]] { entries.mapValues(\.secretTag) }

    /// A 4-byte tag of a client's secret, the same in every instance and after a restart, so the
    /// store can tell that a secret changed: SHA-256 over a fixed label, the id and the secret,
    /// cut to 32 bits. Enough to notice a rotation (a missed one: 1 in 2^32); too short to confirm
    /// a guessed secret from a copy of the database (every 2^32nd guess matches).
    static func secretTag(clientId: String, secret: String) -> [UInt8] {
        let text = "chargeshare-client-secret-tag\u{0}\(clientId)\u{0}\(secret)"
        return Array(SHA256.hash(data: Array(text.utf8)).prefix(4))
    }

    /// The client with this id, whatever its secret.
    public func client(_ id: String) -> Entry? { entries[id] }

    /// The client when `secret` is its secret; `nil` for an unknown id or a wrong secret (the
    /// same answer, and an unknown id costs the same HMAC, so a caller learns nothing from either).
    public func authenticate(clientId: String, secret: String) -> Entry? {
        let entry = entries[clientId]
        let expected = entry?.secretMAC ?? Array(repeating: 0, count: 32)
        let valid = HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: Array(secret.utf8), using: key)
        return valid ? entry : nil
    }
}
