import ChargeShareDomain
import DispatchOptimizer
import Foundation
import LinearProgramming
import Synthetic
import Testing

/// The shared example against its independently computed optimum, and larger synthetic problems
/// against the invariants and against solving everything as one LP.
struct ExampleAndScaleTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/examples")

    /// `../shared/examples/example-evening-feeder.json` reproduces the expected total (relative 1e-5),
    /// with every method.
    @Test(arguments: SolverMethod.allCases)
    func sharedExampleMatchesIndependentOptimum(method: SolverMethod) throws {
        let problemBytes = try Array(Data(contentsOf: Self.shared.appendingPathComponent("example-evening-feeder.json")))
        let expected = try JSONReader.parse(
            Array(Data(contentsOf: Self.shared.appendingPathComponent("example-evening-feeder.expected.json"))), options: .engine)
        let total = try #require(expected["objective"]?["total"]?.doubleValue)
        let problem = try ProblemReader.read(problemBytes)
        let result = try Small.solve(problem, options: DispatchOptions(solver: SolverOptions(method: method)))
        #expect(abs(result.objective.total - total) <= 1e-5 * abs(total))
        #expect(result.status == .optimal)
        #expect(result.chargingProfiles.count == 5)
    }

    /// Decomposed (one LP per feeder, in parallel) and monolithic solves give the same objective.
    @Test(arguments: [UInt64(3), 11, 29])
    func decompositionMatchesSingleLP(seed: UInt64) throws {
        let problem = ProblemGenerator(feeders: 4, sitesPerFeeder: 5, sessionsPerFeeder: 12, intervals: 48, seed: seed).generate()
        let split = try Small.solve(problem)
        let whole = try Small.solve(problem, options: DispatchOptions(decompose: false))
        #expect(split.solver.subproblems == 4)
        #expect(whole.solver.subproblems == 1)
        #expect(isClose(split.objective.total, whole.objective.total, absolute: 1e-6, relative: 1e-7))
    }

    /// All three LP methods agree on the optimum of synthetic problems, and every result meets
    /// the invariants (limits, netting, no simultaneous charge and discharge, profiles replay).
    @Test(arguments: [UInt64(1), 2, 4, 5])
    func methodsAgreeOnSyntheticProblems(seed: UInt64) throws {
        let problem = ProblemGenerator(feeders: 2, sitesPerFeeder: 6, sessionsPerFeeder: 10, intervals: 96, seed: seed).generate()
        let totals = try SolverMethod.allCases.map { method in
            try Small.solve(problem, options: DispatchOptions(solver: SolverOptions(method: method))).objective.total
        }
        #expect(isClose(totals[0], totals[1], absolute: 1e-5, relative: 1e-7))
        #expect(isClose(totals[0], totals[2], absolute: 1e-5, relative: 1e-6))
    }

    /// The reported total equals the LP's own optimum less the tie-breaker: re-solving with
    /// `tieBreak: none` moves the total by at most 1e-6 per kWh charged.
    @Test func tieBreakerCostsAtMostItsBound() throws {
        var problem = ProblemGenerator(feeders: 1, sitesPerFeeder: 8, sessionsPerFeeder: 16, seed: 9).generate()
        let withTieBreak = try Small.solve(problem)
        problem.tieBreak = .none
        let without = try Small.solve(problem)
        let chargedKwh = withTieBreak.sessions.reduce(0) { $0 + $1.chargeKw.reduce(0, +) } * problem.intervalHours
        #expect(withTieBreak.objective.total >= without.objective.total - 1e-7)
        #expect(withTieBreak.objective.total - without.objective.total <= 1e-6 * chargedKwh + 1e-7)
    }

    /// `--export-mps` writes one file per feeder and the files describe the LPs that were solved.
    @Test func mpsExportWritesOneFilePerFeeder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let problem = ProblemGenerator(feeders: 3, sitesPerFeeder: 2, sessionsPerFeeder: 3, intervals: 24, seed: 2).generate()
        let result = try Dispatcher(options: DispatchOptions(mpsDirectory: directory.path)).dispatch(problem)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count == 3)
        #expect(files.allSatisfy { $0.hasPrefix("synthetic-f3-s2-n3-t24-seed2-feeder") && $0.hasSuffix(".mps") })
        let text = try String(contentsOf: directory.appendingPathComponent(files[0]), encoding: .utf8)
        #expect(text.hasPrefix("NAME synthetic-f3-s2-n3-t24-seed2\nROWS\n N obj\n"))
        #expect(result.solver.subproblems == 3)
    }
}
