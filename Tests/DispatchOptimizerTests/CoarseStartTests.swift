import ChargeShareDomain
@testable import DispatchOptimizer
import Foundation
import LinearProgramming
import Synthetic
import Testing

@Suite("Coarse start: a large feeder's cold window starts from the same window on longer intervals")
struct CoarseStartTests {
    /// 120 depot sessions, a third V2G, a demand charge, the feeder binding in the evening.
    static let depot = DepotGenerator(sessions: 120).generate()

    static func options(coarse minimum: Int?) -> DispatchOptions { DispatchOptions(coarseStartSessions: minimum) }

    @Test("The next coarser length divides the window and is allowed: 15 → 30, 60 → none, 20 × 3 → 60, 5 × 9 → 15, 10 × 3 → 30")
    func coarserFactor() {
        func factor(_ minutes: Int, _ intervals: Int) -> Int? {
            var p = Self.depot
            p.intervalMinutes = minutes
            p.intervals = intervals
            return p.coarserFactor
        }
        #expect(factor(15, 96) == 2)
        #expect(factor(30, 48) == 2)
        #expect(factor(60, 24) == nil)
        #expect(factor(15, 3) == nil, "neither 30 nor 60 minutes divide 45")
        #expect(factor(20, 3) == 3, "40 is not allowed; 60 divides the hour")
        #expect(factor(5, 9) == 3, "10 does not divide 9; 15 does")
        #expect(factor(10, 3) == 3, "20 does not divide 3; 30 does")
        #expect(factor(1, 7) == nil)
    }

    @Test("Merged intervals: means of prices, base load and PV; the lowest limits; constants kept")
    func coarsened() {
        var p = Small.problem(
            intervals: 4, importPrice: .values([1, 2, 3, 5]), exportPrice: .constant(0.5), feederLimit: .values([9, 7, 8, 6]),
            sites: [Small.site(base: .values([1, 3, 0, 2]), pv: .values([0, 0, 4, 4]), limit: .values([5, 4, 3, 9]))],
            chargers: [Small.charger()], sessions: [Small.session(from: 0, to: 4, target: 20)])
        p.intervalMinutes = 30
        let c = p.coarsened(by: 2)
        #expect(c.intervalMinutes == 60 && c.intervals == 2 && c.start == p.start && c.end == p.end)
        #expect(c.prices.importPerKwh == .values([1.5, 4]) && c.prices.exportPerKwh == .constant(0.5))
        #expect(c.sites[0].baseLoadKw == .values([2, 1]) && c.sites[0].pvKw == .values([0, 4]))
        #expect(c.sites[0].importLimitKw == .values([4, 3]) && c.feeders[0].importLimitKw == .values([7, 6]))
        #expect(c.sessions == p.sessions)
        // A site's own prices and export limit are merged too; a missing import limit stays missing.
        p.sites[0].prices = Prices(importPerKwh: .values([2, 4, 6, 8]), exportPerKwh: .values([1, 1, 2, 2]))
        p.sites[0].exportLimitKw = .values([3, 2, 5, 4])
        p.sites[0].importLimitKw = nil
        let d = p.coarsened(by: 2)
        #expect(d.sites[0].prices == Prices(importPerKwh: .values([3, 7]), exportPerKwh: .values([1, 2])))
        #expect(d.sites[0].exportLimitKw == .values([2, 4]) && d.sites[0].importLimitKw == nil)
    }

    @Test("A window restricted to some feeders keeps only their sites, chargers and sessions")
    func restricted() {
        var p = Small.problem(
            intervals: 2, importPrice: .constant(1), sites: [Small.site("H"), Small.site("G")],
            chargers: [Small.charger("C", site: "H"), Small.charger("D", site: "G")],
            sessions: [Small.session("S", charger: "C", from: 0, to: 2, target: 12), Small.session("T", charger: "D", from: 0, to: 2, target: 12)])
        p.feeders.append(Feeder(id: "E", importLimitKw: nil, exportLimitKw: .constant(0)))
        p.sites[1].feederId = "E"
        let r = p.restricted(toFeeders: [1])
        #expect(r.feeders.map(\.id) == ["E"] && r.sites.map(\.id) == ["G"] && r.chargers.map(\.id) == ["D"] && r.sessions.map(\.id) == ["T"])
        #expect(p.restricted(toFeeders: [0, 1]) == p)
    }

    @Test("A coarser plan fills the finer intervals inside each of its intervals earliest first, at full power")
    func fillFromCoarserPlan() throws {
        let hour: Int64 = 3_600_000
        let quarter = hour / 4
        let t0 = Small.midnight.millisecondsSinceEpoch
        let start = WarmStart(
            plans: ["S": WarmStart.Plan(startMs: t0, intervalMs: hour, chargeKw: [2, 0.6, 8], dischargeKw: [0, 1, 0])])
        func power(_ k: Int64) -> (charge: Double, discharge: Double)? {
            start.power(session: "S", at: t0 + k * quarter, lengthMs: quarter, maxChargeKw: 8, maxDischargeKw: 2)
        }
        // 2 kW for an hour = one quarter at 8 kW; 0.6 kW = 0.3 of a quarter; 8 kW = every quarter.
        let charge = try (0..<12).map { try #require(power($0)).charge }
        #expect(isClose(charge, [8, 0, 0, 0, 2.4, 0, 0, 0, 8, 8, 8, 8]))
        // 1 kW of discharge for an hour = two quarters at 2 kW.
        let discharge = try (4..<8).map { try #require(power($0)).discharge }
        #expect(isClose(discharge, [2, 2, 0, 0]))
        #expect(power(12) == nil, "past the plan's end")
        #expect(start.power(session: "S", at: t0 + 7 * 60_000, lengthMs: quarter, maxChargeKw: 8, maxDischargeKw: 0) == nil, "off the grid")
        let fiveMinutes = WarmStart(plans: ["S": WarmStart.Plan(startMs: t0, intervalMs: 300_000, chargeKw: [1], dischargeKw: [0])])
        #expect(fiveMinutes.power(session: "S", at: t0, lengthMs: quarter, maxChargeKw: 8, maxDischargeKw: 0) == nil, "a finer plan is not used")
    }

    @Test("A large feeder solved cold from its coarser windows: the cold start's optimum (1e-9 relative), sessions reported")
    func sameOptimum() throws {
        for problem in [Self.depot, DepotGenerator(sessions: 80, bidirectionalShare: 0, demandChargePerKw: 0).generate()] {
            let cold = try Small.solve(problem, options: Self.options(coarse: nil))
            let coarse = try Small.solve(problem, options: Self.options(coarse: 50))
            #expect(isClose(coarse.objective.total, cold.objective.total, absolute: 1e-9, relative: 1e-9))
            for (a, b) in zip(coarse.sessions, cold.sessions) {
                #expect(isClose(a.finalKwh, b.finalKwh, absolute: 1e-5), "\(a.id) final energy")
            }
            #expect(coarse.solver.coarseStartedSessions == problem.sessions.count && coarse.solver.coarseIterations > 0)
            #expect(coarse.solver.warmStartedSessions == 0 && cold.solver.coarseStartedSessions == 0 && cold.solver.coarseIterations == 0)
            #expect(coarse.solver.iterations < cold.solver.iterations, "fine LP: coarse \(coarse.solver.iterations), cold \(cold.solver.iterations)")
        }
    }

    @Test("The levels nest: the 15-minute window's coarse iterations are the 30-minute window's, which starts from the hourly one")
    func levelsNest() throws {
        var options = Self.options(coarse: 50)
        let coarse = try Dispatcher(options: options).dispatch(Self.depot)
        options.lpRelaxationOnly = true
        let halfHourly = try Dispatcher(options: options).dispatch(Self.depot.coarsened(by: 2))
        #expect(halfHourly.solver.coarseIterations > 0, "the 30-minute window starts from the hourly one")
        #expect(coarse.solver.coarseIterations == halfHourly.solver.iterations + halfHourly.solver.coarseIterations)
        let hourly = try Dispatcher(options: options).dispatch(Self.depot.coarsened(by: 4))
        #expect(hourly.solver.coarseIterations == 0, "60 minutes is the coarsest")
    }

    @Test("A session that covers no whole coarser interval gets no coarse plan: it starts greedily and is not counted")
    func shortSessionNotCounted() throws {
        var p = Self.depot
        let charger = p.chargers[0].id
        // 16:10–16:50: two whole quarter hours (16:15–16:45), no whole half hour of the window's grid.
        let start = p.start.adding(milliseconds: 10 * 60_000)
        let end = start.adding(milliseconds: 40 * 60_000)
        p.sessions.removeAll { $0.chargerId == charger && $0.arrival < end && $0.departure > start }
        p.sessions.append(
            Session(
                id: "short", chargerId: charger, transactionId: "tx-short", arrival: start, departure: end, batteryKwh: 60, initialKwh: 10,
                targetKwh: 12, minKwh: 0, v2g: false))
        #expect(p.usableIntervals(of: p.sessions.last!).count == 2 && p.coarsened(by: 2).usableIntervals(of: p.sessions.last!).isEmpty)
        let cold = try Small.solve(p, options: Self.options(coarse: nil))
        let coarse = try Small.solve(p, options: Self.options(coarse: 50))
        #expect(coarse.solver.coarseStartedSessions == p.sessions.count - 1, "every session but the short one")
        #expect(isClose(coarse.objective.total, cold.objective.total, absolute: 1e-9, relative: 1e-9))
    }

    @Test("The coarser solves stop at the LP: with negative prices the relaxation charges and discharges at once, no MIP")
    func coarserSolvesStopAtTheLP() throws {
        let negative = DepotGenerator(sessions: 12, negativeMiddayPrices: true).generate()
        var options = Self.options(coarse: nil)
        #expect(try Dispatcher(options: options).dispatch(negative).solver.mip)
        options.lpRelaxationOnly = true
        #expect(try !Dispatcher(options: options).dispatch(negative).solver.mip)
    }

    @Test("Not used below the threshold, with a warm start, at hourly intervals, with interior point, or when off")
    func notUsed() throws {
        let first = try Small.solve(Self.depot)
        #expect(first.solver.coarseStartedSessions == 0, "120 sessions, under the default 200")
        let next = Self.depot.nextWindow(after: first)
        let warm = try Dispatcher(options: Self.options(coarse: 1)).dispatch(next, warmStart: WarmStart(previous: first))
        #expect(warm.solver.coarseStartedSessions == 0 && warm.solver.warmStartedSessions > 100)
        let hourly = Self.depot.coarsened(by: 4)
        #expect(try Small.solve(hourly, options: Self.options(coarse: 1)).solver.coarseIterations == 0)
        let interior = DispatchOptions(solver: SolverOptions(method: .interiorPoint), coarseStartSessions: 1)
        #expect(try Dispatcher(options: interior).dispatch(Self.depot).solver.coarseIterations == 0)
    }

    @Test("Only feeders with enough sessions start coarse; the MIP re-solve still runs on the window itself")
    func perFeederAndMIP() throws {
        // Two feeders: the depot's (120 sessions) and a small one (1 session).
        var p = Self.depot
        p.feeders.append(Feeder(id: "G", importLimitKw: nil, exportLimitKw: .constant(0)))
        p.sites.append(Site(id: "H", feederId: "G", importLimitKw: nil, exportLimitKw: .constant(0), baseLoadKw: .constant(0), pvKw: .constant(0)))
        p.chargers.append(Charger(id: "CH", siteId: "H", maxChargeKw: 7, maxDischargeKw: 0, chargeEfficiency: 1, dischargeEfficiency: 1))
        p.sessions.append(
            Session(
                id: "home", chargerId: "CH", transactionId: "tx-home", arrival: p.start, departure: p.end, batteryKwh: 60, initialKwh: 10,
                targetKwh: 30, minKwh: 0, v2g: false))
        let cold = try Small.solve(p, options: Self.options(coarse: nil))
        let coarse = try Small.solve(p, options: Self.options(coarse: 50))
        #expect(coarse.solver.coarseStartedSessions == 120, "the home's feeder has one session")
        #expect(isClose(coarse.objective.total, cold.objective.total, absolute: 1e-9, relative: 1e-9))
        // Negative midday prices: the LP charges and discharges at once, so the window's MIP runs
        // (the coarser solves stop at their LP).
        let negative = DepotGenerator(sessions: 12, negativeMiddayPrices: true).generate()
        let mipCold = try Small.solve(negative, options: Self.options(coarse: nil))
        let mipCoarse = try Small.solve(negative, options: Self.options(coarse: 1))
        #expect(mipCold.solver.mip && mipCoarse.solver.mip && mipCoarse.solver.coarseStartedSessions == 12)
        #expect(isClose(mipCoarse.objective.total, mipCold.objective.total, absolute: 1e-6, relative: 1e-7))
    }
}
