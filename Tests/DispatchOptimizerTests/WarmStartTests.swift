import ChargeShareDomain
@testable import DispatchOptimizer
import Foundation
import LinearProgramming
import Synthetic
import Testing

@Suite("Warm starts from the previous window's plan")
struct WarmStartTests {
    /// 120 depot sessions, a third V2G, a demand charge, the feeder binding in the evening.
    static let depot = DepotGenerator(sessions: 120).generate()

    @Test("The next window from the previous plan: the cold start's optimum (1e-9 relative), in fewer iterations")
    func nextWindowSameOptimum() throws {
        let first = try Small.solve(Self.depot)
        for steps in [1, 4] {
            let next = Self.depot.nextWindow(after: first, steps: steps)
            let cold = try Small.solve(next)
            let warm = try Dispatcher().dispatch(next, warmStart: WarmStart(previous: first))
            Invariants.check(warm, next)
            #expect(isClose(warm.objective.total, cold.objective.total, absolute: 1e-9, relative: 1e-9), "steps \(steps)")
            let covered = next.sessions.filter { s in first.sessions.contains { $0.id == s.id } && !next.usableIntervals(of: s).isEmpty }
            #expect(warm.solver.warmStartedSessions == covered.count && covered.count > 100 && cold.solver.warmStartedSessions == 0)
            for (a, b) in zip(warm.sessions, cold.sessions) {
                #expect(isClose(a.finalKwh, b.finalKwh, absolute: 1e-5), "\(a.id) final energy")
            }
            #expect(
                warm.solver.iterations * 2 < cold.solver.iterations,
                "steps \(steps): warm \(warm.solver.iterations), cold \(cold.solver.iterations)")
        }
    }

    @Test("A plan that does not fit (other interval length, shifted by half an interval, other sessions) changes nothing")
    func mismatchedPlanIgnored() throws {
        let first = try Small.solve(Self.depot)
        let next = Self.depot.nextWindow(after: first)
        let cold = try Small.solve(next)
        var otherLength = first
        otherLength.intervalMinutes = 5
        var halfShifted = first
        halfShifted.start = first.start.adding(milliseconds: 7 * 60_000)
        var renamed = first
        for i in renamed.sessions.indices { renamed.sessions[i].id += "-other" }
        for previous in [otherLength, halfShifted, renamed] {
            let warm = try Dispatcher().dispatch(next, warmStart: WarmStart(previous: previous))
            #expect(warm.objective == cold.objective && warm.sessions == cold.sessions)
            #expect(warm.solver.iterations == cold.solver.iterations)
            #expect(warm.solver.warmStartedSessions == 0)
        }
    }

    @Test("Interior point and presolve ignore a warm start (they ignore every hint): none reported, the same optimum")
    func ignoredWithoutHints() throws {
        let first = try Small.solve(Self.depot)
        let next = Self.depot.nextWindow(after: first)
        let cold = try Small.solve(next)
        for solver in [SolverOptions(method: .interiorPoint), SolverOptions(method: .primalSimplex, presolve: true)] {
            let result = try Dispatcher(options: DispatchOptions(solver: solver)).dispatch(next, warmStart: WarmStart(previous: first))
            #expect(result.solver.warmStartedSessions == 0)
            #expect(isClose(result.objective.total, cold.objective.total, absolute: 1e-6, relative: 1e-7))
        }
    }

    @Test("A misleading plan (full power in the dear hours) still gives the hand-computed optimum")
    func misleadingPlan() throws {
        // One car, 6 kWh at 3 kW over hours 0–3 priced 4, 1, 1, 4: it charges 3 kW in hours 1 and 2.
        let problem = Small.problem(
            intervals: 4, importPrice: .values([4, 1, 1, 4]), sites: [Small.site()], chargers: [Small.charger(charge: 3)],
            sessions: [Small.session(from: 0, to: 4, battery: 10, initial: 0, target: 6)])
        var previous = try Small.solve(problem)
        #expect(isClose(previous.sessions[0].chargeKw, [0, 3, 3, 0]))
        previous.sessions[0].chargeKw = [3, 0, 0, 3]
        let warm = try Dispatcher().dispatch(problem, warmStart: WarmStart(previous: previous))
        #expect(isClose(warm.sessions[0].chargeKw, [0, 3, 3, 0]))
        #expect(isClose(warm.objective.importCost, 6))
    }

    @Test("A plan's power is found by absolute time: aligned intervals only, none past its end")
    func lookup() throws {
        let result = try Small.solve(
            Small.problem(
                intervals: 3, importPrice: .constant(1), sites: [Small.site()], chargers: [Small.charger(charge: 3)],
                sessions: [Small.session(from: 0, to: 3, battery: 10, initial: 0, target: 3)]))
        let warm = WarmStart(previous: result)
        let hour: Int64 = 3_600_000
        let t0 = result.start.millisecondsSinceEpoch
        #expect(warm.sessionCount == 1)
        let id = result.sessions[0].id
        func power(_ session: String = id, at ms: Int64, length: Int64 = hour) -> (charge: Double, discharge: Double)? {
            warm.power(session: session, at: ms, lengthMs: length, maxChargeKw: 3, maxDischargeKw: 0)
        }
        #expect(power(at: t0 + hour)?.charge == result.sessions[0].chargeKw[1])
        #expect(power(at: t0 + 3 * hour) == nil)
        #expect(power(at: t0 - hour) == nil)
        #expect(power(at: t0 + hour / 2) == nil)
        #expect(power(at: t0, length: 2 * hour) == nil, "a coarser window than the plan")
        #expect(power(at: t0, length: 25 * 60_000) == nil, "25 minutes do not divide an hour")
        #expect(power("nobody", at: t0) == nil)
    }
}

@Suite("Greedy start of a session without a previous plan")
struct GreedyStartTests {
    static func plan(target: Double, initial: Double = 0) -> (SessionPlan, Series) {
        let problem = Small.problem(
            intervals: 5, importPrice: .values([3, 1, 2, 1, 5]), sites: [Small.site()], chargers: [Small.charger(charge: 4)],
            sessions: [Small.session(from: 0, to: 5, battery: 40, initial: initial, target: target)])
        let index = ProblemIndex(problem)
        return (index.plans[0], index.importPrice[0])
    }

    @Test("Cheapest intervals first (the earlier on a tie), ⌊need / full-power energy⌋ of them full, the next marginal")
    func cheapestFirst() {
        let (plan, price) = Self.plan(target: 9)
        var noLimits: GreedyCapacity? = nil
        let start = GreedyStart(plan: plan, price: price, hours: 1, capacity: &noLimits)
        #expect(start.cheapest == [1, 3, 2, 0, 4])
        #expect(start.full == [1, 3] && start.marginal == 2)
    }

    @Test("A need beyond full power in every interval fills them all; no need fills none")
    func extremes() {
        let (big, price) = Self.plan(target: 25)
        var noLimits: GreedyCapacity? = nil
        let all = GreedyStart(plan: big, price: price, hours: 1, capacity: &noLimits)
        #expect(all.full == [1, 3, 2, 0, 4] && all.marginal == nil)
        let (none, _) = Self.plan(target: 5, initial: 6)
        let empty = GreedyStart(plan: none, price: price, hours: 1, capacity: &noLimits)
        #expect(empty.full.isEmpty && empty.marginal == nil)
    }
}

extension GreedyStartTests {
    @Test("A power so small that the need would take more intervals than an Int holds: every interval full, no crash")
    func tinyPower() {
        let problem = Small.problem(
            intervals: 3, importPrice: .constant(1), sites: [Small.site()], chargers: [Small.charger(charge: 1e-300)],
            sessions: [Small.session(from: 0, to: 3, battery: 40, initial: 0, target: 30)])
        let index = ProblemIndex(problem)
        var noLimits: GreedyCapacity? = nil
        let start = GreedyStart(plan: index.plans[0], price: index.importPrice[0], hours: 1, capacity: &noLimits)
        #expect(start.full == [0, 1, 2] && start.marginal == nil)
    }
}

extension GreedyStartTests {
    @Test("Room under the limits is shared: the second car skips the hour the first filled, and an hour where base load leaves no room")
    func capacityShared() {
        // Feeder limit 5 kW, base load 1 kW (2 kW in hour 3): 4 kW of room, 3 kW in hour 3. Two 4 kW cars
        // wanting 4 kWh each; prices 3, 1, 2, 1, 5. The first takes hour 1; the second skips it (full)
        // and hour 3 (3 kW of room), taking hour 2.
        let problem = Small.problem(
            intervals: 5, importPrice: .values([3, 1, 2, 1, 5]), feederLimit: .constant(5),
            sites: [Small.site(base: .values([1, 1, 1, 2, 1]))],
            chargers: [Small.charger("A", charge: 4), Small.charger("B", charge: 4)],
            sessions: [
                Small.session("a", charger: "A", from: 0, to: 5, battery: 40, initial: 0, target: 4),
                Small.session("b", charger: "B", from: 0, to: 5, battery: 40, initial: 0, target: 4),
            ])
        let index = ProblemIndex(problem)
        var capacity: GreedyCapacity? = GreedyCapacity(index: index, feeders: [0])
        let a = GreedyStart(plan: index.plans[0], price: index.importPrice[0], hours: 1, capacity: &capacity)
        let b = GreedyStart(plan: index.plans[1], price: index.importPrice[0], hours: 1, capacity: &capacity)
        #expect(a.full == [1] && b.full == [2])
        #expect(b.marginal == 1, "the cheapest interval b does not take")
    }
}
