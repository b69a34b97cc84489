public import ChargeShareDomain
import Foundation
import TariffEdge

extension KeyStore {
    /// Creates a new store with one key: `keyset.json` version 1 and its private key.
    /// - Throws: when `directory` already holds a keyset (keys are never overwritten).
    @discardableResult
    public func generate(issuer: String, sites: [String], validFrom: Timestamp, validUntil: Timestamp?) throws -> SigningKey {
        guard !FileManager.default.fileExists(atPath: keysetPath) else {
            throw Failure("\(keysetPath) exists; use keys rotate to add a key")
        }
        if let validUntil, validUntil <= validFrom {
            throw Failure("valid_until \(validUntil.rfc3339Seconds) must be after valid_from \(validFrom.rfc3339Seconds)")
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
    ///
    /// Refuses, before writing anything, when the result would not be usable: `now` must be after
    /// the `valid_from` of every key it retires (so no key ends up with `valid_until` ≤ `valid_from`,
    /// e.g. a rotation in the same second as `keys generate`), `validUntil` after `now`, and the
    /// new keyset must read back and be one an edge adopts at `now` (docs/tariff-envelope.md).
    @discardableResult
    public func rotate(now: Timestamp, sites: [String]? = nil, validUntil: Timestamp? = nil) throws -> SigningKey {
        let current = try keyset()
        let old = try signingKeys().filter { $0.entry.validUntil.map { $0 > now } ?? true }
        guard !old.isEmpty else { throw Failure("no current private key in \(directory) to vouch for the new one") }
        if let young = old.first(where: { $0.entry.validFrom >= now }) {
            throw Failure(
                "cannot rotate at \(now.rfc3339Seconds): key \(MessageText.quote(young.kid)) is only valid from \(young.entry.validFrom.rfc3339Seconds), so retiring it then would leave it no validity; rotate after that instant (nothing was changed)"
            )
        }
        if let validUntil, validUntil <= now {
            throw Failure(
                "cannot rotate at \(now.rfc3339Seconds): the new key's valid_until \(validUntil.rfc3339Seconds) is not after it (nothing was changed)"
            )
        }
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
        let next = Keyset(issuer: current.issuer, version: current.version + 1, keys: keys)
        try checkUsable(next, after: current, signedBy: old + [key], at: now)
        try writePrivate(key)
        try publish(next, signedBy: old + [key])
        return key
    }

    /// Checks, before anything is written, that `next` reads back as a keyset and that an edge
    /// trusting `current` adopts it at `now`.
    func checkUsable(_ next: Keyset, after current: Keyset, signedBy signers: [SigningKey], at now: Timestamp) throws {
        guard next.version <= Int64(HighWaterMarkStore.maximumSeq) else {
            throw Failure("keyset version \(next.version) would exceed 2^53-1 (nothing was changed)")
        }
        let payload = try CanonicalJSON.bytes(next.json)
        do {
            _ = try Keyset.read(payload)
            _ = try current.accepting(update: Array(try KeysetSignature.sign(payload, with: signers).utf8), now: now)
        } catch let invalid as Keyset.Invalid {
            throw Failure("the new keyset would not be usable (\(invalid)); nothing was changed")
        }
    }

    /// Publishes a keyset without `kid` (revocation) signed by the remaining keys, and deletes the
    /// revoked private key file. Refuses, before writing anything, when an edge trusting the
    /// current keyset would not adopt the result at `now` (e.g. no remaining key valid then).
    public func revoke(kid: String, now: Timestamp) throws {
        let current = try keyset()
        guard current.key(kid) != nil else { throw Failure("kid \(MessageText.quote(kid)) is not in \(keysetPath)") }
        let remaining = try signingKeys().filter { $0.kid != kid }
        guard !remaining.isEmpty else {
            throw Failure("revoking \(MessageText.quote(kid)) would leave no private key to sign the keyset; rotate first")
        }
        let next = Keyset(issuer: current.issuer, version: current.version + 1, keys: current.keys.filter { $0.kid != kid })
        try checkUsable(next, after: current, signedBy: remaining, at: now)
        try publish(next, signedBy: remaining)
        let file = (privateDirectory as NSString).appendingPathComponent("\(kid).jwk")
        if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
    }
}
