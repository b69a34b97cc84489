import Foundation
import TariffEdge

extension KeyStore {
    /// Creates a new store with one key: `keyset.json` version 1 and its private key.
    /// - Throws: when `directory` already holds a keyset (keys are never overwritten).
    @discardableResult
    public func generate(issuer: String, sites: [String], validFrom: Int64, validUntil: Int64?) throws -> SigningKey {
        guard !FileManager.default.fileExists(atPath: keysetPath) else {
            throw Failure("\(keysetPath) exists; use keys rotate to add a key")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = SigningKey.generate(validFrom: validFrom, validUntil: validUntil, sites: sites)
        try writePrivate(key)
        try publish(Keyset(issuer: issuer, version: 1, keys: [key.entry]), signedBy: [key])
        return key
    }

    /// Adds a new key valid from `now`; the keys that could sign until now stop signing at `now`
    /// (they stay listed so tables they signed keep verifying). The new keyset is signed by the
    /// old keys and the new one.
    @discardableResult
    public func rotate(now: Int64, sites: [String]? = nil, validUntil: Int64? = nil) throws -> SigningKey {
        let current = try keyset()
        let old = try signingKeys().filter { $0.entry.validUntil.map { $0 > now } ?? true }
        guard !old.isEmpty else { throw Failure("no current private key in \(directory) to vouch for the new one") }
        let key = SigningKey.generate(
            validFrom: now, validUntil: validUntil,
            sites: sites ?? old.last?.entry.sites ?? ["*"]
        )
        var keys = current.keys.map { entry -> Keyset.Key in
            var e = entry
            if old.contains(where: { $0.kid == entry.kid }) { e.validUntil = now }
            return e
        }
        keys.append(key.entry)
        try writePrivate(key)
        try publish(Keyset(issuer: current.issuer, version: current.version + 1, keys: keys), signedBy: old + [key])
        return key
    }

    /// Publishes a keyset without `kid` (revocation) signed by the remaining keys, and deletes the
    /// revoked private key file.
    public func revoke(kid: String) throws {
        let current = try keyset()
        guard current.key(kid) != nil else { throw Failure("kid \(kid) is not in \(keysetPath)") }
        let remaining = try signingKeys().filter { $0.kid != kid }
        guard !remaining.isEmpty else { throw Failure("revoking \(kid) would leave no private key to sign the keyset; rotate first") }
        try publish(Keyset(issuer: current.issuer, version: current.version + 1, keys: current.keys.filter { $0.kid != kid }), signedBy: remaining)
        let file = (privateDirectory as NSString).appendingPathComponent("\(kid).jwk")
        if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
    }
}
