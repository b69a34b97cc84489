public import ArgumentParser
import ChargeShareDomain
import Foundation
import Store

/// `chargeshare registry`: the feeders, sites and chargers the engine manages.
public struct RegistryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Keep the registry of feeders, sites and chargers in the engine database (docs/telemetry.md).",
        subcommands: [RegistryImportCommand.self]
    )

    public init() {}
}

/// `chargeshare registry import --db FILE --file registry.json`.
struct RegistryImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Insert or update feeders, sites and chargers by id (the same file twice changes nothing).",
        discussion:
            "Exit codes: 0 imported; 2 bad arguments, an unreadable file or an invalid registry (one line per error with its JSON path); 1 the database could not be opened or written (nothing is written then)."
    )

    @Option(name: .long, help: ArgumentHelp("Engine database (SQLite, created when missing).", valueName: "file")) var db: String
    @Option(
        name: .long,
        help: ArgumentHelp("Registry JSON: {\"feeders\": [...], \"sites\": [...], \"chargers\": [...]}, or - for stdin.", valueName: "file"))
    var file: String
    @Option(name: .long, help: ArgumentHelp("Time recorded as updated_at (RFC 3339; default now).", valueName: "time")) var now: String?
    @Flag(name: .long, help: "Print {\"inserted\": N, \"updated\": N, \"unchanged\": N} as the last line on standard output.") var json = false

    func run() throws {
        let time = try TimeOption.timestamp(now, option: "--now")
        let bytes = try IO.readOrExit(file, what: "registry")
        let store: SQLiteStore
        let existing: RegistryContext
        do {
            store = try SQLiteStore(path: db, schema: .engine)
            existing = try store.registryContext()
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
        let registry: Registry
        do { registry = try RegistryReader.read(bytes, existing: existing) } catch {
            for issue in error.issues { IO.printError(issue.description) }
            throw ExitCode(2)
        }
        let changes = try IO.failingWithExitOne { try store.upsert(registry, at: time) }
        IO.print(
            "registry: \(registry.feeders.count) feeder(s), \(registry.sites.count) site(s), \(registry.chargers.count) charger(s): \(changes.inserted) inserted, \(changes.updated) updated, \(changes.unchanged) unchanged"
        )
        if json {
            IO.print(
                JSONWriter().string(
                    .object([
                        ("inserted", .integer(changes.inserted)), ("updated", .integer(changes.updated)), ("unchanged", .integer(changes.unchanged)),
                    ])))
        }
    }
}
