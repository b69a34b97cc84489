import ArgumentParser
import ChargeShareDomain
import Foundation
import Ingest
import MQTT
import Store
import Synchronization
import Telemetry

/// `chargeshare ingest --db FILE --mqtt mqtt://HOST:PORT [--topic T] [--client-id ID]`: the stream
/// until SIGINT or SIGTERM (docs/telemetry.md, "Streaming ingest").
enum IngestStream {
    static func run(db: String, url: String, topic: String?, clientId: String?, json: Bool, progress: Bool) throws {
        let address: MQTTAddress
        let subscriber: MQTTSubscriber
        do {
            address = try MQTTAddress(url: url)
            subscriber = try MQTTSubscriber(
                address: address, clientId: clientId ?? defaultClientId(db: db), topic: topic ?? TelemetryTopic.allStations)
        } catch {
            IO.printError("error: --mqtt/--topic/--client-id: \(error)")
            throw ExitCode(2)
        }
        let store: SQLiteStore
        do { store = try SQLiteStore(path: db, schema: .engine) } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
        StopSignals.install()
        let started = ContinuousClock.now
        var lastLine = started
        let report: StreamIngest.Report
        do {
            report = try StreamIngest(store: store).run(
                subscriber, shouldStop: { StopSignals.received != 0 }, log: { IO.printError("ingest: \($0)") },
                committed: { _, report in
                    guard progress, ContinuousClock.now - lastLine >= .seconds(10) else { return }
                    lastLine = ContinuousClock.now
                    IO.printError("ingest: \(report.messages) message(s) so far, \(rate(report.messages, since: started))/s")
                })
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
        let c = report.counts
        IO.print(
            "stream: \(report.messages) message(s) in \(report.transactions) transaction(s): \(c.accepted) accepted, \(c.duplicates) duplicate(s), \(c.rejected) rejected\(c.conflicts > 0 ? " (\(c.conflicts) seqNo conflict(s) recorded)" : ""); \(report.reconnects) reconnect(s)"
        )
        if json { IO.print(#"{"accepted":\#(c.accepted),"duplicates":\#(c.duplicates),"rejected":\#(c.rejected)}"#) }
    }

    /// `chargeshare-` and 8 hex digits of the database's absolute path (FNV-1a): stable across
    /// restarts of the same ingester, different for another database, 20 bytes (every broker takes ≤ 23).
    static func defaultClientId(db: String) -> String {
        let path = URL(fileURLWithPath: db).standardizedFileURL.path
        var hash: UInt32 = 2_166_136_261
        for byte in path.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        return "chargeshare-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    private static func rate(_ count: Int, since start: ContinuousClock.Instant) -> Int {
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return seconds > 0 ? Int(Double(count) / seconds) : 0
    }
}

/// SIGINT and SIGTERM ask a long-running command to finish what it holds and stop.
enum StopSignals {
    private static let signal = Atomic<Int32>(0)

    /// The signal received, or 0.
    static var received: Int32 { signal.load(ordering: .relaxed) }

    /// The first SIGINT or SIGTERM asks the command to stop; a second one ends the process at once
    /// (the default action), which is safe because nothing is acknowledged before it is committed.
    static func install() {
        _ = received  // initialise the atomic here, not inside the handler
        for s in [SIGINT, SIGTERM] {
            Foundation.signal(s) { number in
                StopSignals.signal.store(number, ordering: .relaxed)
                Foundation.signal(number, SIG_DFL)
            }
        }
    }
}
