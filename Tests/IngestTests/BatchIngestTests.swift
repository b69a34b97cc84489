import ChargeShareDomain
import Foundation
import GRDB
import Ingest
import Store
import Telemetry
import Testing

/// Batch ingest against a real SQLite engine database.
@Suite("Batch ingest")
struct BatchIngestTests {
    static let received = Timestamp(rfc3339: "2026-06-01T12:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)

    static func store() throws -> SQLiteStore {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("chargeshare-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return try SQLiteStore(path: dir + "/engine.sqlite", schema: .engine)
    }

    static func envelope(_ id: String, _ action: String, _ payload: String, evse: Int = 1, recorded: String = "2026-06-01T11:00:00Z") -> String {
        #"{"messageId":"\#(id)","stationId":"CS","evseId":\#(evse),"recordedAt":"\#(recorded)","action":"\#(action)","payload":\#(payload)}"#
    }

    /// A TransactionEvent of `tx` with an import register reading of `wh` at `time`.
    static func tx(_ id: String, _ kind: String, seq: Int, time: String, wh: Double?, tx: String = "T1", soc: Double? = nil) -> String {
        var samples: [String] = []
        if let wh { samples.append(#"{"value": \#(wh)}"#) }
        if let soc { samples.append(#"{"value": \#(soc), "measurand": "SoC", "unitOfMeasure": {"unit": "Percent"}}"#) }
        let meter = samples.isEmpty ? "" : #", "meterValue": [{"timestamp": "\#(time)", "sampledValue": [\#(samples.joined(separator: ","))]}]"#
        return envelope(
            id, "TransactionEvent",
            #"{"eventType": "\#(kind)", "timestamp": "\#(time)", "triggerReason": "MeterValuePeriodic", "seqNo": \#(seq), "transactionInfo": {"transactionId": "\#(tx)"}, "evse": {"id": 1}\#(meter)}"#
        )
    }

    static func needs(_ id: String, recorded: String, departure: String, wh: Double) -> String {
        envelope(
            id, "NotifyEVChargingNeeds",
            #"{"evseId": 1, "chargingNeeds": {"requestedEnergyTransfer": "AC_single_phase", "departureTime": "\#(departure)", "acChargingParameters": {"energyAmount": \#(wh), "evMinCurrent": 6, "evMaxCurrent": 32, "evMaxVoltage": 230}}}"#,
            recorded: recorded)
    }

    static func ingest(_ store: SQLiteStore, _ lines: [String], batchLines: Int = 5000) throws -> BatchIngest.Report {
        try BatchIngest(store: store, batchLines: batchLines).ingest(Array(lines.joined(separator: "\n").utf8), source: "test", receivedAt: received)
    }

    static func session(_ store: SQLiteStore, _ tx: String = "T1") throws -> Row? {
        try DatabaseQueue(path: store.path).read { db in try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE transaction_id = ?", arguments: [tx])
        }
    }

    @Test("The same file twice: everything the second time is a duplicate and the store does not change")
    func idempotent() throws {
        let store = try Self.store()
        let lines = [
            Self.tx("a", "Started", seq: 1, time: "2026-06-01T09:00:00Z", wh: 1000), "garbage",
            Self.tx("b", "Updated", seq: 2, time: "2026-06-01T10:00:00Z", wh: 5000),
        ]
        let first = try Self.ingest(store, lines)
        #expect(first.counts == IngestCounts(accepted: 2, rejected: 1))
        #expect(first.rejects.map(\.line) == [2])
        #expect(first.rejects[0].reason.hasPrefix("$: invalid JSON at line 1, column 1"))
        let stats = try store.telemetryStats()
        let second = try Self.ingest(store, lines)
        #expect(second.counts == IngestCounts(duplicates: 2, rejected: 1))
        #expect(try store.telemetryStats() == stats)
        #expect(stats == TelemetryStats(messages: 2, sessions: 1, meterSamples: 2, deviceReadings: 0, rejected: 1))
    }

    @Test("Out of order, late and in small batches: the session is placed by its own timestamps")
    func outOfOrder() throws {
        let ordered = [
            Self.needs("n", recorded: "2026-06-01T09:05:00Z", departure: "2026-06-01T17:00:00Z", wh: 20000),
            Self.tx("a", "Started", seq: 1, time: "2026-06-01T09:00:00Z", wh: 1000),
            Self.tx("b", "Updated", seq: 2, time: "2026-06-01T10:00:00Z", wh: 5000, soc: 40),
            Self.tx("c", "Ended", seq: 3, time: "2026-06-01T11:00:00Z", wh: 9000, soc: 55),
            // Late: recorded during the session, arriving after it ended.
            Self.tx("d", "Updated", seq: 4, time: "2026-06-01T10:30:00Z", wh: 7000, soc: 48),
        ]
        var sessions: [Row] = []
        for (order, batch) in [([0, 1, 2, 3, 4], 5000), ([4, 3, 2, 1, 0], 1), ([3, 0, 4, 2, 1], 2)] {
            let store = try Self.store()
            let report = try Self.ingest(store, order.map { ordered[$0] }, batchLines: batch)
            #expect(report.counts == IngestCounts(accepted: 5), "\(order)")
            sessions.append(try #require(try Self.session(store)))
        }
        for s in sessions {
            #expect(s["state"] as String == "ended")
            #expect(s["energy_wh"] as Double == 8000)
            #expect(s["last_soc_percent"] as Double == 55)
            #expect(s["target_wh"] as Double == 20000)
            #expect(s["departure_ms"] as Int64 == (Timestamp(rfc3339: "2026-06-01T17:00:00Z")?.millisecondsSinceEpoch ?? 0))
            #expect(s["started_ms"] as Int64 == (Timestamp(rfc3339: "2026-06-01T09:00:00Z")?.millisecondsSinceEpoch ?? 0))
        }
    }

    @Test("A register running backwards within a transaction is rejected with both readings, whatever arrives first")
    func decreasingRegister() throws {
        let store = try Self.store()
        let report = try Self.ingest(
            store,
            [
                Self.tx("a", "Started", seq: 1, time: "2026-06-01T09:00:00Z", wh: 1000),
                Self.tx("b", "Updated", seq: 2, time: "2026-06-01T10:00:00Z", wh: 5000),
                Self.tx("c", "Updated", seq: 3, time: "2026-06-01T10:30:00Z", wh: 3000),
                Self.tx("d", "Updated", seq: 4, time: "2026-06-01T09:30:00Z", wh: 6000),
            ])
        #expect(report.counts == IngestCounts(accepted: 2, rejected: 2))
        #expect(
            report.rejects.map(\.reason) == [
                "payload.meterValue: Energy.Active.Import.Register 3000.0 Wh at 2026-06-01T10:30:00Z against 5000.0 Wh at 2026-06-01T10:00:00Z in transaction \"T1\": a register never decreases",
                "payload.meterValue: Energy.Active.Import.Register 6000.0 Wh at 2026-06-01T09:30:00Z against 5000.0 Wh at 2026-06-01T10:00:00Z in transaction \"T1\": a register never decreases",
            ])
        #expect(report.rejects.map(\.line) == [3, 4])
        #expect(try Self.session(store)?["energy_wh"] as Double? == 4000)
    }

    @Test(
        "The same seqNo in a transaction with another body is a conflict: the first kept, the second stored for audit only; the same body is a duplicate"
    )
    func seqNoConflict() throws {
        let store = try Self.store()
        let first = Self.tx("a", "Started", seq: 7, time: "2026-06-01T09:00:00Z", wh: 1000)
        let resent = first.replacingOccurrences(of: #""messageId":"a""#, with: #""messageId":"a-again""#)
        let other = Self.tx("b", "Started", seq: 7, time: "2026-06-01T09:05:00Z", wh: 1200)
        let report = try Self.ingest(store, [first, resent, other])
        #expect(report.counts == IngestCounts(accepted: 2, duplicates: 1, conflicts: 1))
        #expect(try Self.session(store)?["started_ms"] as Int64? == Timestamp(rfc3339: "2026-06-01T09:00:00Z")?.millisecondsSinceEpoch)
        let queue = try DatabaseQueue(path: store.path)
        #expect(try queue.read { db in try String.fetchAll(db, sql: "SELECT message_id || '>' || kept_message_id FROM conflicts") } == ["b>a"])
        #expect(try store.telemetryStats().messages == 2)
    }

    @Test("seqNo starting again at 0 in the next transaction is no conflict: both sessions are kept")
    func seqNoPerTransaction() throws {
        let store = try Self.store()
        let report = try Self.ingest(
            store,
            [
                Self.tx("a", "Started", seq: 0, time: "2026-06-01T08:00:00Z", wh: 1000, tx: "T1"),
                Self.tx("b", "Ended", seq: 1, time: "2026-06-01T09:00:00Z", wh: 3000, tx: "T1"),
                Self.tx("c", "Started", seq: 0, time: "2026-06-01T10:00:00Z", wh: 3000, tx: "T2"),
            ])
        #expect(report.counts == IngestCounts(accepted: 3))
        #expect(try Self.session(store, "T1")?["state"] as String? == "ended")
        #expect(try Self.session(store, "T2")?["state"] as String? == "active")
    }

    @Test("Per-phase registers beside the total: each phase checked against itself, energy from the total")
    func perPhaseRegisters() throws {
        let store = try Self.store()
        func phased(_ id: String, seq: Int, time: String, total: Double, l1: Double) -> String {
            Self.envelope(
                id, "TransactionEvent",
                #"{"eventType": "Updated", "timestamp": "\#(time)", "triggerReason": "MeterValuePeriodic", "seqNo": \#(seq), "transactionInfo": {"transactionId": "T1"}, "evse": {"id": 1}, "meterValue": [{"timestamp": "\#(time)", "sampledValue": [{"value": \#(total)}, {"value": \#(l1), "phase": "L1"}]}]}"#
            )
        }
        let report = try Self.ingest(
            store,
            [
                phased("a", seq: 1, time: "2026-06-01T09:00:00Z", total: 3000, l1: 1000),
                phased("b", seq: 2, time: "2026-06-01T10:00:00Z", total: 9000, l1: 3000),
                phased("c", seq: 3, time: "2026-06-01T11:00:00Z", total: 9500, l1: 2900),
            ])
        #expect(report.counts == IngestCounts(accepted: 2, rejected: 1))
        #expect(report.rejects.first?.reason.contains("Energy.Active.Import.Register L1 2900.0 Wh") == true)
        #expect(try Self.session(store)?["energy_wh"] as Double? == 6000)
    }

    @Test("Run again later with the clock as it is: nothing changes, not even the rejects; a rejected line with a stored id is a duplicate")
    func idempotentWithTheClock() throws {
        let store = try Self.store()
        let lines = [
            Self.tx("a", "Started", seq: 1, time: "2026-06-01T09:00:00Z", wh: 1000),
            // Recorded two days after the first run's receive time: rejected then, and its reason names that time.
            Self.envelope(
                "f", "StatusNotification", #"{"timestamp": "2026-06-03T12:00:00Z", "connectorStatus": "Available", "evseId": 1, "connectorId": 1}"#,
                recorded: "2026-06-03T12:00:00Z"),
            // A resend of "a" that now breaks a rule: the id is stored, so it is a duplicate.
            Self.tx("a", "Started", seq: 1, time: "2026-06-01T09:00:00Z", wh: -5),
        ]
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let first = try BatchIngest(store: store).ingest(bytes, source: "f", receivedAt: Self.received)
        #expect(first.counts == IngestCounts(accepted: 1, duplicates: 1, rejected: 1))
        #expect(first.rejects.map(\.line) == [2])
        let queue = try DatabaseQueue(path: store.path)
        func dump() throws -> [String] {
            try queue.read { db in
                try ["messages", "meter_samples", "sessions", "transaction_events", "rejects"].flatMap { table in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map {
                        "\(table): \($0)".replacingOccurrences(of: #"received_ms:\d+"#, with: "", options: .regularExpression)
                    }
                }
            }
        }
        let before = try dump()
        let later = Timestamp(rfc3339: "2026-06-01T18:00:00Z") ?? Self.received
        let second = try BatchIngest(store: store).ingest(bytes, source: "f", receivedAt: later)
        #expect(second.counts == IngestCounts(duplicates: 2, rejected: 1))
        #expect(try dump() == before)
    }

    @Test("A store failure stops the file after its last whole transaction; the rerun stores the rest, nothing twice")
    func failureAndRerun() throws {
        let store = try Self.store()
        let lines = (1...6).map {
            Self.tx("m\($0)", $0 == 1 ? "Started" : "Updated", seq: $0, time: "2026-06-01T0\($0 + 1):00:00Z", wh: Double($0) * 1000)
        }
        let queue = try DatabaseQueue(path: store.path)
        // The fourth message's sample makes SQLite fail: batches of 2 lines, so lines 1–2 commit, 3–4 roll back.
        try queue.write { db in
            try db.execute(
                sql: "CREATE TRIGGER refuse BEFORE INSERT ON meter_samples WHEN NEW.message_id = 'm4' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        do {
            _ = try Self.ingest(store, lines, batchLines: 2)
            Issue.record("the failing store did not stop the ingest")
        } catch let error as BatchIngest.Failure {
            #expect(error.committedLines == 2)
            #expect(error.description.contains("disk full") && error.description.contains("the first 2 line(s) are stored"))
        }
        #expect(try store.telemetryStats().messages == 2)
        try queue.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        let rerun = try Self.ingest(store, lines, batchLines: 2)
        #expect(rerun.counts == IngestCounts(accepted: 4, duplicates: 2))
        #expect(try store.telemetryStats() == TelemetryStats(messages: 6, sessions: 1, meterSamples: 6, deviceReadings: 0, rejected: 0))
        // The rolled-back batch added nothing to the running total either.
        #expect(try store.telemetryTotals().meterSamples == 6)
        #expect(try Self.session(store)?["energy_wh"] as Double? == 5000)
    }

    @Test("Every stored sample has its message, numbered in it, and the running sample total matches the rows")
    func samplesBelongToTheirMessages() throws {
        let store = try Self.store()
        let lines = [
            Self.tx("a", "Started", seq: 1, time: "2026-06-01T09:00:00Z", wh: 1000, soc: 20),
            Self.envelope(
                "v", "MeterValues",
                #"{"evseId": 1, "meterValue": [{"timestamp": "2026-06-01T09:30:00Z", "sampledValue": [{"value": 230.5, "measurand": "Voltage", "phase": "L1-N", "unitOfMeasure": {"unit": "V"}}, {"value": 231.5, "measurand": "Voltage", "phase": "L2-N", "unitOfMeasure": {"unit": "V"}}]}, {"timestamp": "2026-06-01T09:31:00Z", "sampledValue": [{"value": 229, "measurand": "Voltage", "phase": "L1-N", "unitOfMeasure": {"unit": "V"}}]}]}"#
            ),
            Self.tx("b", "Updated", seq: 2, time: "2026-06-01T10:00:00Z", wh: 5000, soc: 60),
            // A duplicate and a seqNo conflict: neither adds a sample.
            Self.tx("b", "Updated", seq: 2, time: "2026-06-01T10:00:00Z", wh: 5000, soc: 60),
            Self.tx("c", "Updated", seq: 2, time: "2026-06-01T10:00:00Z", wh: 6000),
        ]
        let report = try Self.ingest(store, lines, batchLines: 2)
        #expect(report.counts == IngestCounts(accepted: 4, duplicates: 1, conflicts: 1))
        let (orphans, numbering) = try DatabaseQueue(path: store.path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meter_samples s LEFT JOIN messages m USING (message_id) WHERE m.message_id IS NULL"),
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT message_id || ':' || group_concat(ordinal, ',') FROM (SELECT * FROM meter_samples ORDER BY message_id, ordinal) GROUP BY message_id"
                )
            )
        }
        #expect(orphans == 0)
        #expect(numbering == ["a:0,1", "b:0,1", "v:0,1,2"])
        #expect(try store.telemetryStats().meterSamples == 7)
        #expect(try store.telemetryTotals().meterSamples == 7)
    }

    @Test("Input that fails part way: the batches read so far are stored, the failure says how many lines, and it is not a store failure")
    func inputFailsPartWay() throws {
        struct Unplugged: Error {}
        let store = try Self.store()
        let lines = (1...6).map {
            Self.tx("r\($0)", $0 == 1 ? "Started" : "Updated", seq: $0, time: "2026-06-01T0\($0 + 1):00:00Z", wh: Double($0) * 1000)
        }
        let bytes = Array((lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3].prefix(20)).utf8)
        var offset = 0
        // Delivers lines 1–3 and part of line 4, then fails.
        let reader = JSONLinesReader(chunkBytes: 64) { buffer in
            guard offset < bytes.count else { throw Unplugged() }
            let count = min(buffer.count, bytes.count - offset)
            for i in 0..<count { buffer[i] = bytes[offset + i] }
            offset += count
            return count
        }
        do {
            _ = try BatchIngest(store: store, batchLines: 2).ingest(lines: reader, source: "pipe", receivedAt: Self.received)
            Issue.record("the failing input did not stop the ingest")
        } catch {
            #expect(!error.isStoreFailure)
            #expect(error.error is Unplugged)
            #expect(error.committedLines == 2)
        }
        // Lines 1–2 are committed; line 3 was read but its batch never reached the store.
        #expect(try store.telemetryStats().messages == 2)
    }
}
