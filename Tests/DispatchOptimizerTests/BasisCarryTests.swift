import ChargeShareDomain
@testable import DispatchOptimizer
import Foundation
import LinearProgramming
import Synthetic
import Testing

@Suite("Warm starts from the previous window's optimal basis")
struct BasisCarryTests {
    @Test("The next window from the previous basis: the cold optimum (1e-9 relative), in under half the iterations from the plan alone")
    func nextWindowFromBasis() throws {
        let depot = WarmStartTests.depot
        let (first, carried) = try Dispatcher().dispatchRolling(depot)
        #expect(first.solver.basisStartedSubproblems == 0)
        #expect(carried.basis?.count == first.solver.rows + first.solver.columns)
        for steps in [1, 4] {
            let next = depot.nextWindow(after: first, steps: steps)
            let cold = try Small.solve(next)
            let planOnly = try Dispatcher().dispatch(next, warmStart: WarmStart(previous: first))
            let warm = try Dispatcher().dispatch(next, warmStart: carried)
            Invariants.check(warm, next)
            #expect(isClose(warm.objective.total, cold.objective.total, absolute: 1e-9, relative: 1e-9), "steps \(steps)")
            for (a, b) in zip(warm.sessions, cold.sessions) {
                #expect(isClose(a.finalKwh, b.finalKwh, absolute: 1e-5), "\(a.id) final energy")
            }
            #expect(warm.solver.basisStartedSubproblems == 1 && planOnly.solver.basisStartedSubproblems == 0)
            #expect(warm.solver.warmStartedSessions == planOnly.solver.warmStartedSessions)
            #expect(
                warm.solver.iterations * 2 < planOnly.solver.iterations,
                "steps \(steps): basis \(warm.solver.iterations), plan \(planOnly.solver.iterations)")
        }
    }

    @Test("Window after window (the backtests' loop): every window from the basis before, each the cold optimum")
    func rollingChain() throws {
        var problem = WarmStartTests.depot
        var (result, next) = try Dispatcher().dispatchRolling(problem)
        for window in 1...3 {
            problem = problem.nextWindow(after: result, steps: 2)
            let cold = try Small.solve(problem)
            (result, next) = try Dispatcher().dispatchRolling(problem, warmStart: next)
            #expect(result.solver.basisStartedSubproblems == 1, "window \(window)")
            #expect(isClose(result.objective.total, cold.objective.total, absolute: 1e-9, relative: 1e-9), "window \(window)")
        }
    }

    /// One car needing 4.5 kWh at 3 kW over hours priced 2, 1, 3, 4: 3 kW in hour 1 and 1.5 kW in
    /// hour 0, whose charge column is basic in the energy row. An hour later that column is gone:
    /// the energy row (3 kWh left, met by hour 1 at full power) becomes basic itself.
    @Test func chargeColumnBasicInADroppedInterval() throws {
        let problem = Small.problem(
            intervals: 4, importPrice: .values([2, 1, 3, 4]), sites: [Small.site()], chargers: [Small.charger(charge: 3)],
            sessions: [Small.session(from: 0, to: 4, battery: 20, initial: 0, target: 4.5)])
        let (first, carried) = try Dispatcher().dispatchRolling(problem)
        #expect(isClose(first.sessions[0].chargeKw, [1.5, 3, 0, 0]))
        let next = problem.nextWindow(after: first)
        let warm = try Dispatcher().dispatch(next, warmStart: carried)
        #expect(warm.solver.basisStartedSubproblems == 1)
        #expect(isClose(warm.sessions[0].chargeKw, [3, 0, 0, 0]))
        #expect(isClose(warm.objective.importCost, 3))
        #expect(warm.solver.iterations <= 1, "the repaired basis is the optimum, or one degenerate pivot from it")
    }

    /// A demand charge of 10 per kW with base load 5, 1, 1, 1 kW: the peak (5 kW) is set in hour 0,
    /// whose peak row is binding. An hour later that row is gone and the peak column leaves the
    /// basis; the new peak is hour 1's base load plus the car's power, 1 + 2 = 3 kW.
    @Test func peakSetInADroppedInterval() throws {
        let problem = Small.problem(
            intervals: 4, importPrice: .constant(1),
            sites: [Small.site(base: .values([5, 1, 1, 1]), demandCharge: 10)], chargers: [Small.charger(charge: 3)],
            sessions: [Small.session(from: 0, to: 4, battery: 20, initial: 0, target: 6)])
        let (first, carried) = try Dispatcher().dispatchRolling(problem)
        #expect(isClose(first.sites[0].peakKw, 5))
        let next = problem.nextWindow(after: first)
        let cold = try Small.solve(next)
        let warm = try Dispatcher().dispatch(next, warmStart: carried)
        #expect(warm.solver.basisStartedSubproblems == 1)
        #expect(isClose(warm.objective.total, cold.objective.total, absolute: 1e-9))
        let remaining = 6 - first.sessions[0].chargeKw[0]
        #expect(isClose(warm.sites[0].peakKw, 1 + remaining / 3, absolute: 1e-6), "the remaining energy spread over three hours")
    }

    @Test("A basis on other intervals, or from a window whose feeder needed the MIP, is not carried: the plan's start, the same optimum")
    func notCarried() throws {
        let depot = WarmStartTests.depot
        let (first, carried) = try Dispatcher().dispatchRolling(depot)
        let next = depot.nextWindow(after: first)
        let planOnly = try Dispatcher().dispatch(next, warmStart: WarmStart(previous: first))
        let basis = try #require(carried.basis)
        let otherGrid = WarmStart(previous: first, basis: DispatchBasis(intervalMs: basis.intervalMs * 2, statuses: basis.statuses))
        let emptied = WarmStart(previous: first, basis: DispatchBasis(intervalMs: basis.intervalMs, statuses: [:]))
        for warmStart in [otherGrid, emptied] {
            let result = try Dispatcher().dispatch(next, warmStart: warmStart)
            #expect(result.solver.basisStartedSubproblems == 0)
            #expect(result.objective == planOnly.objective && result.solver.iterations == planOnly.solver.iterations)
        }
        let negative = DepotGenerator(sessions: 12, negativeMiddayPrices: true).generate()
        let (mip, afterMIP) = try Dispatcher().dispatchRolling(negative)
        #expect(mip.solver.mip && afterMIP.basis?.count == 0, "a MIP re-solve keeps no basis")
    }
}
