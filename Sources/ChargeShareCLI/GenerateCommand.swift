public import ArgumentParser
import ChargeShareDomain
import Synthetic

/// `chargeshare generate`: synthetic inputs.
public struct GenerateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate synthetic inputs.",
        subcommands: [GenerateProblemCommand.self, GenerateDepotCommand.self, GenerateSessionsCommand.self]
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

    var generator: ProblemGenerator {
        ProblemGenerator(
            feeders: feeders, sitesPerFeeder: sitesPerFeeder, sessionsPerFeeder: sessions, intervals: intervals,
            intervalMinutes: intervalMinutes, seed: seed
        )
    }

    public func validate() throws {
        if let problem = generator.problemWithSettings { throw ValidationError(problem) }
    }

    public func run() throws { try Self.write(generator.generate(), to: out) }

    /// Writes `problem` as indented JSON to `out` (standard output when nil); exit 1 when it cannot.
    static func write(_ problem: DispatchProblem, to out: String?) throws {
        do { try IO.write(JSONWriter(indent: 1).bytes(problem.json), to: out) } catch {
            IO.printError("error: cannot write problem: \(error)")
            throw ExitCode(1)
        }
    }
}
