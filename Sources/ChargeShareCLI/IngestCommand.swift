public import ArgumentParser
import ChargeShareDomain
import Foundation
import Ingest
import Store
import Telemetry

/// `chargeshare ingest`: OCPP 2.0.1 telemetry into the engine database (docs/telemetry.md).
public struct IngestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store OCPP 2.0.1 telemetry envelopes in the engine database, each message once (docs/telemetry.md).",
        subcommands: [IngestFileCommand.self, IngestStatsCommand.self],
        defaultSubcommand: IngestFileCommand.self
    )

    public init() {}
}

/// `chargeshare ingest --db FILE --file PATH|-`.
struct IngestFileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file",
        abstract: "Ingest a JSONL file of envelopes; rejected lines go to the rejects file with their line and reason.",
        discussion:
            "The file is streamed in batches (5,000 lines or 8 MiB each); a line over 1 MiB is rejected unread. Exit codes: 0 the file was read (even with rejected lines); 2 bad arguments or an unreadable file; 1 the database failed (each transaction is all or nothing; running the same file again stores the rest)."
    )

    @Option(name: .long, help: ArgumentHelp("Engine database (SQLite, created when missing).", valueName: "file")) var db: String
    @Option(name: .long, help: ArgumentHelp("JSONL envelopes, or - for stdin.", valueName: "file")) var file: String
    @Option(name: .long, help: ArgumentHelp("Rejected lines of this run, as JSONL (default: DB.rejects.jsonl).", valueName: "file"))
    var rejects: String?
    @Option(name: .long, help: ArgumentHelp("When the lines were received (RFC 3339; default now).", valueName: "time")) var received: String?
    @Flag(name: .long, help: "Print {\"accepted\": N, \"duplicates\": N, \"rejected\": N} as the last line on standard output.") var json = false
    @Flag(name: .customLong("no-progress"), help: "Do not draw the progress bar on standard error.") var noProgress = false

    func run() throws {
        let receivedAt = try TimeOption.timestamp(received, option: "--received")
        let input: StreamedInput
        do { input = try StreamedInput(file) } catch {
            IO.printError("error: cannot read telemetry \(error)")
            throw ExitCode(IO.unreadableInputExitCode)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: rejects ?? db + ".rejects.jsonl", isDirectory: &isDirectory), isDirectory.boolValue {
            IO.printError("error: --rejects: \(Displayed.quoted(rejects ?? db + ".rejects.jsonl", limit: 1024)) is a directory")
            throw ExitCode(2)
        }
        let store: SQLiteStore
        do { store = try SQLiteStore(path: db, schema: .engine) } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
        // A bar when the size is known (a file, not a pipe), by bytes read.
        let bar = noProgress ? nil : input.size.map { ProgressBar(label: "ingest", total: $0) }
        let report: BatchIngest.Report
        do {
            let lines = JSONLinesReader { buffer in try input.read(into: buffer) }
            report = try BatchIngest(store: store).ingest(lines: lines, source: file == "-" ? "stdin" : file, receivedAt: receivedAt) { _, bytes in
                bar?.update("bytes", bytes)
            }
            bar?.finish()
        } catch {
            bar?.finish()
            _ = try? writeRejects(error.report)
            IO.printError(error.isStoreFailure ? "error: \(error)" : "error: cannot read telemetry \(error)")
            throw ExitCode(error.isStoreFailure ? 1 : IO.unreadableInputExitCode)
        }
        let rejectsPath = try writeRejects(report)
        let c = report.counts
        IO.print(
            "\(report.lines) line(s): \(c.accepted) accepted, \(c.duplicates) duplicate(s), \(c.rejected) rejected\(c.conflicts > 0 ? " (\(c.conflicts) seqNo conflict(s) recorded)" : "")\(c.rejected > 0 ? "; rejects in \(rejectsPath)" : "")"
        )
        if json { IO.print(#"{"accepted":\#(c.accepted),"duplicates":\#(c.duplicates),"rejected":\#(c.rejected)}"#) }
    }

    /// Writes this run's rejected lines (replacing the file's earlier content) and returns its path.
    @discardableResult
    func writeRejects(_ report: BatchIngest.Report) throws -> String {
        let path = rejects ?? db + ".rejects.jsonl"
        var out = ""
        for r in report.rejects {
            out += JSONWriter().string(.object([("line", .integer(r.line)), ("reason", .string(r.reason)), ("text", .string(r.text))])) + "\n"
        }
        do { try IO.write(Array(out.utf8), to: path) } catch {
            IO.printError("error: cannot write the rejects file: \(error)")
            throw ExitCode(1)
        }
        return path
    }
}

/// `chargeshare ingest stats --db FILE [--json]`.
struct IngestStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts of stored messages, sessions, meter samples, device readings and rejected lines.")

    @Option(name: .long, help: ArgumentHelp("Engine database.", valueName: "file")) var db: String
    @Flag(name: .long, help: "Print {\"messages\": N, \"sessions\": N, \"meterSamples\": N, \"deviceReadings\": N, \"rejected\": N}.") var json =
        false

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else {
            IO.printError("error: cannot read database \(Displayed.quoted(db, limit: 1024)): no such file")
            throw ExitCode(2)
        }
        let s = try IO.failingWithExitOne { try SQLiteStore(path: db, schema: .engine).telemetryStats() }
        if json {
            IO.print(
                #"{"messages":\#(s.messages),"sessions":\#(s.sessions),"meterSamples":\#(s.meterSamples),"deviceReadings":\#(s.deviceReadings),"rejected":\#(s.rejected)}"#
            )
        } else {
            IO.print(
                "\(s.messages) message(s), \(s.sessions) session(s), \(s.meterSamples) meter sample(s), \(s.deviceReadings) device reading(s), \(s.rejected) rejected line(s)"
            )
        }
    }
}
