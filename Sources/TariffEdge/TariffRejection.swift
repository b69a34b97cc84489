/// Why an edge refused a signed tariff table. Each reason has its own exit code in
/// `chargeshare tariff verify`, so a gateway script can act on it without parsing text.
public struct TariffRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that failed.
    public enum Reason: String, Sendable, CaseIterable {
        /// The Ed25519 signature does not verify over the bytes received.
        case badSignature = "bad-signature"
        /// The `kid` is not in the keyset: never issued, or revoked by a keyset that omits it.
        case unknownKey = "unknown-key"
        /// The key exists but may not sign this table: outside its validity, another site, another issuer.
        case keyNotAuthorised = "key-not-authorised"
        /// The protected header's `alg` is not `Ed25519`.
        case wrongAlgorithm = "wrong-alg"
        /// The protected header's `typ` is not `tariff-table+jws`.
        case wrongType = "wrong-typ"
        /// The table is for another site.
        case wrongSite = "wrong-site"
        /// `now` is at or after `valid_until`.
        case expired
        /// `now` is before `valid_from`.
        case notYetValid = "not-yet-valid"
        /// `seq` is below the site's high-water mark, or equal to it with different bytes.
        case staleSequence = "stale-seq"
        /// The input is larger than the configured maximum.
        case oversized
        /// Not a compact JWS, or a header or payload that breaks the format.
        case malformed
        /// The high-water mark could not be read or written.
        case stateError = "state-error"

        /// The process exit code `chargeshare tariff verify` uses for this reason.
        public var exitCode: Int32 {
            switch self {
            case .badSignature: return 10
            case .unknownKey: return 11
            case .keyNotAuthorised: return 12
            case .wrongAlgorithm: return 13
            case .wrongType: return 14
            case .wrongSite: return 15
            case .expired: return 16
            case .notYetValid: return 17
            case .staleSequence: return 18
            case .oversized: return 19
            case .malformed: return 20
            case .stateError: return 21
            }
        }
    }

    public let reason: Reason
    /// What exactly was wrong, naming the field (`payload.valid_until`) or value.
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
