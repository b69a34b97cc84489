public import ArgumentParser
import ChargeShareDomain
import DispatchOptimizer
import Foundation
import LinearProgramming
import Synthetic

/// `chargeshare bench`: benchmarks that print figures.
public struct BenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (see docs/PERFORMANCE.md).",
        subcommands: [
            BenchDispatchCommand.self, BenchTariffCommand.self, BenchIngestCommand.self, BenchStreamCommand.self, BenchForecastCommand.self,
        ]
    )

    public init() {}
}

/// `chargeshare bench dispatch`: median wall time of each stage and peak memory, per problem size,
/// optionally against HiGHS solving the same exported MPS files.
public struct BenchDispatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Time parse, build, solve and serialise on synthetic problems (T = 96).",
        discussion: "Build in release mode first: swift build -c release. scripts/bench-dispatch.sh runs the full set with HiGHS."
    )

    @Option(name: .customLong("repeat"), help: "Repetitions per case; medians are reported.") var repetitions: Int = 5
    @Option(
        name: .long,
        help: """
            Comma-separated cases: FxN (F feeders of N sessions each: 1x10, 1x100, 1x1000, 100x20); depotN (one depot of N \
            sessions, a third V2G, a demand charge); fleetN (the same, charge-only, no demand charge); negativeN (depotN \
            with negative midday prices: the MIP re-solve).
            """)
    var cases: String = "1x10,1x100,1x1000,100x20"
    @Option(name: .customLong("time-limit"), help: "Seconds per solve; a case that exceeds it is reported as such.")
    var timeLimit: Double?
    @Option(name: .long, help: "LP method.") var method: MethodArgument = .primalSimplex
    @Flag(
        name: .customLong("slack-start"),
        help: "Start the simplex method from GLPK's all-slack basis, not the engine's no-EV start (for before/after figures).")
    var slackStart = false
    @Flag(
        name: .customLong("no-coarse-start"),
        help: "Solve large feeders cold from the greedy start, without first solving the window on longer intervals (for before/after figures).")
    var noCoarseStart = false
    @Flag(
        name: .customLong("next-window"),
        help:
            "Time the window one interval later instead, warm-started from the case's own result, as in live operation (HiGHS solves that next window from scratch)."
    )
    var nextWindow = false
    @Flag(
        name: .customLong("plan-only"),
        help: "With --next-window, start from the previous window's plan alone, not its optimal basis (for before/after figures).")
    var planOnly = false
    @Option(name: .long, help: ArgumentHelp("Also time HiGHS on the exported MPS with this Python script.", valueName: "script"))
    var highs: String?

    public init() {}

    struct Case {
        let name: String
        let generate: @Sendable () -> DispatchProblem
    }

    /// The cases of `--cases`, each checked against its generator's limits.
    func parsedCases() throws -> [Case] {
        try cases.split(separator: ",", omittingEmptySubsequences: false).map { try Self.parse(String($0)) }
    }

    static func parse(_ text: String) throws -> Case {
        for (prefix, name) in [("depot", "depot"), ("fleet", "charge-only fleet"), ("negative", "depot, negative prices")] {
            guard text.hasPrefix(prefix) else { continue }
            guard let sessions = Int(text.dropFirst(prefix.count)) else {
                throw ValidationError("bad case \(Displayed.quoted(text)): use \(prefix)SESSIONS, e.g. \(prefix)1000")
            }
            var depot = DepotGenerator(sessions: sessions, negativeMiddayPrices: prefix == "negative")
            if prefix == "fleet" {
                depot.bidirectionalShare = 0
                depot.demandChargePerKw = 0
            }
            if let problem = depot.problemWithSettings { throw ValidationError("case \(text): \(problem)") }
            let generator = depot
            return Case(name: "\(name) × \(sessions) sessions") { generator.generate() }
        }
        let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let feeders = parts[0], let sessions = parts[1] else {
            throw ValidationError("bad case \(Displayed.quoted(text)): use FEEDERSxSESSIONS (e.g. 1x100), depotN, fleetN or negativeN")
        }
        // Two sessions per home over the day.
        let generator = ProblemGenerator(feeders: feeders, sitesPerFeeder: max(1, sessions / 2), sessionsPerFeeder: sessions, seed: 1)
        if let problem = generator.problemWithSettings { throw ValidationError("case \(text): \(problem)") }
        return Case(name: "\(feeders) feeder\(feeders == 1 ? "" : "s") × \(sessions) sessions") { generator.generate() }
    }

    public func validate() throws {
        guard (1...1000).contains(repetitions) else { throw ValidationError("--repeat must be from 1 to 1000, got \(repetitions)") }
        if let timeLimit, !(timeLimit > 0 && timeLimit <= 86_400) {
            throw ValidationError("--time-limit must be above 0 and at most 86400 seconds, got \(timeLimit)")
        }
        _ = try parsedCases()
    }

    public func run() throws {
        let parsed = try parsedCases()
        IO.print(
            "| case | rows | columns | nonzeros | parse ms | build ms | solve ms | serialise ms | end-to-end ms | peak RSS MB | HiGHS solve ms | ratio |"
        )
        IO.print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for c in parsed { try runCase(c) }
    }

    private func runCase(_ c: Case) throws {
        var solver = SolverOptions(method: method.method)
        solver.startingBasis = !slackStart
        let dispatcher = Dispatcher(
            options: DispatchOptions(
                solver: solver, timeLimitSeconds: timeLimit, coarseStartSessions: noCoarseStart ? nil : DispatchOptions.defaultCoarseStartSessions))
        var problem = c.generate()
        var warmStart: WarmStart?
        if nextWindow {
            // The case's own window, solved once untimed, is the previous window.
            guard let first = try Self.solveRolling(problem, with: dispatcher) else {
                IO.print("| \(c.name), next window | – | – | – | – | – | the first window ran past --time-limit | – | – | – | – | – |")
                return
            }
            problem = problem.nextWindow(after: first.result)
            warmStart = planOnly ? WarmStart(previous: first.result) : first.next
        }
        let input = JSONWriter().bytes(problem.json)
        var times: [[Double]] = [[], [], [], [], []]
        var prepared: PreparedDispatch?
        var mip = false
        let clock = ContinuousClock()
        for _ in 0..<max(1, self.repetitions) {
            let t0 = clock.now
            let parsedProblem = try ProblemReader.read(input)
            let t1 = clock.now
            let ready = try dispatcher.prepare(parsedProblem, warmStart: warmStart)
            let t2 = clock.now
            prepared = ready
            guard let result = try Self.solve(ready, with: dispatcher) else {
                times = [[], [], [], [], []]
                break
            }
            let t3 = clock.now
            let output = JSONWriter().bytes(result.json)
            let t4 = clock.now
            precondition(!output.isEmpty)
            for (i, d) in [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0].enumerated() { times[i].append(Self.ms(d)) }
            mip = mip || result.solver.mip
        }
        let rss = Self.peakResidentMegabytes()
        var highsCell = "–", ratioCell = "–"
        if let highs {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-mps-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            _ = try Dispatcher(options: DispatchOptions(mpsDirectory: directory.path, coarseStartSessions: nil)).prepare(problem)
            let highsMs = try Self.runHiGHS(script: highs, directory: directory.path, repetitions: self.repetitions)
            highsCell = String(format: "%.1f", highsMs)
            ratioCell =
                times[4].isEmpty
                ? String(format: "> %.0f", (timeLimit ?? 0) * 1000 / highsMs) : String(format: "%.2f", Self.median(times[4]) / highsMs)
        }
        // A case over --time-limit has no times: its solve and end-to-end cells say so.
        let timeCells =
            times[4].isEmpty
            ? ["–", "–", String(format: "> %.0f", (timeLimit ?? 0) * 1000), "–", String(format: "> %.0f", (timeLimit ?? 0) * 1000)]
            : times.map { String(format: "%.1f", Self.median($0)) }
        let cells =
            [
                c.name + (nextWindow ? ", next window" : "") + (mip ? " (MIP)" : ""), "\(prepared?.rows ?? 0)", "\(prepared?.columns ?? 0)",
                "\(prepared?.nonzeros ?? 0)",
            ]
            + timeCells + [String(format: "%.0f", rss), highsCell, ratioCell]
        IO.print("| " + cells.joined(separator: " | ") + " |")
    }

    /// The result, or nil when the solve ran past the time limit.
    static func solve(_ ready: PreparedDispatch, with dispatcher: Dispatcher) throws -> DispatchResult? {
        do { return try dispatcher.solve(ready) } catch DispatchError.timeLimit { return nil }
    }

    /// The case's own window solved with its bases kept, or `nil` past the time limit.
    static func solveRolling(_ problem: DispatchProblem, with dispatcher: Dispatcher) throws -> (result: DispatchResult, next: WarmStart)? {
        do { return try dispatcher.dispatchRolling(problem) } catch DispatchError.timeLimit { return nil }
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// Peak resident set size of this process so far (getrusage), MB. Cases run smallest first.
    static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Median over `repetitions` runs of HiGHS solving every MPS file in `directory` one after another.
    static func runHiGHS(script: String, directory: String, repetitions: Int) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, directory, "--repeat", "\(max(1, repetitions))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            // The figure is the last line: highspy 1.16 prints a banner on standard output first.
            let last = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).last,
            let value = Double(last.trimmingCharacters(in: .whitespaces))
        else { throw ValidationError("HiGHS benchmark script failed") }
        return value
    }
}
