import Foundation
import GRDB
import MQTT
import Testing
import TestSupport

/// The ingest process itself under abuse (issue 12 item 8): `kill -9` in the middle of a batch and
/// of a stream, SIGTERM, a full disk and a read-only database. Real executable, real SQLite, real
/// mosquitto; the totals afterwards are exact.
@Suite("Ingest: kill -9, SIGTERM, full disk, read-only", .serialized)
struct IngestCrashTests {
    /// `count` MeterValues envelopes from `stations` stations, each with three samples (an import
    /// register rising per station and two phase voltages), messageIds `prefix-i`.
    static func meterValues(_ count: Int, prefix: String = "m", stations: Int = 200) -> [String] {
        (0..<count).map { i in
            let station = "CS-\(i % stations)"
            let t =
                "2026-06-01T\(String(format: "%02d", 8 + i / stations / 3600 % 12)):\(String(format: "%02d", i / stations / 60 % 60)):\(String(format: "%02d", i / stations % 60))Z"
            return
                #"{"messageId":"\#(prefix)-\#(i)","stationId":"\#(station)","evseId":1,"recordedAt":"\#(t)","action":"MeterValues","payload":{"evseId":1,"meterValue":[{"timestamp":"\#(t)","sampledValue":[{"value":\#(1000 + i / stations)},{"value":230.1,"measurand":"Voltage","phase":"L1-N","unitOfMeasure":{"unit":"V"}},{"value":229.4,"measurand":"Voltage","phase":"L2-N","unitOfMeasure":{"unit":"V"}}]}]}}"#
        }
    }

    static func scratch() -> String { Fixtures.temporaryDirectory() }

    /// Counts read through a read-only connection, as another process would while the ingester writes.
    static func counts(_ db: String) throws -> (messages: Int, samples: Int) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)  // the ingester may hold a lock while it opens the file
        return try DatabaseQueue(path: db, configuration: configuration).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? -1, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meter_samples") ?? -1)
        }
    }

    static func integrity(_ db: String) throws -> String {
        try DatabaseQueue(path: db).read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    static func chargeshare(_ arguments: [String], output: String) throws -> ChildProcess {
        try ChildProcess(CLITests.builtExecutable().path, arguments, output: output)
    }

    /// Waits until `condition` holds (checked every 10 ms) or `timeout` passes.
    static func waitFor(_ timeout: Duration, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            usleep(10_000)
        }
        return try condition()
    }

    static func lastLine(_ text: String) -> String { text.split(separator: "\n").last.map(String.init) ?? "" }

    @Test("kill -9 in the middle of a batch: what is stored is whole, and the rerun stores exactly the rest")
    func killDuringBatch() throws {
        let dir = Self.scratch()
        let db = dir + "/engine.sqlite", file = dir + "/big.jsonl"
        let n = 60_000
        try Self.meterValues(n).joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let first = try Self.chargeshare(["ingest", "--db", db, "--file", file, "--no-progress"], output: dir + "/first")
        let started = Self.waitFor(.seconds(120)) { FileManager.default.fileExists(atPath: db) && (try? Self.counts(db).messages) ?? 0 > 0 }
        #expect(started, "\(first.stderr)")
        #expect(first.kill(SIGKILL) == 128 + SIGKILL)
        let (committed, samples) = try Self.counts(db)
        #expect(committed > 0 && committed < n, "killed after \(committed) of \(n)")
        #expect(samples == 3 * committed, "a message is stored whole or not at all")
        #expect(try Self.integrity(db) == "ok")

        let second = try Self.chargeshare(["ingest", "--db", db, "--file", file, "--no-progress", "--json"], output: dir + "/second")
        #expect(second.wait(timeout: .seconds(300)) == 0, "\(second.stderr)")
        #expect(Self.lastLine(second.stdout) == #"{"accepted":\#(n - committed),"duplicates":\#(committed),"rejected":0}"#)
        #expect(try Self.counts(db) == (n, 3 * n))
    }

    @Test("kill -9 in the middle of a stream, then SIGTERM: nothing lost, nothing doubled, a clean exit")
    func killDuringStream() throws {
        let broker = try Broker.start()
        let dir = Self.scratch()
        let db = dir + "/engine.sqlite"
        let n = 20_000
        let lines = Self.meterValues(n, prefix: "s")
        let arguments = ["ingest", "--db", db, "--mqtt", broker.url, "--client-id", "engine-crash", "--no-progress", "--json"]
        let first = try Self.chargeshare(arguments, output: dir + "/first")
        #expect(Self.waitFor(.seconds(30)) { first.stderr.contains("subscribed to chargeshare/+/telemetry") }, "\(first.stderr)")
        let publishing = Thread {
            let publisher = try? MQTTPublisher(address: MQTTAddress(url: broker.url), clientId: "stations")
            try? publisher?.connect()
            for (i, line) in lines.enumerated() {
                _ = try? publisher?.publish(topic: "chargeshare/CS-\(i % 200)/telemetry", payload: Array(line.utf8))
            }
            try? publisher?.waitForAcknowledgements(timeout: .seconds(120))
            publisher?.disconnect()
        }
        publishing.start()
        #expect(try Self.waitFor(.seconds(60)) { try Self.counts(db).messages >= 1000 })
        #expect(first.kill(SIGKILL) == 128 + SIGKILL)
        let (committed, samples) = try Self.counts(db)
        #expect(committed >= 1000 && committed < n, "killed after \(committed) of \(n): not in the middle")
        #expect(samples == 3 * committed)

        let second = try Self.chargeshare(arguments, output: dir + "/second")
        #expect(try Self.waitFor(.seconds(120)) { try Self.counts(db).messages == n }, "\(second.stderr)")
        usleep(300_000)  // anything redelivered after the last commit is a duplicate, not a new message
        second.kill(SIGTERM)
        #expect(second.wait(timeout: .seconds(10)) == 0, "\(second.stderr)")
        let summary = Self.lastLine(second.stdout)
        #expect(summary.hasPrefix(#"{"accepted":\#(n - committed),"duplicates":"#), "\(second.stdout)")
        #expect(summary.hasSuffix(#","rejected":0}"#))
        #expect(try Self.counts(db) == (n, 3 * n))
        #expect(try Self.integrity(db) == "ok")
    }
}

/// A small tmpfs of its own (mounting needs root; this machine kind runs tests as root), unmounted
/// at the end.
final class SmallDisk {
    let path: String

    init(megabytes: Int) throws {
        path = IngestCrashTests.scratch()
        try Self.mount(["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
    }

    deinit { _ = try? Self.mount(["-u", path], program: "/bin/umount") }

    func remount(_ options: String) throws { try Self.mount(["-o", "remount,\(options)", path]) }

    static func mount(_ arguments: [String], program: String = "/bin/mount") throws {
        let process = try ChildProcess(program, arguments, output: NSTemporaryDirectory() + "/mount-\(UUID().uuidString)")
        let status = process.wait(timeout: .seconds(30))
        guard status == 0 else { throw ChildProcess.Failure(description: "\(program) \(arguments.joined(separator: " ")): \(process.stderr)") }
    }
}

extension IngestCrashTests {
    @Test(
        "A full disk: exit 1 with the reason, what is stored is whole; with room again the rerun stores exactly the rest",
        .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func fullDisk() throws {
        let disk = try SmallDisk(megabytes: 2)
        let db = disk.path + "/engine.sqlite"
        let file = Self.scratch() + "/batch.jsonl"
        let n = 20_000
        try Self.meterValues(n).joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let full = try Self.chargeshare(["ingest", "--db", db, "--file", file, "--no-progress"], output: file + ".full")
        #expect(full.wait(timeout: .seconds(120)) == 1)
        #expect(full.stderr.contains("database or disk is full"), "\(full.stderr)")
        #expect(full.stderr.contains("run the same file again to store the rest"), "\(full.stderr)")
        let (committed, samples) = try Self.counts(db)
        #expect(committed < n)
        #expect(samples == 3 * committed)
        #expect(try Self.integrity(db) == "ok")

        try disk.remount("size=256m")
        let rerun = try Self.chargeshare(["ingest", "--db", db, "--file", file, "--no-progress", "--json"], output: file + ".rerun")
        #expect(rerun.wait(timeout: .seconds(120)) == 0, "\(rerun.stderr)")
        #expect(Self.lastLine(rerun.stdout) == #"{"accepted":\#(n - committed),"duplicates":\#(committed),"rejected":0}"#)
        #expect(try Self.counts(db) == (n, 3 * n))
    }

    @Test(
        "A full disk under a stream: exit 1, nothing of the failed batch acknowledged; with room again every message is stored once",
        .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func fullDiskStream() throws {
        let broker = try Broker.start()
        let disk = try SmallDisk(megabytes: 2)
        let db = disk.path + "/engine.sqlite"
        let n = 20_000
        let session = try MQTTSubscriber(address: MQTTAddress(url: broker.url), clientId: "engine-full", topic: "chargeshare/+/telemetry")
        try session.connect()
        session.disconnect()
        let publisher = try MQTTPublisher(address: MQTTAddress(url: broker.url), clientId: "stations")
        try publisher.connect()
        for (i, line) in Self.meterValues(n, prefix: "f").enumerated() {
            try publisher.publish(topic: "chargeshare/CS-\(i % 200)/telemetry", payload: Array(line.utf8))
        }
        try publisher.waitForAcknowledgements(timeout: .seconds(120))
        let arguments = ["ingest", "--db", db, "--mqtt", broker.url, "--client-id", "engine-full", "--no-progress", "--json"]
        let full = try Self.chargeshare(arguments, output: Self.scratch() + "/full")
        #expect(full.wait(timeout: .seconds(120)) == 1)
        #expect(full.stderr.contains("database or disk is full"), "\(full.stderr)")
        #expect(full.stderr.contains("the broker keeps the rest for the next run"), "\(full.stderr)")
        let (committed, samples) = try Self.counts(db)
        #expect(committed < n)
        #expect(samples == 3 * committed)

        try disk.remount("size=256m")
        let rerun = try Self.chargeshare(arguments, output: Self.scratch() + "/rerun")
        #expect(try Self.waitFor(.seconds(120)) { try Self.counts(db).messages == n }, "\(rerun.stderr)")
        rerun.kill(SIGTERM)
        #expect(rerun.wait(timeout: .seconds(10)) == 0, "\(rerun.stderr)")
        #expect(Self.lastLine(rerun.stdout).hasPrefix(#"{"accepted":\#(n - committed),"#), "\(rerun.stdout)")
        #expect(try Self.counts(db) == (n, 3 * n))
        #expect(try Self.integrity(db) == "ok")
    }

    @Test(
        "A read-only database: exit 1 with the reason, for a file and for a stream; the store unchanged",
        .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func readOnlyDatabase() throws {
        let disk = try SmallDisk(megabytes: 16)
        let db = disk.path + "/engine.sqlite"
        let file = Self.scratch() + "/batch.jsonl"
        try Self.meterValues(100).joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let seed = try Self.chargeshare(["ingest", "--db", db, "--file", file, "--no-progress"], output: file + ".seed")
        #expect(seed.wait(timeout: .seconds(60)) == 0, "\(seed.stderr)")
        try Self.meterValues(200, prefix: "more").joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        try disk.remount("ro")

        let batch = try Self.chargeshare(
            ["ingest", "--db", db, "--file", file, "--no-progress", "--rejects", file + ".rejects"], output: file + ".ro")
        #expect(batch.wait(timeout: .seconds(60)) == 1)
        let reason =
            "error: cannot open the database \"\(db)\": unable to open database file (\"\(db)\" is on a read-only file system; the engine database needs to write the file and its -wal and -shm files beside it)\n"
        #expect(batch.stderr == reason)

        let broker = try Broker.start()
        let stream = try Self.chargeshare(["ingest", "--db", db, "--mqtt", broker.url, "--no-progress"], output: file + ".stream")
        #expect(stream.wait(timeout: .seconds(30)) == 1)
        #expect(stream.stderr == reason)

        try disk.remount("rw")
        #expect(try Self.counts(db) == (100, 300))
        #expect(try Self.integrity(db) == "ok")
    }
}
