public import ChargeShareDomain
import Foundation
public import Pricing
import Store
import TariffEdge
public import TariffPublishing

/// Signs, stores and publishes each site's tariff table after a dispatch (docs/cloud-dispatch.md,
/// "Tariffs to edge nodes").
///
/// Per site: the table is priced and signed exactly as `chargeshare tariff publish` does
/// (`TariffPublisher`, keys from a `KeyStore` directory), chained to the site's latest stored
/// table (`seq` + 1, `prev` = its hash; the first one starts at the issue time in ms), stored as
/// the next version (`TariffStore.insertTariff`), then published retained with QoS 1 on
/// `chargeshare/{siteId}/tariff`, so a gateway that reconnects gets the latest table at once.
/// A failure is reported per site in `TariffPublication.error`, never thrown: the dispatch it
/// follows is already recorded. The store is the truth; `republishLatest` repairs the broker.
public final class TariffDistribution: Sendable {
    public let keys: KeyStore
    let store: any CloudStore
    let publisher: (any TariffMessagePublisher)?
    let clock: any WallClock
    let signer: TariffPublisher
    /// One publication at a time: versions and `seq` are read, then written; retained messages
    /// must reach the broker in version order.
    private let lock = NSLock()

    /// - Parameters:
    ///   - keys: the key store directory (`chargeshare keys generate`): `keyset.json` and
    ///     `private/<kid>.jwk`, read at every publication so a rotation takes effect at once.
    ///   - publisher: where tables go to edges; `nil` stores them only.
    ///   - pricing: the pricing terms per site and host (docs/pricing.md).
    public init(
        store: any CloudStore, keys: KeyStore, publisher: (any TariffMessagePublisher)?, clock: any WallClock,
        pricing: PricingConfig = PricingConfig()
    ) {
        self.store = store
        self.keys = keys
        self.publisher = publisher
        self.clock = clock
        signer = TariffPublisher(config: pricing)
    }

    /// `chargeshare/{siteId}/tariff`, the site id written as in file names (`HighWaterMarkStore
    /// .fileStem`: letters, digits, `-` and `_` as they are, any other byte `%XX`), so an id with
    /// `/`, `+` or `#` stays one topic level.
    public static func topic(siteId: String) -> String { "chargeshare/\(HighWaterMarkStore.fileStem(siteId))/tariff" }

    /// Signs, stores and publishes the table of every site of a dispatched window.
    public func publish(problem: DispatchProblem, flows: DispatchFlows) -> [TariffPublication] {
        lock.lock()
        defer { lock.unlock() }
        return publishLocked(problem: problem, flows: flows, sites: Self.realSites(problem))
    }

    /// Publishes the window's table of each site that has none stored yet (a crash after the
    /// result was recorded): what a replay calls. Sites that have it are left alone.
    public func ensurePublished(problem: DispatchProblem, flows: DispatchFlows) -> [TariffPublication] {
        lock.lock()
        defer { lock.unlock() }
        let missing = Self.realSites(problem).filter { !hasTable(window: problem.windowId, siteId: $0, from: problem.start, to: problem.end) }
        return missing.isEmpty ? [] : publishLocked(problem: problem, flows: flows, sites: missing)
    }

    /// Sends each site's latest stored table again (retained): after the broker lost its state or
    /// a publication failed. Sites with no stored table are left out.
    public func republishLatest(siteIds: [String]) -> [TariffPublication] {
        lock.lock()
        defer { lock.unlock() }
        var out: [TariffPublication] = []
        for site in siteIds {
            var report = TariffPublication(
                siteId: site, topic: Self.topic(siteId: site), version: nil, seq: nil, etag: nil, published: false, error: nil)
            do {
                guard let stored = try store.latestTariff(siteId: site) else { continue }
                report.version = stored.version
                report.etag = TariffVerifier.hash(Array(stored.envelope.utf8))
                report.seq = try? Self.table(stored.envelope).seq
                try send(stored.envelope, topic: report.topic)
                report.published = publisher != nil
            } catch {
                report.error = "\(error)"
            }
            out.append(report)
        }
        return out
    }

    /// The latest stored table of `siteId` (highest version), for `GET /v1/sites/{id}/tariff`.
    public func latest(siteId: String) throws(CloudDispatchError) -> LatestTariff? {
        let stored: StoredTariff?
        do { stored = try store.latestTariff(siteId: siteId) } catch { throw .storeFailed(message: "\(error)") }
        return stored.map(Self.latest)
    }

    /// The stored table of `siteId` in force at `time` (the highest version valid then), for a
    /// client that wants the current table rather than the latest, which may be for a window that
    /// has not started.
    public func current(siteId: String, at time: Timestamp) throws(CloudDispatchError) -> LatestTariff? {
        let stored: StoredTariff?
        do { stored = try store.currentTariff(siteId: siteId, at: time) } catch { throw .storeFailed(message: "\(error)") }
        return stored.map(Self.latest)
    }

    static func latest(_ t: StoredTariff) -> LatestTariff {
        LatestTariff(
            siteId: t.siteId, version: t.version, jws: t.envelope, etag: TariffVerifier.hash(Array(t.envelope.utf8)), validFrom: t.validFrom,
            validUntil: t.validUntil)
    }

    /// The problem's site ids without the virtual sites of expected sessions (`expected:…`).
    static func realSites(_ problem: DispatchProblem) -> [String] {
        problem.sites.map(\.id).filter { !ExpectedSession.isExpected($0) }
    }

    private func publishLocked(problem: DispatchProblem, flows: DispatchFlows, sites: [String]) -> [TariffPublication] {
        let now = clock.now
        var reports = sites.map {
            TariffPublication(siteId: $0, topic: Self.topic(siteId: $0), version: nil, seq: nil, etag: nil, published: false, error: nil)
        }
        var previous: [String: HighWaterMarkStore.Mark] = [:]
        var versions: [String: Int] = [:]
        let tables: [TariffPublisher.Table]
        do {
            for site in sites {
                guard let stored = try store.latestTariff(siteId: site) else { continue }
                versions[site] = stored.version
                previous[site] = HighWaterMarkStore.Mark(
                    seq: try Self.table(stored.envelope).seq, hash: TariffVerifier.hash(Array(stored.envelope.utf8)))
            }
            tables = try signer.sign(problem: problem, flows: flows, keys: keys, now: now, previous: previous)
        } catch {
            return reports.map {
                var r = $0; r.error = "not signed: \(error)"; return r
            }
        }
        let byId = Dictionary(tables.map { ($0.siteId, $0) }, uniquingKeysWith: { a, _ in a })
        var brokerFailure: String?  // after one failure the others are stored only: no wait per site
        for i in reports.indices {
            guard let table = byId[reports[i].siteId] else {
                reports[i].error = "not signed: the site is not in the problem"
                continue
            }
            reports[i].seq = table.seq
            reports[i].etag = table.hash
            let version = (versions[table.siteId] ?? 0) + 1
            do {
                _ = try store.insertTariff(
                    StoredTariff(
                        siteId: table.siteId, version: version, validFrom: problem.start, validUntil: problem.end, envelope: table.jws, created: now))
                reports[i].version = version
                if let brokerFailure {
                    reports[i].error = "stored, not published: \(brokerFailure) (for an earlier site of this window)"
                    continue
                }
                do { try send(table.jws, topic: reports[i].topic) } catch {
                    brokerFailure = "\(error)"
                    throw error
                }
                reports[i].published = publisher != nil
            } catch {
                reports[i].error = reports[i].version == nil ? "not stored: \(error)" : "stored, not published: \(error)"
            }
        }
        return reports
    }

    private func send(_ jws: String, topic: String) throws {
        try publisher?.publishRetained(topic: topic, payload: Array(jws.utf8))
    }

    /// True when a stored table of `siteId` valid over the window was signed for `window`.
    private func hasTable(window: String, siteId: String, from: Timestamp, to: Timestamp) -> Bool {
        guard let stored = try? store.tariffs(siteId: siteId, from: from, to: to) else { return false }
        return stored.contains { t in
            guard let table = try? Self.table(t.envelope) else { return false }
            return table.tableId == TariffPublisher.tableId(window: window, site: siteId, seq: table.seq)
        }
    }

    /// The payload of a stored envelope (already verified when it was signed here).
    static func table(_ envelope: String) throws -> SignedTariffTable {
        try SignedTariffTable.read(payload: CompactJWS.parse(Array(envelope.utf8)).payload)
    }
}
