import ChargeShareDomain
import Foundation
import GRDB
import Ingest
import MQTT
import Store
import Synchronization
import Testing
import TestSupport

/// Streaming ingest against a real mosquitto broker (TestSupport.Broker) and a real SQLite engine database.
@Suite("Stream ingest")
struct StreamIngestTests {
    static let clock = FixedWallClock(Timestamp(rfc3339: "2026-06-01T12:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0))

    /// Publishes each line on its own station's topic (or `topic`), with QoS 1, and waits for the broker's acknowledgements.
    static func publish(_ lines: [String], to broker: Broker, topic: String? = nil) throws {
        let publisher = try MQTTPublisher(address: MQTTAddress(url: broker.url), clientId: "stations-\(UUID().uuidString.prefix(8))")
        try publisher.connect()
        for line in lines {
            let station = (try? JSONReader.parse(Array(line.utf8)))?["stationId"]?.stringValue ?? "unknown"
            try publisher.publish(topic: topic ?? "chargeshare/\(station)/telemetry", payload: Array(line.utf8))
        }
        try publisher.waitForAcknowledgements(timeout: .seconds(30))
        publisher.disconnect()
    }

    /// Runs the stream on a thread until `until(report)` holds or `timeout` passes (generous: the
    /// suites run in parallel on two cores, beside the crash tests); returns the last report.
    static func stream(
        _ store: SQLiteStore, _ broker: Broker, clientId: String = "engine", timeout: Duration = .seconds(180),
        during: (() throws -> Void)? = nil, until: @escaping @Sendable (StreamIngest.Report) -> Bool
    ) throws -> StreamIngest.Report {
        let subscriber = try session(broker, clientId: clientId)
        let done = Atomic<Bool>(false)
        let result = Mutex<Result<StreamIngest.Report, StreamIngest.Failure>?>(nil)
        nonisolated(unsafe) let handOff = (subscriber, store)
        let thread = Thread {
            var ingest = StreamIngest(store: handOff.1, clock: Self.clock)
            ingest.backoff = .milliseconds(50)
            ingest.maxBackoff = .milliseconds(400)
            let r = Result { () throws(StreamIngest.Failure) in
                try ingest.run(handOff.0, shouldStop: { done.load(ordering: .relaxed) }, log: { _ in }) { _, report in
                    if until(report) { done.store(true, ordering: .relaxed) }
                }
            }
            result.withLock { $0 = r }
        }
        thread.start()
        try during?()
        let deadline = ContinuousClock.now + timeout
        while result.withLock({ $0 == nil }) {
            if ContinuousClock.now > deadline { done.store(true, ordering: .relaxed) }
            usleep(10_000)
        }
        return try result.withLock { $0! }.get()
    }

    /// The engine's persistent session, subscribed (the broker queues for it from now on) and not connected.
    static func session(_ broker: Broker, clientId: String = "engine") throws -> MQTTSubscriber {
        let subscriber = try MQTTSubscriber(address: MQTTAddress(url: broker.url), clientId: clientId, topic: "chargeshare/+/telemetry")
        try subscriber.connect()
        subscriber.disconnect()
        return subscriber
    }

    static func example() throws -> [String] {
        try String(contentsOfFile: Fixtures.path("examples/telemetry.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func tables(_ store: SQLiteStore) throws -> [String: [Row]] {
        try DatabaseQueue(path: store.path).read { db in
            var out: [String: [Row]] = [:]
            for (table, order) in [
                ("meter_samples", "message_id, time_ms, measurand, phase"), ("sessions", "station_id, transaction_id"),
                ("device_readings", "message_id, time_ms"), ("station_events", "message_id, time_ms"), ("charging_needs", "message_id"),
            ] {
                out[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
            }
            return out
        }
    }

    @Test("A stream stores exactly what a batch of the same envelopes stores")
    func streamMatchesBatch() throws {
        let broker = try Broker.start()
        let lines = try Self.example()
        let streamed = try BatchIngestTests.store()
        let report = try Self.stream(streamed, broker, during: { try Self.publish(lines, to: broker) }) { $0.messages >= lines.count }
        #expect(report.counts == IngestCounts(accepted: lines.count))
        let batched = try BatchIngestTests.store()
        _ = try BatchIngest(store: batched).ingest(Array(lines.joined(separator: "\n").utf8), source: "file", receivedAt: Self.clock.now)
        #expect(try streamed.telemetryStats() == batched.telemetryStats())
        #expect(try Self.tables(streamed) == Self.tables(batched))
        #expect(try streamed.telemetryStats().messages == lines.count)
    }

    @Test("Wrong topic, oversized, unreadable and duplicate messages: each counted once, with its reason")
    func rejectionsAndDuplicates() throws {
        let broker = try Broker.start()
        let store = try BatchIngestTests.store()
        _ = try Self.session(broker)
        let good = BatchIngestTests.tx("s1", "Started", seq: 1, time: "2026-06-01T09:00:00Z", wh: 1000)
        try Self.publish([good, good], to: broker)  // the same messageId twice
        try Self.publish(
            [BatchIngestTests.tx("s2", "Updated", seq: 2, time: "2026-06-01T10:00:00Z", wh: 2000)], to: broker, topic: "chargeshare/OTHER/telemetry")
        try Self.publish(["{not json"], to: broker, topic: "chargeshare/CS/telemetry")
        try Self.publish([String(repeating: " ", count: (1 << 20) + 1)], to: broker, topic: "chargeshare/CS/telemetry")
        let report = try Self.stream(store, broker) { $0.messages >= 5 }
        #expect(report.counts == IngestCounts(accepted: 1, duplicates: 1, rejected: 3))
        let reasons = try DatabaseQueue(path: store.path).read { db in try String.fetchAll(db, sql: "SELECT reason FROM rejects ORDER BY line") }
        #expect(reasons.count == 3)
        #expect(reasons.contains(#"topic "chargeshare/OTHER/telemetry" names station "OTHER", but the envelope's stationId is "CS""#))
        #expect(reasons.contains("$: invalid JSON at line 1, column 2: expected a string key"), "\(reasons)")
        #expect(reasons.contains(#"message of 1048577 bytes on "chargeshare/CS/telemetry": more than 1048576 bytes"#))
        // Everything was acknowledged: the session holds nothing more than what is published now.
        let later = BatchIngestTests.tx("s3", "Updated", seq: 3, time: "2026-06-01T10:30:00Z", wh: 2500)
        let again = try Self.stream(store, broker, timeout: .seconds(10), during: { try Self.publish([later], to: broker) }) { $0.messages >= 1 }
        #expect(again.messages == 1)
        #expect(again.counts == IngestCounts(accepted: 1))
    }

    /// The store fails: nothing of the batch is acknowledged, so the next run (with a working store) gets all of it.
    @Test("A failing store acknowledges nothing")
    func failingStoreAcknowledgesNothing() throws {
        let broker = try Broker.start()
        let lines = try Self.example()
        let subscriber = try Self.session(broker)
        try Self.publish(lines, to: broker)
        let deadline = ContinuousClock.now + .seconds(20)
        #expect(throws: StreamIngest.Failure.self) {
            try StreamIngest(store: FailingStore(), clock: Self.clock).run(subscriber, shouldStop: { ContinuousClock.now > deadline }, log: { _ in })
        }
        let store = try BatchIngestTests.store()
        let report = try Self.stream(store, broker) { $0.messages >= lines.count }
        #expect(report.counts.accepted == lines.count)
        #expect(try store.telemetryStats().messages == lines.count)
    }

    /// The broker restarts in the middle of the stream: the ingester reconnects by itself, and the
    /// totals are exact.
    @Test("Broker restart in the middle of a stream")
    func brokerRestart() throws {
        let broker = try Broker.start()
        let store = try BatchIngestTests.store()
        let lines = (0..<400).map { i in
            BatchIngestTests.tx(
                "r\(i)", i == 0 ? "Started" : "Updated", seq: i + 1,
                time: "2026-06-01T09:\(String(format: "%02d", i / 60)):\(String(format: "%02d", i % 60))Z", wh: Double(1000 + i))
        }
        let report = try Self.stream(
            store, broker,
            during: {
                try Self.publish(Array(lines[..<200]), to: broker)
                usleep(100_000)
                broker.stop()
                usleep(300_000)
                try broker.restart()
                try Self.publish(Array(lines[200...]), to: broker)
            }
        ) { r in r.counts.accepted + r.counts.duplicates >= 400 && r.reconnects > 0 }
        #expect(report.reconnects >= 1)
        #expect(report.counts.rejected == 0)
        let stats = try store.telemetryStats()
        #expect(stats.messages == 400, "\(report)")
        #expect(stats.meterSamples == 400)
        #expect(stats.sessions == 1)
    }
}

extension StreamIngestTests {
    /// Batched commits: a backlog the broker held while the engine was away is stored in a few
    /// transactions, not one (and one fsync) per message.
    @Test("A backlog of 2,000 messages is committed in a few transactions")
    func backlogInFewTransactions() throws {
        let broker = try Broker.start()
        let store = try BatchIngestTests.store()
        _ = try Self.session(broker)
        let lines = (0..<2000).map { i in
            BatchIngestTests.envelope(
                "b\(i)", "MeterValues",
                #"{"evseId": 1, "meterValue": [{"timestamp": "2026-06-01T10:00:00Z", "sampledValue": [{"value": \#(1000 + i), "measurand": "Voltage", "phase": "L1-N", "unitOfMeasure": {"unit": "V", "multiplier": -1}}]}]}"#
            )
        }
        try Self.publish(lines, to: broker)
        let report = try Self.stream(store, broker) { $0.messages >= 2000 }
        #expect(report.counts == IngestCounts(accepted: 2000))
        #expect(report.transactions >= 2 && report.transactions <= 20, "\(report.transactions) transactions for 2,000 messages")
        #expect(try store.telemetryStats().meterSamples == 2000)
    }

    /// Not authorised: the broker's refusal ends the run with the reason instead of retrying forever.
    @Test("A broker that refuses the connection ends the stream with its reason")
    func refusedIsFatal() throws {
        let broker = try Broker.start(anonymous: false)
        let subscriber = try MQTTSubscriber(address: MQTTAddress(url: broker.url), clientId: "engine", topic: "chargeshare/+/telemetry")
        let started = ContinuousClock.now
        var failure: StreamIngest.Failure?
        do {
            _ = try StreamIngest(store: FailingStore(), clock: Self.clock).run(
                subscriber, shouldStop: { ContinuousClock.now - started > .seconds(20) }, log: { _ in })
        } catch { failure = error }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(failure?.description == "the broker at \(broker.url) refused the connection: Connection Refused: not authorised.")
    }
}

/// A store whose every write fails (a seam test: what the stream does when the store fails).
struct FailingStore: TelemetryStore {
    func ingest(_ batch: TelemetryBatch) throws(StoreError) -> IngestOutcome {
        throw .writeFailed(path: "failing", message: "disk I/O error")
    }
    func telemetryStats() throws(StoreError) -> TelemetryStats { TelemetryStats() }
}
