import ChargeShareDomain
import DispatchOptimizer
import LinearProgramming
import Synchronization
import Testing

/// The dispatcher solves through the `LPSolver` it is given (the seam of issue 11).
struct SolverSeamTests {
    /// Delegates to GLPK and counts the calls; reports itself under its own name.
    final class Recording: LPSolver {
        let calls = Mutex(0)
        let failure: LPError?
        init(failing failure: LPError? = nil) { self.failure = failure }
        var identity: (name: String, version: String) { ("Recording", "1") }
        func solve(_ lp: LinearProgram, options: SolverOptions) throws(LPError) -> LPSolution {
            calls.withLock { $0 += 1 }
            if let failure { throw failure }
            return try GLPKSolver().solve(lp, options: options)
        }
    }

    /// The README's one-charger example: 7 kWh in the cheap hour and 3 in the next, 1.3 EUR,
    /// one LP; a forced violation with a V2G car adds the least-violation stage, two LPs.
    @Test func dispatcherUsesTheGivenSolver() throws {
        let p = Small.problem(
            intervals: 3, importPrice: .values([0.3, 0.1, 0.2]), sites: [Small.site()], chargers: [Small.charger()],
            sessions: [Small.session(from: 0, to: 3, target: 20)]
        )
        let recording = Recording()
        let r = try Dispatcher(solver: recording).dispatch(p)
        #expect(isClose(r.objective.total, 1.3))
        #expect(r.solver.name == "Recording" && r.solver.version == "1")
        #expect(recording.calls.withLock { $0 } == 1)

        let forced = Small.problem(
            intervals: 3, importPrice: .constant(0.1), sites: [Small.site(base: .constant(2), limit: .constant(1))],
            chargers: [Small.charger("C1"), Small.charger("C2", discharge: 7)],
            sessions: [
                Small.session("e1", charger: "C1", from: 0, to: 3, target: 30),
                Small.session("e2", charger: "C2", from: 0, to: 3, initial: 40, target: 10, v2g: true),
            ]
        )
        let twice = Recording()
        _ = try Dispatcher(solver: twice).dispatch(forced)
        #expect(twice.calls.withLock { $0 } == 2)
    }

    /// A solver failure comes back typed, with the feeder.
    @Test func solverFailureIsTyped() {
        let p = Small.problem(
            intervals: 1, importPrice: .constant(0.1), sites: [Small.site()], chargers: [Small.charger()],
            sessions: [Small.session(from: 0, to: 1, target: 15)]
        )
        #expect(throws: DispatchError.solverFailed(feederId: "F", .numericalInstability)) {
            try Dispatcher(solver: Recording(failing: .numericalInstability)).dispatch(p)
        }
    }
}
