public import ArgumentParser
import ChargeShareDomain
import Synthetic

/// `chargeshare generate`: synthetic inputs.
public struct GenerateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate synthetic inputs.", subcommands: [GenerateProblemCommand.self, GenerateSessionsCommand.self]
    )

    public init() {}
}

/// `chargeshare generate problem`: a deterministic synthetic DispatchProblem.
public struct GenerateProblemCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "problem",
        abstract: "Write a deterministic synthetic DispatchProblem (same arguments, same bytes).",
        discussion: "See docs/synthetic-problems.md for what the generator models."
    )

    @Option(name: .long, help: "Number of feeders.") var feeders: Int = 1
    @Option(name: .customLong("sites-per-feeder"), help: "Homes per feeder, one charger each.") var sitesPerFeeder: Int = 5
    @Option(name: .long, help: "Sessions per feeder.") var sessions: Int = 10
    @Option(name: .long, help: "Intervals in the window.") var intervals: Int = 96
    @Option(name: .customLong("interval-minutes"), help: "Interval length.") var intervalMinutes: Int = 15
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .long, help: "Output file (default: standard output).") var out: String?

    public init() {}

    public func validate() throws {
        guard feeders >= 1 else { throw ValidationError("--feeders must be at least 1") }
        guard sitesPerFeeder >= 1 else { throw ValidationError("--sites-per-feeder must be at least 1") }
        guard sessions >= 0 else { throw ValidationError("--sessions must be at least 0") }
        guard (1...DispatchProblem.maximumIntervals).contains(intervals) else {
            throw ValidationError("--intervals must be from 1 to \(DispatchProblem.maximumIntervals)")
        }
        guard DispatchProblem.allowedIntervalMinutes.contains(intervalMinutes) else {
            throw ValidationError("--interval-minutes must be one of 1, 5, 10, 15, 20, 30, 60")
        }
    }

    public func run() throws {
        let problem = ProblemGenerator(
            feeders: feeders, sitesPerFeeder: sitesPerFeeder, sessionsPerFeeder: sessions, intervals: intervals,
            intervalMinutes: intervalMinutes, seed: seed
        ).generate()
        try IO.write(JSONWriter(indent: 1).bytes(problem.json), to: out)
    }
}
