public import ChargeShareDomain
import Foundation

/// Deterministic synthetic depot problems: many EVs behind one connection on one feeder (issue 15,
/// docs/synthetic-problems.md).
///
/// One feeder `F0` with one site `DEPOT`: `sessions / 2` chargers, each used twice in the window
/// (from 16:00 UTC, 96 × 15 min): an overnight stay (arrival 16:00–20:00, departure 05:00–08:00
/// the next morning) and a midday one (arrival 10:00–12:00, departure 13:00–15:00). The depot's
/// own load peaks in the working day; the feeder limit is set to bind in the evening. Optional: a
/// share of bidirectional chargers whose sessions allow V2G, a demand charge on the depot's peak,
/// and negative prices at midday (a solar surplus), which make the engine's MIP re-solve necessary.
public struct DepotGenerator: Sendable {
    /// Sessions in the window (two per charger; an odd count leaves the last charger one).
    public var sessions: Int
    /// Share of chargers that are bidirectional (their sessions allow V2G).
    public var bidirectionalShare: Double
    /// Demand charge on the depot's highest import, per kW.
    public var demandChargePerKw: Double
    /// Import prices of about −0.7 per kWh from 11:00 to 15:00 UTC, a deep solar surplus, low enough that charging and
    /// discharging one car at once pays despite losses and wear (exporting then costs 1.25 × as much: export never
    /// pays more than import).
    public var negativeMiddayPrices: Bool
    public var seed: UInt64
    public var start: Timestamp

    public init(
        sessions: Int, bidirectionalShare: Double = 1.0 / 3, demandChargePerKw: Double = 0.5, negativeMiddayPrices: Bool = false,
        seed: UInt64 = 1, start: Timestamp = Timestamp(rfc3339: "2026-03-02T16:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)
    ) {
        self.sessions = sessions
        self.bidirectionalShare = bidirectionalShare
        self.demandChargePerKw = demandChargePerKw
        self.negativeMiddayPrices = negativeMiddayPrices
        self.seed = seed
        self.start = start
    }

    /// The most sessions a depot problem may have.
    public static let maximumSessions = 100_000
    static let intervals = 96
    static let intervalMinutes = 15

    /// What is wrong with these settings, or nil when `generate()` may run.
    public var problemWithSettings: String? {
        if !(2...Self.maximumSessions).contains(sessions) { return "depot sessions must be from 2 to \(Self.maximumSessions), got \(sessions)" }
        if !(0...1).contains(bidirectionalShare) { return "bidirectional share must be from 0 to 1, got \(bidirectionalShare)" }
        if !(0...1000).contains(demandChargePerKw) { return "demand charge must be from 0 to 1000 per kW, got \(demandChargePerKw)" }
        return nil
    }

    /// The problem for these settings, which must pass `problemWithSettings`.
    public func generate() -> DispatchProblem {
        var rng = SeededGenerator(seed: seed)
        let hours = (0..<Self.intervals).map { t in
            (start.secondsSinceEpoch / 3600 + Double(t * Self.intervalMinutes) / 60).truncatingRemainder(dividingBy: 24)
        }
        let importPrice = hours.map { h -> Double in
            let price = ProblemGenerator.priceShape(h) + rng.uniform(-0.01, 0.01)
            return ProblemGenerator.round(negativeMiddayPrices && (11..<15).contains(h) ? -0.5 - price : price, 5)
        }
        let chargers = (sessions + 1) / 2
        let flags = (0..<chargers).map { _ in (rng.chance(bidirectionalShare), rng.pick([11.0, 22.0])) }
        let capacity = flags.reduce(0) { $0 + $1.1 }
        // Workshop and lighting: 40 kW by night, 40 + 0.4 kW per charger in the working day.
        let base = hours.map { h in ProblemGenerator.round(40 + ((7..<18).contains(h) ? 0.4 * Double(chargers) : 0) + rng.uniform(-2, 2), 3) }
        var problem = DispatchProblem(
            windowId: "synthetic-depot-n\(sessions)-v\(Int((bidirectionalShare * 100).rounded()))-d\(demandChargePerKw)"
                + (negativeMiddayPrices ? "-negative" : "") + "-seed\(seed)",
            start: start, intervalMinutes: Self.intervalMinutes, intervals: Self.intervals, currency: "EUR",
            prices: Prices(
                importPerKwh: .values(importPrice),
                exportPerKwh: .values(importPrice.map { ProblemGenerator.round($0 >= 0 ? 0.8 * $0 : 1.25 * $0, 5) })),
            degradationCostPerKwh: 0.03, feeders: [], sites: [], chargers: [], sessions: []
        )
        // The feeder binds in the evening: the base plus a quarter of the chargers at full power.
        // With negative prices the surplus hours have room for every charger at full power (the solar backfeed frees the feeder).
        let limit = ProblemGenerator.round(40 + 0.25 * capacity, 1)
        let surplus = ProblemGenerator.round(45 + 0.4 * Double(chargers) + capacity, 1)
        let feederLimit = hours.map { negativeMiddayPrices && (11..<15).contains($0) ? surplus : limit }
        problem.feeders.append(
            Feeder(id: "F0", importLimitKw: .values(feederLimit), exportLimitKw: .constant(ProblemGenerator.round(0.5 * limit, 1))))
        problem.sites.append(
            Site(
                id: "DEPOT", feederId: "F0", importLimitKw: .constant(ProblemGenerator.round(negativeMiddayPrices ? surplus : 1.2 * limit, 1)),
                exportLimitKw: .constant(ProblemGenerator.round(0.5 * limit, 1)), baseLoadKw: .values(base),
                demandChargePerKw: demandChargePerKw, timeZone: "Europe/Amsterdam"))
        let day = start.millisecondsSinceEpoch - Int64(start.secondsSinceEpoch.truncatingRemainder(dividingBy: 86_400) * 1000)
        func at(_ hour: Double) -> Timestamp { Timestamp(millisecondsSinceEpoch: (day + Int64(hour * 3_600_000)) / 60_000 * 60_000) }
        for (c, (bidirectional, kw)) in flags.enumerated() {
            let id = "DEPOT-C\(c)"
            problem.chargers.append(
                Charger(
                    id: id, siteId: "DEPOT", maxChargeKw: kw, maxDischargeKw: bidirectional ? kw : 0, chargeEfficiency: 0.93,
                    dischargeEfficiency: 0.93))
            let stays = [(rng.uniform(16, 20), rng.uniform(29, 32)), (rng.uniform(34, 36), rng.uniform(37, 39))]
            for (i, stay) in stays.enumerated() where 2 * c + i < sessions {
                let battery = rng.pick([50.0, 75.0, 90.0])
                // With negative prices the midday cars come back nearly full: they fill up within the surplus.
                let initial = ProblemGenerator.round(battery * (i == 1 && negativeMiddayPrices ? rng.uniform(0.6, 0.85) : rng.uniform(0.15, 0.5)), 3)
                let target = ProblemGenerator.round(min(battery, initial + (i == 0 ? rng.uniform(20, 50) : rng.uniform(5, 20))), 3)
                problem.sessions.append(
                    Session(
                        id: "\(id)-S\(i)", chargerId: id, transactionId: "tx-\(id)-\(i)", arrival: at(stay.0), departure: at(stay.1),
                        batteryKwh: battery, initialKwh: initial, targetKwh: target, minKwh: ProblemGenerator.round(0.2 * battery, 3),
                        v2g: bidirectional))
            }
        }
        return problem
    }
}
