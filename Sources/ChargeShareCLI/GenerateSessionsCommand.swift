import ArgumentParser
import ChargeShareDatasets
import Foundation
import Synthetic

/// `chargeshare generate sessions`: synthetic sessions from the ElaadNL distributions.
struct GenerateSessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "Generate charging sessions from the ElaadNL distributions, in the engine's session-export CSV.",
        discussion: "See docs/synthetic-problems.md. The same options always give the same file."
    )

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Directory holding the ElaadNL CSV files (default: Datasets/elaad, found from the working directory, the executable or $CHARGESHARE_DATASETS).",
            valueName: "dir"))
    var distributions: String?

    @Option(name: .long, help: "Charger location: private, public or workplace.")
    var location = "workplace"

    @Option(name: .long, help: "Number of stations.")
    var stations = 20

    @Option(name: .customLong("sessions-per-day"), help: "Arrivals on a weekday.")
    var sessionsPerDay = 25

    @Option(name: .customLong("first-day"), help: "First day, YYYY-MM-DD.")
    var firstDay = "2026-03-02"

    @Option(name: .long, help: "Number of days.")
    var days = 7

    @Option(name: .customLong("time-zone"), help: "Time zone of the days.")
    var timeZone = "Europe/Amsterdam"

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Output file; standard output when omitted.", valueName: "file"))
    var out: String?

    /// Rejects bad options with exit code 2 and one line on standard error.
    func validate() throws {
        if let problem = problem() {
            IO.printError("error: \(problem)")
            throw ExitCode(2)
        }
    }

    func problem() -> String? {
        guard ElaadDistributions.Location(rawValue: location) != nil else { return "--location must be private, public or workplace" }
        guard (1...1000).contains(stations), (0...10_000).contains(sessionsPerDay), (1...3660).contains(days) else {
            return "--stations must be 1–1000, --sessions-per-day 0–10000, --days 1–3660"
        }
        guard sessionsPerDay * days <= 1_000_000 else {
            return "--sessions-per-day × --days must be at most 1000000 arrivals; got \(sessionsPerDay * days)"
        }
        guard TimeZone(identifier: timeZone) != nil else { return "--time-zone: unknown time zone \"\(timeZone)\"" }
        if let problem = SessionGenerator.problem(firstDay: firstDay, days: days) { return "--first-day: \(problem)" }
        return nil
    }

    func run() throws {
        guard let directory = distributions ?? Self.elaadDirectory() else {
            IO.printError(
                "error: cannot find Datasets/elaad in the working directory, above the executable or in $CHARGESHARE_DATASETS; give --distributions DIR"
            )
            throw ExitCode(2)
        }
        let tables: ElaadDistributions
        do { tables = try ElaadDistributions.load(directory: directory) } catch {
            IO.printError("error: \(error)")
            throw ExitCode(2)
        }
        let generator = SessionGenerator(
            distributions: tables, location: ElaadDistributions.Location(rawValue: location) ?? .workplace,
            stations: stations, sessionsPerDay: sessionsPerDay, seed: seed)
        let result = generator.generate(firstDay: firstDay, days: days, timeZone: timeZone)
        try IO.write(Array(SessionFile.export(result.sessions).utf8), to: out)
        IO.printError("\(result.sessions.count) sessions, \(result.rejected) arrivals turned away (no free station)")
    }

    /// `Datasets/elaad` of the repository or installation: `$CHARGESHARE_DATASETS/elaad` when
    /// the variable is set, else the first `Datasets/elaad` found walking up from the working
    /// directory and from the executable's resolved location (the logic of `IO.exampleProblemPath`).
    static func elaadDirectory() -> String? {
        let marker = "distribution-of-arrival.csv"
        let fm = FileManager.default
        if let root = ProcessInfo.processInfo.environment["CHARGESHARE_DATASETS"] {
            let directory = (root as NSString).appendingPathComponent("elaad")
            return fm.fileExists(atPath: (directory as NSString).appendingPathComponent(marker)) ? directory : nil
        }
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".")).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for start in [URL(fileURLWithPath: fm.currentDirectoryPath), executable] {
            var directory = start
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent("Datasets").appendingPathComponent("elaad")
                if fm.fileExists(atPath: candidate.appendingPathComponent(marker).path) { return candidate.path }
                directory.deleteLastPathComponent()
            }
        }
        return nil
    }
}
