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
            entries[c.clientId] = Entry(clientId: c.clientId, role: c.role, feeders: Set(c.feeders), secretMAC: Array(mac))
        }
        self.entries = entries
        secretTag = Self.secretTag(config.clients)
    }

    /// The tag of this config's client secrets, which every token issued under them carries
    /// (`AccessTokenRecord.secretTag`). A token whose tag differs was issued under other secrets
    /// (one was rotated, a client was added or removed) and is refused: rotating a secret
    /// revokes every token at once, in every instance, whatever its client.
    public let secretTag: [UInt8]

    /// 16 bytes of HMAC-SHA256, keyed by SHA-256 over every (id, secret) of the config, of a fixed
    /// label: the same in every instance with the same file, and nothing anyone can compute or
    /// test guesses against from a copy of the database without all the secrets.
    static func secretTag(_ clients: [ServiceConfig.Client]) -> [UInt8] {
        var material: [UInt8] = []
        for c in clients.sorted(by: { $0.clientId < $1.clientId }) {
            for part in [c.clientId, c.clientSecret] {
                material += withUnsafeBytes(of: UInt64(part.utf8.count).bigEndian, Array.init) + Array(part.utf8)
            }
        }
        let key = SymmetricKey(data: SHA256.hash(data: material))
        return Array(HMAC<SHA256>.authenticationCode(for: Array("chargeshare-token-secret-tag".utf8), using: key).prefix(16))
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
