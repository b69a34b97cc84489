public import ChargeShareDomain
import Crypto
import Foundation
public import Pricing
public import TariffEdge

/// Prices a dispatched window and signs one tariff table per site (docs/tariff-envelope.md).
public struct TariffPublisher: Sendable {
    /// One signed table.
    public struct Table: Sendable {
        public let siteId: String
        /// The compact JWS, exactly as written to `<siteId>.jws`.
        public let jws: String
        /// The canonical payload bytes that were signed.
        public let payload: [UInt8]
        public let seq: Int64
        /// Base64url SHA-256 of `jws`: the next table's `prev`.
        public let hash: String
        public let prices: SitePrices
        public let tariff: OCPITariff
    }

    public var calculator: PriceCalculator
    /// Tables larger than this are refused here, so no edge ever has to reject one as oversized.
    public var maximumBytes: Int

    public init(config: PricingConfig = PricingConfig(), maximumBytes: Int = TariffVerifier.defaultMaximumBytes) {
        calculator = PriceCalculator(config: config)
        self.maximumBytes = maximumBytes
    }

    /// Signs every site's table, issued at `now`. With `history`, `seq` is the
    /// site's last `seq` + 1 and `prev` its last hash, and the history is updated (before the
    /// tables are returned, so a crash can skip a `seq` but never reuse one). Without it, `seq` is
    /// the issue time in milliseconds and `prev` is empty.
    public func publish(
        problem: DispatchProblem, flows: DispatchFlows, keys: KeyStore, now issued: Timestamp, history: HighWaterMarkStore?
    ) throws -> [Table] {
        let tables = try sign(problem: problem, flows: flows, keys: keys, now: issued, history: history)
        if let history { try Self.record(tables, in: history) }
        return tables
    }

    /// Records each table's `seq` and hash as its site's last in `history`, so the next run
    /// continues from them. Call it after the tables are staged and before they are published.
    public static func record(_ tables: [Table], in history: HighWaterMarkStore) throws {
        for table in tables {
            do {
                try history.store(HighWaterMarkStore.Mark(seq: table.seq, hash: table.hash), site: table.siteId)
            } catch {
                throw KeyStore.Failure("history: \(error.message)")
            }
        }
    }

    /// `publish` without updating `history`: every table signed, nothing written. Refuses a
    /// site id edges would reject (more than 255 bytes) and a `seq` above 2^53 − 1 before signing.
    public func sign(
        problem: DispatchProblem, flows: DispatchFlows, keys: KeyStore, now issued: Timestamp, history: HighWaterMarkStore?
    ) throws -> [Table] {
        try sign(problem: problem, flows: flows, keys: keys, now: issued) { site in try history.flatMap { try Self.lastMark($0, site: site) } }
    }

    /// `sign` with each site's last `seq` and hash given by the caller (a service that keeps its
    /// tables in a database): a site in `previous` gets `seq + 1` and `prev` = its hash, any other
    /// site the issue time in milliseconds and an empty `prev`, as without history.
    public func sign(
        problem: DispatchProblem, flows: DispatchFlows, keys: KeyStore, now issued: Timestamp, previous: [String: HighWaterMarkStore.Mark]
    ) throws -> [Table] {
        try sign(problem: problem, flows: flows, keys: keys, now: issued) { previous[$0] }
    }

    private func sign(
        problem: DispatchProblem, flows: DispatchFlows, keys: KeyStore, now issued: Timestamp,
        lastMark: (String) throws -> HighWaterMarkStore.Mark?
    ) throws -> [Table] {
        let now = issued.wholeSeconds
        let keyset = try keys.keyset()
        let allPrices = try calculator.prices(problem: problem, flows: flows)
        let signingKeys = try keys.signingKeys()
        let limitsBuilder = SiteLimitsBuilder(problem: problem, flows: flows)
        let validFrom = problem.start.rfc3339Seconds
        let validUntil = problem.end.rfc3339Seconds
        var tables: [Table] = []
        for (index, (site, prices)) in zip(problem.sites, allPrices).enumerated() {
            guard (1...255).contains(site.id.utf8.count) else {
                throw KeyStore.Failure("site id \(MessageText.quote(site.id)) is \(site.id.utf8.count) bytes; edges accept 1 to 255")
            }
            let last = try lastMark(site.id)
            let seq = last.map { $0.seq + 1 } ?? issued.millisecondsSinceEpoch
            guard seq >= 0, Double(seq) <= HighWaterMarkStore.maximumSeq else {
                throw KeyStore.Failure(
                    "site \(MessageText.quote(site.id)): seq \(seq) would exceed 2^53-1, which edges reject; nothing was signed or written")
            }
            let tariff = TariffBuilder.tariff(prices, id: Self.tariffId(site.id), lastUpdated: now)
            let limits = limitsBuilder.limits(siteAt: index)
            let payload = try CanonicalJSON.bytes(
                .object([
                    "fmt": .string(SignedTariffTable.format), "iss": .string(keyset.issuer), "site_id": .string(site.id),
                    "table_id": .string(Self.tableId(window: problem.windowId, site: site.id, seq: seq)),
                    "seq": .number(Double(seq)), "prev": .string(last?.hash ?? ""), "iat": .string(now.rfc3339Seconds),
                    "valid_from": .string(validFrom), "valid_until": .string(validUntil),
                    "tz": .string(site.timeZone), "currency": .string(problem.currency),
                    "tariff": tariff.json(money: .string),
                    "limits": .object([
                        "start": .string(validFrom),
                        "interval_minutes": .number(Double(problem.intervalMinutes)),
                        "import_kw": .array(limits.importKw.map { $0.map(JSONValue.number) ?? .null }),
                        "export_kw": .array(limits.exportKw.map { $0.map(JSONValue.number) ?? .null }),
                    ]),
                ]))
            let key = try KeyStore.signingKey(among: signingKeys, site: site.id, at: now, directory: keys.directory)
            let jws = try key.compactJWS(payload: payload, type: SignedTariffTable.mediaType)
            guard jws.utf8.count <= maximumBytes else {
                throw KeyStore.Failure(
                    "table for site \(MessageText.quote(site.id)) is \(jws.utf8.count) bytes, above the \(maximumBytes)-byte limit edges accept")
            }
            let hash = TariffVerifier.hash(Array(jws.utf8))
            tables.append(Table(siteId: site.id, jws: jws, payload: payload, seq: seq, hash: hash, prices: prices, tariff: tariff))
        }
        return tables
    }

    /// The site's mark in `history`; a state error becomes a `KeyStore.Failure` naming the history.
    private static func lastMark(_ history: HighWaterMarkStore, site: String) throws -> HighWaterMarkStore.Mark? {
        do {
            return try history.mark(site: site)
        } catch {
            throw KeyStore.Failure("history: \(error.message)")
        }
    }

    /// OCPI Tariff id (CiString(36)): the site id when it is at most 36 printable ASCII characters,
    /// else `cs-` and 32 hex digits of its SHA-256.
    public static func tariffId(_ siteId: String) -> String {
        if siteId.utf8.count <= 36, siteId.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return siteId }
        return "cs-" + SHA256.hash(data: Array(siteId.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// A unique table id: base64url of the first 16 bytes of SHA-256(window, site, seq).
    public static func tableId(window: String, site: String, seq: Int64) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array("\(window)\u{0}\(site)\u{0}\(seq)".utf8)).prefix(16)))
    }
}
