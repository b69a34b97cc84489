public import StrictJSON

/// The payload of a signed tariff table, checked field by field.
///
/// Field names and meaning are in docs/tariff-envelope.md. Money is carried as decimal strings;
/// `tariff` is an OCPI 2.2.1 Tariff object.
public struct SignedTariffTable: Sendable, Equatable {
    /// Payload format marker.
    public static let format = "chargeshare.tariff-table/1"
    /// The protected header's `typ`.
    public static let mediaType = "tariff-table+jws"
    /// The only accepted `alg` (RFC 9864's fully specified Ed25519).
    public static let algorithm = "Ed25519"

    public var issuer: String
    public var siteId: String
    public var tableId: String
    /// Strictly increasing per site.
    public var seq: Int64
    /// Base64url SHA-256 of the previous table's compact JWS, or empty.
    public var prev: String
    /// Issue time (whole seconds on the wire).
    public var issuedAt: Timestamp
    public var validFrom: Timestamp
    public var validUntil: Timestamp
    /// IANA time zone in which the tariff's times of day are read.
    public var timeZone: String
    public var currency: String
    /// The OCPI Tariff object as signed.
    public var tariff: JSONValue
    /// The tariff's elements, parsed for evaluation at the edge.
    public var elements: [TariffRule]
    /// The window's import/export limits for this site.
    public var limits: SiteLimits

    /// Import and export limits per interval; `nil` means no limit.
    public struct SiteLimits: Sendable, Equatable {
        public var start: Timestamp
        public var intervalMinutes: Int
        public var importKw: [Double?]
        public var exportKw: [Double?]

        /// The limits in force at `time`, or `nil` outside the window.
        public func limits(at time: Timestamp) -> (importKw: Double?, exportKw: Double?)? {
            guard time >= start else { return nil }
            let index = Int((time.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / Int64(intervalMinutes * 60_000))
            guard index < importKw.count else { return nil }
            return (importKw[index], exportKw[index])
        }
    }
}
