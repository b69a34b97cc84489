public import ArgumentParser
import ChargeShareDomain
import Foundation
import Telemetry

/// `chargeshare telemetry`: OCPP 2.0.1 telemetry envelopes (docs/telemetry.md).
public struct TelemetryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "Check OCPP 2.0.1 telemetry envelopes against the contract (docs/telemetry.md).",
        subcommands: [TelemetryCheckCommand.self]
    )

    public init() {}
}

/// `chargeshare telemetry check --file F`: every line's verdict, nothing stored.
struct TelemetryCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read a JSONL file of envelopes and report each rejected line with its reason; stores nothing.",
        discussion: "Exit codes: 0 the file was read (even with rejected lines); 2 bad arguments or an unreadable file."
    )

    @Option(name: .long, help: ArgumentHelp("JSONL envelopes, or - for stdin.", valueName: "file")) var file: String
    @Option(name: .long, help: ArgumentHelp("When the lines were received (RFC 3339; default now): the future bound.", valueName: "time"))
    var received: String?
    @Flag(name: .long, help: "One JSON object per line ({\"line\", \"accepted\", \"path\", \"reason\"}), then {\"accepted\": N, \"rejected\": N}.")
    var json = false

    func run() throws {
        let reader = TelemetryReader(receivedAt: try TimeOption.timestamp(received, option: "--received"))
        let bytes = try IO.readOrExit(file, what: "telemetry", limit: 1 << 30)
        var accepted = 0, rejected = 0
        for line in JSONLines.lines(bytes) {
            do {
                _ = try reader.read(Array(line.bytes))
                accepted += 1
                if json { IO.print(#"{"line":\#(line.number),"accepted":true}"#) }
            } catch {
                rejected += 1
                if json {
                    IO.print(
                        JSONWriter().string(
                            .object([
                                ("line", .integer(line.number)), ("accepted", .bool(false)), ("path", .string(error.path)),
                                ("reason", .string(error.message)),
                            ])))
                } else {
                    IO.printError("line \(line.number): \(error)")
                }
            }
        }
        if json {
            IO.print(#"{"accepted":\#(accepted),"rejected":\#(rejected)}"#)
        } else {
            IO.print("\(accepted + rejected) message(s): \(accepted) accepted, \(rejected) rejected")
        }
    }
}
