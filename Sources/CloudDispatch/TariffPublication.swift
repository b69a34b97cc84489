public import ChargeShareDomain

/// What happened to one site's table after a dispatch (or a re-publication).
public struct TariffPublication: Sendable, Equatable {
    public var siteId: String
    /// `chargeshare/{siteId}/tariff` (`TariffDistribution.topic(siteId:)`).
    public var topic: String
    /// The stored version (`TariffStore`), when the table was stored.
    public var version: Int?
    /// The table's `seq` (strictly increasing per site), when signed.
    public var seq: Int64?
    /// Base64url SHA-256 of the compact JWS: a strong ETag, and the next table's `prev`.
    public var etag: String?
    /// True once the broker acknowledged the retained message.
    public var published: Bool
    /// Why the table was not signed, stored or published; `nil` when all went well.
    public var error: String?

    public init(siteId: String, topic: String, version: Int?, seq: Int64?, etag: String?, published: Bool, error: String?) {
        self.siteId = siteId
        self.topic = topic
        self.version = version
        self.seq = seq
        self.etag = etag
        self.published = published
        self.error = error
    }

    /// `{"siteId", "topic", "version", "seq", "etag", "published", "error"}` (absent values null).
    public var json: JSONValue {
        .object([
            ("siteId", .string(siteId)), ("topic", .string(topic)), ("version", version.map { .integer($0) } ?? .null),
            ("seq", seq.map { .integer(Int($0)) } ?? .null), ("etag", etag.map(JSONValue.string) ?? .null), ("published", .bool(published)),
            ("error", error.map(JSONValue.string) ?? .null),
        ])
    }
}

/// The latest signed table of a site, as `GET /v1/sites/{id}/tariff` serves it.
public struct LatestTariff: Sendable, Equatable {
    public var siteId: String
    public var version: Int
    /// The compact JWS, exactly as signed and published (`application/jose`).
    public var jws: String
    /// Base64url SHA-256 of `jws`: a strong ETag (quote it in the header).
    public var etag: String
    public var validFrom: Timestamp
    public var validUntil: Timestamp?
}
