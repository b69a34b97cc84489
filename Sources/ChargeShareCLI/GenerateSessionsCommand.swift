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

    @Option(name: .long, help: ArgumentHelp("Directory holding the ElaadNL CSV files.", valueName: "dir"))
    var distributions = "Datasets/elaad"

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

    func validate() throws {
        guard ElaadDistributions.Location(rawValue: location) != nil else { throw ValidationError("--location must be private, public or workplace") }
        guard (1...1000).contains(stations), (0...10_000).contains(sessionsPerDay), (1...3660).contains(days) else {
            throw ValidationError("--stations must be 1–1000, --sessions-per-day 0–10000, --days 1–3660")
        }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("--time-zone: unknown time zone \"\(timeZone)\"") }
        let parts = firstDay.split(separator: "-")
        guard parts.count == 3, firstDay.count == 10, parts.allSatisfy({ Int($0) != nil }) else {
            throw ValidationError("--first-day: expected YYYY-MM-DD, got \"\(firstDay)\"")
        }
    }

    func run() throws {
        let tables: ElaadDistributions
        do { tables = try ElaadDistributions.load(directory: distributions) } catch {
            IO.printError("error: \(error)")
            throw ExitCode(2)
        }
        let generator = SessionGenerator(distributions: tables, location: ElaadDistributions.Location(rawValue: location) ?? .workplace,
                                         stations: stations, sessionsPerDay: sessionsPerDay, seed: seed)
        let result = generator.generate(firstDay: firstDay, days: days, timeZone: timeZone)
        try IO.write(Array(SessionFile.export(result.sessions).utf8), to: out)
        IO.printError("\(result.sessions.count) sessions, \(result.rejected) arrivals turned away (no free station)")
    }
}
