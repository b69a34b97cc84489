import Crypto
import Foundation
public import StrictJSON

/// Verifies signed tariff tables the way an offline edge node must: nothing in the payload is
/// trusted before the signature is checked against a key the keyset lists for that site and time.
///
/// Order of checks: size, JWS structure (canonical header), `alg`, `typ`, `kid` and other header
/// members, kid known, signature, payload format (canonical payload), key authorisation, site,
/// validity, sequence. The first failure is reported (docs/tariff-envelope.md).
public struct TariffVerifier: Sendable {
    /// Default limit on the size of a table: 1 MiB.
    public static let defaultMaximumBytes = 1 << 20

    public var keyset: Keyset
    public var maximumBytes: Int

    public init(keyset: Keyset, maximumBytes: Int = TariffVerifier.defaultMaximumBytes) {
        self.keyset = keyset
        self.maximumBytes = maximumBytes
    }

    /// The outcome of a full verification.
    public struct Accepted: Sendable, Equatable {
        public let table: SignedTariffTable
        /// The same bytes as the table already accepted at this `seq` (an idempotent re-delivery).
        public let redelivery: Bool
        /// `prev` equals the hash of the table accepted before (`nil` when there was none).
        public let chainContinuous: Bool?
        /// Base64url SHA-256 of the compact JWS: the value the next table's `prev` should hold.
        public let hash: String
    }

    /// Base64url SHA-256 of a compact JWS (trailing line break removed).
    public static func hash(_ bytes: [UInt8]) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(CompactJWS.trimmed(bytes)))))
    }

    /// Every check except the high-water mark.
    public func check(_ bytes: [UInt8], site: String, now: Timestamp) throws(TariffRejection) -> SignedTariffTable {
        guard bytes.count <= maximumBytes else {
            throw TariffRejection(.oversized, "\(bytes.count) bytes, more than the limit of \(maximumBytes)")
        }
        let jws = try CompactJWS.parse(bytes)
        let kid = try checkHeader(jws.header)
        let shownKid = MessageText.quote(kid)
        guard let key = keyset.key(kid) else {
            throw TariffRejection(.unknownKey, "kid \(shownKid) is not in keyset version \(keyset.version) (unknown or revoked)")
        }
        let valid: Bool
        do {
            valid = try key.verifyingKey().isValidSignature(jws.signature, for: jws.signingInput)
        } catch {
            throw TariffRejection(.badSignature, "key \(shownKid) is not a valid Ed25519 public key")
        }
        guard valid else { throw TariffRejection(.badSignature, "Ed25519 signature does not verify with key \(shownKid)") }
        let table = try SignedTariffTable.read(payload: jws.payload)
        guard table.issuer == keyset.issuer else {
            throw TariffRejection(
                .keyNotAuthorised, "issuer \(MessageText.quote(table.issuer)) is not the keyset's issuer \(MessageText.quote(keyset.issuer))")
        }
        guard key.authorises(site: table.siteId, at: table.issuedAt) else {
            throw TariffRejection(
                .keyNotAuthorised, "key \(shownKid) may not sign for site \(MessageText.quote(table.siteId)) at \(table.issuedAt.rfc3339Seconds)")
        }
        guard table.siteId == site else {
            throw TariffRejection(.wrongSite, "table is for site \(MessageText.quote(table.siteId)), this edge is site \(MessageText.quote(site))")
        }
        guard now >= table.validFrom else {
            throw TariffRejection(.notYetValid, "valid from \(table.validFrom.rfc3339Seconds), now is \(now.rfc3339Seconds)")
        }
        guard now < table.validUntil else {
            throw TariffRejection(.expired, "valid until \(table.validUntil.rfc3339Seconds), now is \(now.rfc3339Seconds)")
        }
        return table
    }

    /// Checks 3 to 5 of docs/tariff-envelope.md, in that order: `alg` (a missing one is `wrong-alg`
    /// too, so `{"alg":"none"}` without a kid is `wrong-alg`), `typ`, then a non-empty `kid` and no
    /// other member (`crit` included). Returns the kid.
    private func checkHeader(_ header: [String: JSONValue]) throws(TariffRejection) -> String {
        guard let alg = header["alg"]?.stringValue else {
            throw TariffRejection(.wrongAlgorithm, "header.alg is missing or not a string, only \(SignedTariffTable.algorithm) is accepted")
        }
        guard alg == SignedTariffTable.algorithm else {
            throw TariffRejection(.wrongAlgorithm, "header.alg is \(MessageText.quote(alg)), only \(SignedTariffTable.algorithm) is accepted")
        }
        guard let typ = header["typ"]?.stringValue else { throw TariffRejection(.wrongType, "header.typ is missing") }
        guard typ == SignedTariffTable.mediaType else {
            throw TariffRejection(.wrongType, "header.typ is \(MessageText.quote(typ)), expected \(SignedTariffTable.mediaType)")
        }
        guard let kid = header["kid"]?.stringValue, !kid.isEmpty else {
            throw TariffRejection(.malformed, "header.kid must be a non-empty string")
        }
        if let other = header.keys.sorted().first(where: { !["alg", "kid", "typ"].contains($0) }) {
            throw TariffRejection(.malformed, "header.\(MessageText.quote(other)) is not allowed (the header is exactly alg, kid, typ)")
        }
        return kid
    }

    /// Full verification: every check, then the site's high-water mark in `state`, updated
    /// atomically when the table is accepted with a higher `seq`.
    public func verify(_ bytes: [UInt8], site: String, now: Timestamp, state: HighWaterMarkStore) throws(TariffRejection) -> Accepted {
        let table = try check(bytes, site: site, now: now)
        let hash = Self.hash(bytes)
        return try state.withLock(site: site) { () throws(TariffRejection) -> Accepted in
            let mark = try state.mark(site: site)
            if let mark {
                if table.seq == mark.seq && hash == mark.hash {
                    return Accepted(table: table, redelivery: true, chainContinuous: nil, hash: hash)
                }
                guard table.seq > mark.seq else {
                    let what = table.seq == mark.seq ? "a different table with the same seq" : "a replay or rollback"
                    throw TariffRejection(.staleSequence, "seq \(table.seq) is not above the high-water mark \(mark.seq) (\(what))")
                }
            }
            try state.store(HighWaterMarkStore.Mark(seq: table.seq, hash: hash), site: site)
            return Accepted(table: table, redelivery: false, chainContinuous: mark.map { $0.hash == table.prev }, hash: hash)
        }
    }
}
