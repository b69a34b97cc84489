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
        abstract:
            "Store OCPP 2.0.1 telemetry envelopes (JSONL) or ACN-Data sessions (CSV) in the engine database, each once (docs/telemetry.md).",
        subcommands: [IngestFileCommand.self, IngestStatsCommand.self],
        defaultSubcommand: IngestFileCommand.self
    )

    public init() {}
}

/// `chargeshare ingest --db FILE --file PATH|-`.
struct IngestFileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file",
        abstract:
            "Ingest a JSONL file of envelopes or an ACN sessions CSV (told by content), or an MQTT stream; rejected lines go to the rejects file with their line and reason.",
        discussion:
            "The kind of file is told by its content: JSONL envelopes are streamed in batches (5,000 lines or 8 MiB each; a line over 1 MiB is rejected unread), an ACN sessions CSV is read whole (at most 1 GiB). Exit codes: 0 the file was read (even with rejected lines); 2 bad arguments, an unreadable file, a file that is neither format or a wrong ACN header (nothing is stored); 1 the database failed (each transaction is all or nothing; running the same file again stores the rest)."
    )

    @Option(name: .long, help: ArgumentHelp("Engine database (SQLite, created when missing).", valueName: "file")) var db: String
    @Option(name: .long, help: ArgumentHelp("JSONL envelopes or ACN sessions CSV, or - for stdin.", valueName: "file")) var file: String?
    @Option(name: .long, help: ArgumentHelp("Stream from this broker until SIGINT/SIGTERM instead of reading a file.", valueName: "mqtt://host:port"))
    var mqtt: String?
    @Option(name: .long, help: ArgumentHelp("Topic filter for --mqtt (default chargeshare/+/telemetry).", valueName: "filter")) var topic: String?
    @Option(
        name: .customLong("client-id"),
        help: ArgumentHelp("Stable MQTT client id (default: chargeshare- and a hash of the database path).", valueName: "id"))
    var clientId: String?
    @Option(name: .long, help: ArgumentHelp("Rejected lines of this run, as JSONL (default: DB.rejects.jsonl).", valueName: "file"))
    var rejects: String?
    @Option(name: .long, help: ArgumentHelp("When the lines were received (RFC 3339; default now).", valueName: "time")) var received: String?
    @Flag(name: .long, help: "Print {\"accepted\": N, \"duplicates\": N, \"rejected\": N} as the last line on standard output.") var json = false
    @Flag(name: .customLong("no-progress"), help: "Do not show progress (bar, count, rate, ETA) on standard error.") var noProgress = false

    func validate() throws {
        if (file == nil) == (mqtt == nil) { throw ValidationError("give either --file or --mqtt") }
        if mqtt == nil && (topic != nil || clientId != nil) { throw ValidationError("--topic and --client-id go with --mqtt") }
        if mqtt != nil && (rejects != nil || received != nil) { throw ValidationError("--rejects and --received go with --file") }
    }

    func run() throws {
        guard let file else {
            return try IngestStream.run(db: db, url: mqtt ?? "", topic: topic, clientId: clientId, json: json, progress: !noProgress)
        }
        let receivedAt = try TimeOption.timestamp(received, option: "--received")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: rejects ?? db + ".rejects.jsonl", isDirectory: &isDirectory), isDirectory.boolValue {
            IO.printError("error: --rejects: \(Displayed.quoted(rejects ?? db + ".rejects.jsonl", limit: 1024)) is a directory")
            throw ExitCode(2)
        }
        let input: StreamedInput
        let kind: IngestInput?
        do {
            input = try StreamedInput(file)
            kind = try input.kind(source: file == "-" ? "stdin" : file)
        } catch let failure as FileFailure {
            IO.printError("error: cannot read telemetry \(failure)")
            throw ExitCode(IO.unreadableInputExitCode)
        } catch {
            IO.printError("error: cannot ingest \(Displayed.quoted(file, limit: 1024)): \(error); nothing was stored")
            throw ExitCode(2)
        }
        let store: SQLiteStore
        do { store = try SQLiteStore(path: db, schema: .engine) } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
        let report: BatchIngest.Report
        let source = file == "-" ? "stdin" : file
        var bar: ProgressBar?
        do {
            switch kind {
            case .acnSessions(let sessions):
                bar = noProgress ? nil : ProgressBar(label: "ingest", unit: "lines", total: nil)
                report = try ACNSessionIngest(store: store).ingest(sessions, source: source, receivedAt: receivedAt) { done, all in
                    bar?.update("lines", done, of: file == "-" ? nil : all)
                }
            case .telemetry(let bytes):
                report = try BatchIngest(store: store).ingest(bytes, source: source, receivedAt: receivedAt)
            case nil:
                // Streamed: progress by bytes read (the total when the size is known: a file, not a pipe).
                bar = noProgress ? nil : ProgressBar(label: "ingest", unit: "bytes", total: input.size)
                report = try BatchIngest(store: store).ingest(lines: input.lines(), source: source, receivedAt: receivedAt) { _, bytes in
                    bar?.update("bytes", bytes)
                }
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
        commandName: "stats",
        abstract: "Counts of stored messages, sessions, meter samples, device readings, rejected lines and historical sessions.")

    @Option(name: .long, help: ArgumentHelp("Engine database.", valueName: "file")) var db: String
    @Flag(
        name: .long,
        help: "Print {\"messages\": N, \"sessions\": N, \"meterSamples\": N, \"deviceReadings\": N, \"rejected\": N, \"historicalSessions\": N}.")
    var json = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else {
            IO.printError("error: cannot read database \(Displayed.quoted(db, limit: 1024)): no such file")
            throw ExitCode(2)
        }
        let (s, historical) = try IO.failingWithExitOne {
            let store = try SQLiteStore(path: db, schema: .engine)
            return (try store.telemetryStats(), try store.historicalSessionCount())
        }
        if json {
            IO.print(
                #"{"messages":\#(s.messages),"sessions":\#(s.sessions),"meterSamples":\#(s.meterSamples),"deviceReadings":\#(s.deviceReadings),"rejected":\#(s.rejected),"historicalSessions":\#(historical)}"#
            )
        } else {
            IO.print(
                "\(s.messages) message(s), \(s.sessions) session(s), \(s.meterSamples) meter sample(s), \(s.deviceReadings) device reading(s), \(s.rejected) rejected line(s), \(historical) historical session(s)"
            )
        }
    }
}
