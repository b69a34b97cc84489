public import ChargeShareDomain
import Foundation

/// Deterministic synthetic dispatch problems for tests and benchmarks.
///
/// The same settings always give the same problem, on every machine. Each feeder has
/// `sitesPerFeeder` homes with one charger each; `sessionsPerFeeder` sessions are spread over the
/// chargers back to back, so no two overlap. Loads, PV, prices and EVs are plausible for a rural
/// feeder (docs/synthetic-problems.md), and the feeder limit is set so that it binds in the evening.
public struct ProblemGenerator: Sendable {
    public var feeders: Int
    public var sitesPerFeeder: Int
    public var sessionsPerFeeder: Int
    public var intervals: Int
    public var intervalMinutes: Int
    public var seed: UInt64
    public var start: Timestamp
    /// Share of chargers that are bidirectional.
    public var bidirectionalShare: Double
    /// Share of sites with rooftop PV.
    public var pvShare: Double
    /// Where the feeder is: the sun's path there shapes the PV (default: rural Utrecht, NL).
    public var location: ClearSky

    public init(
        feeders: Int, sitesPerFeeder: Int, sessionsPerFeeder: Int, intervals: Int = 96, intervalMinutes: Int = 15,
        seed: UInt64 = 1, start: Timestamp = Timestamp(rfc3339: "2026-03-02T16:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0),
        bidirectionalShare: Double = 0.3, pvShare: Double = 0.3,
        location: ClearSky = ClearSky(latitude: 52.1, longitude: 5.1)
    ) {
        self.location = location
        self.feeders = feeders
        self.sitesPerFeeder = sitesPerFeeder
        self.sessionsPerFeeder = sessionsPerFeeder
        self.intervals = intervals
        self.intervalMinutes = intervalMinutes
        self.seed = seed
        self.start = start
        self.bidirectionalShare = bidirectionalShare
        self.pvShare = pvShare
    }

    /// Largest feeders, sites per feeder, and sessions per feeder; sites and sessions in all; and
    /// site series values (sites × intervals) a generated problem may have. Beyond them a problem
    /// would take gigabytes to build and no LP solver could use it.
    public static let limits = (
        feeders: 10_000, sitesPerFeeder: 10_000, sessionsPerFeeder: 100_000,
        sites: 100_000, sessions: 200_000, siteValues: 20_000_000
    )
    /// Shortest slot one session gets on its charger, minutes.
    public static let minimumSlotMinutes = 30

    /// What is wrong with these settings, or nil when `generate()` may run: every count within
    /// `limits`, the interval settings those of the contract, and a slot of at least
    /// `minimumSlotMinutes` per session.
    public var problemWithSettings: String? {
        let l = Self.limits
        if !(1...l.feeders).contains(feeders) { return "feeders must be from 1 to \(l.feeders), got \(feeders)" }
        if !(1...l.sitesPerFeeder).contains(sitesPerFeeder) {
            return "sites per feeder must be from 1 to \(l.sitesPerFeeder), got \(sitesPerFeeder)"
        }
        if !(0...l.sessionsPerFeeder).contains(sessionsPerFeeder) {
            return "sessions per feeder must be from 0 to \(l.sessionsPerFeeder), got \(sessionsPerFeeder)"
        }
        if !(1...DispatchProblem.maximumIntervals).contains(intervals) {
            return "intervals must be from 1 to \(DispatchProblem.maximumIntervals), got \(intervals)"
        }
        if !DispatchProblem.allowedIntervalMinutes.contains(intervalMinutes) {
            return "interval minutes must be one of 1, 5, 10, 15, 20, 30, 60, got \(intervalMinutes)"
        }
        let sites = feeders * sitesPerFeeder
        if sites > l.sites { return "\(sites) sites in all (feeders × sites per feeder) is more than \(l.sites)" }
        if feeders * sessionsPerFeeder > l.sessions {
            return "\(feeders * sessionsPerFeeder) sessions in all is more than \(l.sessions)"
        }
        if sites * intervals > l.siteValues {
            return "\(sites) sites × \(intervals) intervals is more than \(l.siteValues) values per series"
        }
        let spanMinutes = intervals * intervalMinutes + 8 * 60
        let perCharger = (sessionsPerFeeder + sitesPerFeeder - 1) / sitesPerFeeder
        if perCharger > 0, spanMinutes / perCharger < Self.minimumSlotMinutes {
            return "\(perCharger) sessions per charger leave less than \(Self.minimumSlotMinutes) minutes each: use more sites per feeder"
        }
        return nil
    }

    /// The problem for these settings, which must pass `problemWithSettings`.
    public func generate() -> DispatchProblem {
        var rng = SeededGenerator(seed: seed)
        let hoursOfDay = (0..<intervals).map { t in
            (start.secondsSinceEpoch / 3600 + Double(t * intervalMinutes) / 60).truncatingRemainder(dividingBy: 24)
        }
        let importPrice = hoursOfDay.map { h in Self.round(Self.priceShape(h) + rng.uniform(-0.01, 0.01), 5) }
        let exportPrice = importPrice.map { Self.round(0.8 * $0, 5) }
        var problem = DispatchProblem(
            windowId: "synthetic-f\(feeders)-s\(sitesPerFeeder)-n\(sessionsPerFeeder)-t\(intervals)-seed\(seed)",
            start: start, intervalMinutes: intervalMinutes, intervals: intervals, currency: "EUR",
            prices: Prices(importPerKwh: .values(importPrice), exportPerKwh: .values(exportPrice)),
            degradationCostPerKwh: 0.03, feeders: [], sites: [], chargers: [], sessions: []
        )
        let pvPerKwp = (0..<intervals).map { t in
            location.pvKw(peakKw: 1, from: start.adding(milliseconds: Int64(t * intervalMinutes) * 60_000), minutes: intervalMinutes)
        }
        for f in 0..<feeders { addFeeder(f, hoursOfDay, pvPerKwp, &problem, &rng) }
        return problem
    }

    private func addFeeder(_ f: Int, _ hoursOfDay: [Double], _ pvPerKwp: [Double], _ problem: inout DispatchProblem, _ rng: inout SeededGenerator) {
        let feederId = "F\(f)"
        var meanBase = 0.0
        var chargerCapacity = 0.0
        var chargerIds: [String] = []
        var bidirectionalChargers: [Bool] = []
        for k in 0..<sitesPerFeeder {
            let siteId = "\(feederId)-H\(k)"
            let scale = rng.uniform(0.6, 1.4)
            let base = hoursOfDay.map { h in Self.round(max(0.05, scale * Self.loadShape(h) + rng.uniform(-0.1, 0.1)), 3) }
            meanBase += base.reduce(0, +) / Double(max(1, base.count))
            let hasPV = rng.chance(pvShare)
            let pvPeak = rng.uniform(3, 8)
            let pv: Series = hasPV ? .values(pvPerKwp.map { Self.round(pvPeak * $0, 3) }) : .constant(0)
            let bidirectional = rng.chance(bidirectionalShare)
            let maxCharge = bidirectional ? 7.4 : rng.pick([3.7, 7.4, 11.0])
            problem.sites.append(
                Site(
                    id: siteId, feederId: feederId, importLimitKw: .constant(rng.pick([11.0, 17.0, 24.0])),
                    exportLimitKw: .constant(hasPV || bidirectional ? 7.4 : 0), baseLoadKw: .values(base), pvKw: pv,
                    timeZone: "Europe/Amsterdam"
                ))
            let chargerId = "\(siteId)-C"
            problem.chargers.append(
                Charger(
                    id: chargerId, siteId: siteId, maxChargeKw: maxCharge, maxDischargeKw: bidirectional ? 7.4 : 0,
                    chargeEfficiency: 0.93, dischargeEfficiency: 0.93
                ))
            chargerCapacity += maxCharge
            chargerIds.append(chargerId)
            bidirectionalChargers.append(bidirectional)
        }
        let limit = Self.round(meanBase + 0.35 * chargerCapacity, 1)
        problem.feeders.append(Feeder(id: feederId, importLimitKw: .constant(limit), exportLimitKw: .constant(Self.round(0.5 * limit, 1))))
        addSessions(feederId, chargerIds, bidirectionalChargers, &problem, &rng)
    }

    /// Sessions spread back to back over each charger's slots, from 2 h before the window to 6 h after.
    private func addSessions(
        _ feederId: String, _ chargerIds: [String], _ bidirectionalChargers: [Bool], _ problem: inout DispatchProblem,
        _ rng: inout SeededGenerator
    ) {
        guard !chargerIds.isEmpty else { return }
        let spanStart = start.millisecondsSinceEpoch - 2 * 3_600_000
        let spanLength = Int64(intervals * intervalMinutes) * 60_000 + 8 * 3_600_000
        for (c, chargerId) in chargerIds.enumerated() {
            let count = sessionsPerFeeder / chargerIds.count + (c < sessionsPerFeeder % chargerIds.count ? 1 : 0)
            guard count > 0 else { continue }
            let slot = spanLength / Int64(count)
            let bidirectional = bidirectionalChargers[c]
            for i in 0..<count {
                let slotStart = spanStart + Int64(i) * slot
                let arrival = slotStart + Int64(rng.uniform(0, 0.3) * Double(slot))
                let stay = Int64(rng.uniform(0.4, 0.65) * Double(slot))
                let battery = Self.round(rng.pick([40.0, 58.0, 64.8, 77.0, 100.0]), 1)
                let initial = Self.round(battery * rng.uniform(0.1, 0.5), 3)
                let target = Self.round(min(battery, initial + rng.uniform(8, 40)), 3)
                problem.sessions.append(
                    Session(
                        id: "\(chargerId)-S\(i)", chargerId: chargerId, transactionId: "tx-\(chargerId)-\(i)",
                        arrival: Timestamp(millisecondsSinceEpoch: arrival / 60_000 * 60_000),
                        departure: Timestamp(millisecondsSinceEpoch: (arrival + stay) / 60_000 * 60_000),
                        batteryKwh: battery, initialKwh: initial, targetKwh: target, minKwh: Self.round(0.2 * battery, 3),
                        v2g: bidirectional && rng.chance(0.7)
                    ))
            }
        }
    }

    /// Retail price per kWh by hour of day: cheap at night and midday, dear in the evening.
    static func priceShape(_ hour: Double) -> Double {
        0.22 + 0.05 * cos(2 * Double.pi * (hour - 19) / 24) + (17...21 ~= hour ? 0.08 : 0) - (1...5 ~= hour ? 0.04 : 0)
    }

    /// Household load in kW by hour of day: night base, morning bump, evening peak.
    static func loadShape(_ hour: Double) -> Double {
        0.35 + 0.5 * exp(-pow((hour - 7.5) / 1.5, 2)) + 1.1 * exp(-pow((hour - 19) / 2.2, 2))
    }

    static func round(_ x: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (x * scale).rounded() / scale
    }
}
