import ChargeShareDomain
import Foundation
import Pricing
import TariffEdge
import TariffPublishing

/// A small two-feeder problem with hand-written flows, so limits and prices can be checked by hand.
enum PublishingFixture {
    static let start = Timestamp(rfc3339: "2026-03-28T23:00:00Z")!

    /// Feeder f1 (import 20 kW, export 5 kW) with sites a and b; feeder f2 (no import limit) with site c.
    /// Hourly intervals over 24 hours, across the spring DST change in Amsterdam.
    static func problem(intervals: Int = 24) -> DispatchProblem {
        let end = start.adding(milliseconds: Int64(intervals) * 3_600_000)
        return DispatchProblem(
            windowId: "w-1", start: start, intervalMinutes: 60, intervals: intervals,
            prices: Prices(importPerKwh: .values((0..<intervals).map { 0.10 + 0.01 * Double($0 % 6) }), exportPerKwh: .constant(0.05)),
            degradationCostPerKwh: 0.02,
            feeders: [Feeder(id: "f1", importLimitKw: .constant(20), exportLimitKw: .constant(5)), Feeder(id: "f2")],
            sites: [
                Site(id: "a", feederId: "f1", importLimitKw: .constant(12), exportLimitKw: .constant(4), timeZone: "Europe/Amsterdam"),
                Site(id: "b", feederId: "f1", timeZone: "Europe/Amsterdam"),
                Site(id: "c", feederId: "f2", timeZone: "America/Chicago"),
            ],
            chargers: [
                Charger(id: "ca", siteId: "a", maxChargeKw: 11, maxDischargeKw: 11), Charger(id: "cb", siteId: "b", maxChargeKw: 11),
                Charger(id: "cc", siteId: "c", maxChargeKw: 7),
            ],
            sessions: [Session(id: "s1", chargerId: "ca", arrival: start, departure: end, batteryKwh: 60, initialKwh: 30, targetKwh: 40, v2g: true)]
        )
    }

    /// Flows: site b imports 9 kW in every interval and exports 2 kW in interval 1; the feeder is
    /// congested (0.05/kWh) in intervals 2 and 3.
    static func flows(_ p: DispatchProblem) -> DispatchFlows {
        let T = p.intervals
        let zero = Array(repeating: 0.0, count: T)
        var bImport = Array(repeating: 9.0, count: T)
        var bExport = zero
        bImport[1] = 0
        bExport[1] = 2
        var congestion = zero
        congestion[2] = 0.05
        congestion[3] = 0.05
        return DispatchFlows(
            windowId: p.windowId, start: p.start, intervalMinutes: p.intervalMinutes, intervals: T, currency: p.currency, status: .optimal,
            sites: ["a", "b", "c"].map { id in
                DispatchResult.SiteFlows(
                    id: id, importKw: id == "b" ? bImport : zero, exportKw: id == "b" ? bExport : zero, curtailedPvKw: zero, peakKw: 0,
                    limitViolationKw: zero)
            },
            feeders: [
                DispatchResult.FeederFlows(id: "f1", netImportKw: zero, limitViolationKw: zero, congestionPricePerKwh: congestion),
                DispatchResult.FeederFlows(id: "f2", netImportKw: zero, limitViolationKw: zero, congestionPricePerKwh: zero),
            ],
            sessions: [DispatchResult.SessionSchedule(id: "s1", chargerId: "ca", chargeKw: zero, dischargeKw: zero, finalKwh: 30, unmetKwh: 10)]
        )
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "chargeshare-publish-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A key store with one key valid from a day before the window for every site.
    static func keys() throws -> KeyStore {
        let store = KeyStore(directory: temporaryDirectory() + "/keys")
        try store.generate(issuer: "chargeshare", sites: ["*"], validFrom: start.wholeSeconds - 86_400, validUntil: nil)
        return store
    }
}
func dec(_ text: String) -> Decimal { Money.parse(text) ?? .nan }
