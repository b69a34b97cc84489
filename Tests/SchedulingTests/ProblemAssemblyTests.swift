import ChargeShareDomain
import DispatchOptimizer
@testable import Scheduling
import Testing

/// The assembly core, its backtest caller and its live caller, on hand-computed problems.
@Suite("Problem assembly")
struct ProblemAssemblyTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }
    static let start = at("2026-06-01T10:00:00Z")

    /// Feeders F (20 kW import, 5 kW export) and G; site S1 on F with chargers A (η 0.9) and B, site S2 on G with charger C.
    static let registry = Registry(
        feeders: [Feeder(id: "F", importLimitKw: .constant(20), exportLimitKw: .constant(5)), Feeder(id: "G", importLimitKw: nil)],
        sites: [Site(id: "S1", feederId: "F", importLimitKw: .constant(11)), Site(id: "S2", feederId: "G")],
        chargers: [
            RegisteredCharger(charger: Charger(id: "A", siteId: "S1", evseId: 1, maxChargeKw: 11, chargeEfficiency: 0.9), stationId: "CS1"),
            RegisteredCharger(charger: Charger(id: "B", siteId: "S1", evseId: 2, maxChargeKw: 7.4, chargeEfficiency: 1), stationId: "CS1"),
            RegisteredCharger(charger: Charger(id: "C", siteId: "S2", evseId: 1, maxChargeKw: 7.4), stationId: "CS2"),
        ])

    static func terms(intervals: Int = 4) -> ProblemAssembly.WindowTerms {
        ProblemAssembly.WindowTerms(
            windowId: "w", start: start, intervalMinutes: 15, intervals: intervals, prices: Prices(importPerKwh: .values([0.3, 0.1, 0.2, 0.1])))
    }

    @Test("The core keeps the requested feeders' sites and chargers, and applies the utility limits per interval (equal priority: the strictest)")
    func coreSelectsAndLimits() {
        let limits = [
            GridLimit(feederId: "F", start: Self.at("2026-06-01T10:20:00Z"), end: Self.at("2026-06-01T10:40:00Z"), importLimitKw: 12, source: "a"),
            GridLimit(feederId: "F", start: Self.at("2026-06-01T10:30:00Z"), end: Self.at("2026-06-01T10:45:00Z"), importLimitKw: 8, source: "b"),
            GridLimit(
                feederId: "F", start: Self.at("2026-06-01T10:00:00Z"), end: Self.at("2026-06-01T10:15:00Z"), importLimitKw: nil, exportLimitKw: 2,
                source: "c"),
            GridLimit(feederId: "G", start: Self.start, end: Self.at("2026-06-01T11:00:00Z"), importLimitKw: 1, source: "d"),
        ]
        let onC = Session(
            id: "c", chargerId: "C", arrival: Self.start, departure: Self.at("2026-06-01T11:00:00Z"), batteryKwh: 1, initialKwh: 0, targetKwh: 1)
        var onA = onC
        onA.id = "a"
        onA.chargerId = "A"
        let p = ProblemAssembly.problem(Self.terms(), registry: Self.registry, feederIds: ["F"], limits: limits, sessions: [onC, onA])
        #expect(p.feeders.map(\.id) == ["F"])
        // 10:00–10:15 untouched (20), 10:15–10:30 by a (12), 10:30–10:45 by a and b, both without priority (8 wins), 10:45–11:00 untouched.
        #expect(p.feeders.first?.importLimitKw == .values([20, 12, 8, 20]))
        #expect(p.feeders.first?.exportLimitKw == .values([2, 5, 5, 5]))
        #expect(p.sites.map(\.id) == ["S1"])
        #expect(p.chargers.map(\.id) == ["A", "B"])
        #expect(p.sessions.map(\.id) == ["a"])
        #expect(p.prices == Self.terms().prices)

        let all = ProblemAssembly.problem(Self.terms(), registry: Self.registry, sessions: [onC, onA])
        #expect(all.feeders.map(\.importLimitKw) == [.constant(20), nil], "without limits the registry's series stay as they are")
        #expect(all.sessions.map(\.id) == ["c", "a"])
    }

    @Test("The core resolves overlapping limits by priority through GridLimit.effective, the function the service shows")
    func corePriorities() {
        let limits = [
            // Priority 0 at 15 kW all window; priority 5 at 6 kW from 10:15 to 10:30 is outranked; 25 kW at priority 0
            // from 10:45 ties with 15 and loses (the lower value wins). The feeder's 20 kW caps nothing here.
            GridLimit(feederId: "F", start: Self.start, end: Self.at("2026-06-01T11:00:00Z"), importLimitKw: 15, priority: 0, source: "a"),
            GridLimit(
                feederId: "F", start: Self.at("2026-06-01T10:15:00Z"), end: Self.at("2026-06-01T10:30:00Z"), importLimitKw: 6, priority: 5,
                source: "b"),
            GridLimit(
                feederId: "F", start: Self.at("2026-06-01T10:45:00Z"), end: Self.at("2026-06-01T11:00:00Z"), importLimitKw: 25, priority: 0,
                source: "c"),
        ]
        let p = ProblemAssembly.problem(Self.terms(), registry: Self.registry, feederIds: ["F"], limits: limits, sessions: [])
        #expect(p.feeders.first?.importLimitKw == .values([15, 15, 15, 15]))
        let shown = GridLimit.effective(
            feeder: Self.registry.feeders[0], limits: limits, start: Self.start, intervalMinutes: 15, intervals: 4)
        #expect(p.feeders.first == shown)
    }

    @Test("The backtest window goes through the core: one feeder, one site, a charger per car (a second car on a station gets ~2)")
    func backtestWindow() {
        let site = SchedulingSite(intervalMinutes: 15, feederLimitKw: 30, chargerKw: 6.6, horizonSteps: 96)
        let cars = [
            ProblemAssembly.Car(id: "x", stationId: "S", firstStep: 0, endStep: 3, remainingKwh: 4, dischargeableKwh: 0),
            ProblemAssembly.Car(id: "y", stationId: "S", firstStep: 1, endStep: 9, remainingKwh: 0, dischargeableKwh: 0),
        ]
        let p = ProblemAssembly.window(
            name: "step-0", start: Self.start, intervals: 4, site: site, importPrices: [0.2, 0.2, 0.2, 0.2], exportPrices: [0, 0, 0, 0],
            cars: cars, tieBreak: .earliest, currency: "EUR", unmetPenaltyPerKwh: 10)
        #expect(p.feeders == [Feeder(id: "feeder", importLimitKw: .constant(30), exportLimitKw: .constant(0))])
        #expect(p.sites == [Site(id: "site", feederId: "feeder")])
        #expect(p.chargers.map(\.id) == ["S", "S~2"])
        #expect(p.prices == Prices(importPerKwh: .constant(0.2), exportPerKwh: .constant(0)))
        #expect(
            p.sessions == [
                Session(
                    id: "x", chargerId: "S", arrival: Self.start, departure: Self.at("2026-06-01T10:45:00Z"), batteryKwh: 4, initialKwh: 0,
                    targetKwh: 4),
                Session(
                    id: "y", chargerId: "S~2", arrival: Self.at("2026-06-01T10:15:00Z"), departure: Self.at("2026-06-01T12:15:00Z"),
                    batteryKwh: 1e-6, initialKwh: 0, targetKwh: 1e-6),
            ])
    }

    static func state(
        _ tx: String, station: String = "CS1", evse: Int = 1, state: SessionState.State = .active, started: String = "2026-06-01T09:00:00Z",
        energyWh: Double = 0, soc: Double? = nil, targetWh: Double? = nil, departure: String? = nil
    ) -> SessionState {
        SessionState(
            stationId: station, evseId: evse, transactionId: tx, state: state, started: at(started),
            ended: state == .ended ? at("2026-06-01T09:30:00Z") : nil, energyWh: energyWh, lastSocPercent: soc, targetWh: targetWh,
            departure: departure.map(at))
    }

    @Test("Live sessions: energies on the session's battery-side scale, defaults with warnings")
    func liveEnergies() throws {
        let states = [
            // η 0.9: 10 kWh metered → 9 kWh in the battery of a 20 kWh request.
            Self.state("t1", energyWh: 10_000, targetWh: 20_000, departure: "2026-06-01T18:00:00Z"),
            // Nothing said: 20 kWh assumed, departure 09:30 + 8 h.
            Self.state("t2", evse: 2, started: "2026-06-01T09:30:00Z", energyWh: 3_000),
        ]
        let live = try ProblemAssembly.live(Self.terms(), registry: Self.registry, feederIds: ["F"], sessions: states, limits: [])
        #expect(
            live.problem.sessions == [
                Session(
                    id: "CS1/t1", chargerId: "A", transactionId: "t1", arrival: Self.at("2026-06-01T09:00:00Z"),
                    departure: Self.at("2026-06-01T18:00:00Z"), batteryKwh: 20, initialKwh: 9, targetKwh: 20),
                Session(
                    id: "CS1/t2", chargerId: "B", transactionId: "t2", arrival: Self.at("2026-06-01T09:30:00Z"),
                    departure: Self.at("2026-06-01T17:30:00Z"), batteryKwh: 20, initialKwh: 3, targetKwh: 20),
            ])
        #expect(
            live.warnings.map(\.description) == [
                "session \"CS1/t2\": no departure time from the EV: assumed 2026-06-01T17:30:00Z (arrival + 8.0 h, at least the end of the first interval)",
                "session \"CS1/t2\": no energy amount from the EV: assumed 20.0 kWh for the session",
            ])
        #expect(live.excluded.isEmpty)
    }

    @Test("A full battery needs nothing more; a car that got more than it asked keeps what it has; a long stay ends after the first interval")
    func liveEdgeEnergies() throws {
        let states = [
            Self.state("full", energyWh: 5_000, soc: 100, targetWh: 30_000, departure: "2026-06-01T18:00:00Z"),
            Self.state("over", evse: 2, started: "2026-05-31T20:00:00Z", energyWh: 12_000, targetWh: 10_000),
        ]
        let live = try ProblemAssembly.live(
            Self.terms(), registry: Self.registry, feederIds: ["F"], sessions: states, limits: [],
            defaults: ProblemAssembly.LiveDefaults(targetKwh: 15, dwellHours: 4))
        let full = try #require(live.problem.sessions.first)
        #expect(abs(full.initialKwh - 4.5) < 1e-12 && full.targetKwh == full.initialKwh && full.batteryKwh == full.initialKwh)
        let over = try #require(live.problem.sessions.last)
        #expect(over.initialKwh == 12 && over.targetKwh == 10 && over.batteryKwh == 12)
        #expect(over.departure == Self.at("2026-06-01T10:15:00Z"), "arrival + 4 h is past: the end of the first interval")
        #expect(live.warnings.map(\.message).contains("the EV reports 100.0 % state of charge: nothing more to deliver"))
        _ = try ProblemReader.read(live.problem.json)
    }

    @Test("Left out, each with its reason: ended, unknown station, other feeder, departure past, superseded; unknown feeder refused")
    func liveExclusions() throws {
        let states = [
            Self.state("ended", state: .ended),
            Self.state("stranger", station: "CS9"),
            Self.state("elsewhere", station: "CS2"),
            Self.state("gone", evse: 2, departure: "2026-06-01T10:00:00Z"),
            Self.state("stale", started: "2026-06-01T07:00:00Z"),
            Self.state("current", started: "2026-06-01T08:00:00Z"),
        ]
        let live = try ProblemAssembly.live(Self.terms(), registry: Self.registry, feederIds: ["F"], sessions: states, limits: [])
        #expect(live.problem.sessions.map(\.id) == ["CS1/current"])
        #expect(
            live.excluded.map(\.description) == [
                "session \"CS1/ended\": ended at 2026-06-01T09:30:00Z",
                "session \"CS1/gone\": its departure 2026-06-01T10:00:00Z is not after the window start 2026-06-01T10:00:00Z",
                "session \"CS1/stale\": session \"CS1/current\" started later on charger \"A\" (no Ended event for this one)",
                "session \"CS2/elsewhere\": charger \"C\" is on feeder \"G\", not requested",
                "session \"CS9/stranger\": station \"CS9\" EVSE 1 is not in the registry",
            ])
        #expect(throws: ProblemAssembly.AssemblyError.unknownFeeders(["X"])) {
            try ProblemAssembly.live(Self.terms(), registry: Self.registry, feederIds: ["F", "X"], sessions: [], limits: [])
        }
    }

    /// One feeder under a 5 kW utility limit, one 11 kW charger (η 1), one car that has 0.5 kWh of
    /// a 3 kWh request and leaves at 11:00; quarter hours at 0.3, 0.1, 0.2, 0.1.
    /// By hand: 2.5 kWh needed, at most 5 kW × 0.25 h = 1.25 kWh per quarter hour, so 5 kW in
    /// the two 0.1 quarters: cost 2 × 1.25 × 0.1 = 0.25. Without the limit, 10 kW in the first
    /// 0.1 quarter would do it.
    @Test("A live problem solves to the hand-computed schedule")
    func liveProblemSolves() throws {
        var registry = Self.registry
        registry.chargers[0].charger.chargeEfficiency = 1
        registry.sites[0].importLimitKw = nil
        let limits = [GridLimit(feederId: "F", start: Self.start, end: Self.at("2026-06-01T11:00:00Z"), importLimitKw: 5, source: "ven")]
        let states = [Self.state("t", energyWh: 500, targetWh: 3_000, departure: "2026-06-01T11:00:00Z")]
        let live = try ProblemAssembly.live(Self.terms(), registry: registry, feederIds: ["F"], sessions: states, limits: limits)
        #expect(live.problem.feeders.first?.importLimitKw == .constant(5) || live.problem.feeders.first?.importLimitKw == .values([5, 5, 5, 5]))
        let result = try Dispatcher().dispatch(ProblemReader.read(live.problem.json))
        let schedule = try #require(result.sessions.first)
        for (got, want) in zip(schedule.chargeKw, [0.0, 5, 0, 5]) { #expect(abs(got - want) < 1e-6) }
        #expect(abs(schedule.finalKwh - 3) < 1e-6 && abs(schedule.unmetKwh) < 1e-6)
        #expect(abs(result.objective.total - 0.25) < 1e-6)
    }
}
