import ChargeShareDatasets
import ChargeShareDomain
import Foundation
import GRDB
import Ingest
import Store
import Synthetic
import Testing
import TestSupport

/// ACN-Data sessions CSV into a real SQLite engine database.
@Suite("ACN sessions ingest")
struct ACNSessionIngestTests {
    static let header = "arrival,departure,requested_energy (kWh),delivered_energy (kWh),station_id,session_id,estimated_departure,claimed"
    static let caltech = Fixtures.path("acn/caltech_2019-05-01_2019-08-31.csv")

    /// A good line for session `id` arriving `hour`:00 Pacific daylight time on 2019-05-01.
    static func line(_ id: String, hour: Int = 6, station: String = "CA-1", kwh: String = "10.5") -> String {
        let h = String(format: "%02d", hour)
        return "2019-05-01 \(h):00:00-07:00,2019-05-01 \(h):30:00-07:00,12,\(kwh),\(station),\(id),2019-05-01 \(h):45:00-07:00,True"
    }

    static func input(_ text: String, source: String = "acn.csv") throws -> ACNSessionInput {
        guard case .acnSessions(let input) = try IngestInput(Array(text.utf8), source: source) else {
            throw IngestInput.Unrecognised(message: "not detected as ACN")
        }
        return input
    }

    static func ingest(_ store: SQLiteStore, _ text: String, batchLines: Int = 5000) throws -> BatchIngest.Report {
        try ACNSessionIngest(store: store, batchLines: batchLines).ingest(
            try input(text), source: "acn.csv", receivedAt: BatchIngestTests.received)
    }

    static func rejects(_ store: SQLiteStore) throws -> [Row] {
        try DatabaseQueue(path: store.path).read { db in try Row.fetchAll(db, sql: "SELECT line, reason, text FROM rejects ORDER BY line") }
    }

    @Test("The Caltech file: 3,527 sessions (Python's csv module counts 3,527 rows, all valid), stored in UTC ms and Wh")
    func caltech() throws {
        let store = try BatchIngestTests.store()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.caltech)))
        guard case .acnSessions(let input) = try IngestInput(bytes, source: Self.caltech) else {
            Issue.record("not detected as the ACN CSV")
            return
        }
        #expect(input.count == 3527)
        var calls: [(Int, Int)] = []
        let report = try ACNSessionIngest(store: store, batchLines: 1000).ingest(
            input, source: Self.caltech, receivedAt: BatchIngestTests.received
        ) { calls.append(($0, $1)) }
        #expect(report.counts == IngestCounts(accepted: 3527))
        #expect(report.lines == 3527 && report.rejects.isEmpty)
        #expect(calls.map(\.0) == [1000, 2000, 3000, 3527] && calls.allSatisfy { $0.1 == 3527 })
        #expect(try store.historicalSessionCount() == 3527)
        let sessions = try store.historicalSessions()
        // Line 2: 2019-05-01 01:18:45-07:00 is 08:18:45 UTC.
        #expect(
            sessions.first
                == HistoricalSession(
                    sessionId: "2_39_131_30_2019-05-01 08:18:44.595638", stationId: "CA-305",
                    arrival: Timestamp(millisecondsSinceEpoch: 1_556_698_725_000), departure: Timestamp(millisecondsSinceEpoch: 1_556_751_156_000),
                    estimatedDeparture: Timestamp(millisecondsSinceEpoch: 1_556_727_645_000), requestedWh: 60000, deliveredWh: 44069, claimed: true))
        // Totals computed independently with Python (csv module, kWh × 1000 rounded to the mWh).
        #expect(abs(sessions.map(\.deliveredWh).reduce(0, +) - 29_532_771.671) < 0.01)
        #expect(abs(sessions.map(\.requestedWh).reduce(0, +) - 55_292_612.952) < 0.01)
        #expect(sessions.filter(\.claimed).count == 3021)
        #expect(Set(sessions.map(\.stationId)).count == 52)
        // The same sessions the backtests load.
        let loaded = try SessionFile.load(path: Self.caltech)
        #expect(sessions.map(\.sessionId) == loaded.map(\.id))

        // Twice: all duplicates, the table unchanged.
        let later = Timestamp(rfc3339: "2026-06-02T12:00:00Z") ?? BatchIngestTests.received
        let again = try ACNSessionIngest(store: store).ingest(input, source: "copy.csv", receivedAt: later)
        #expect(again.counts == IngestCounts(duplicates: 3527))
        #expect(try store.historicalSessions() == sessions)
        let sources = try DatabaseQueue(path: store.path).read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT source || ' ' || received_ms FROM historical_sessions")
        }
        #expect(sources == ["\(Self.caltech) \(BatchIngestTests.received.millisecondsSinceEpoch)"])
        #expect(try store.telemetryStats() == TelemetryStats())
    }

    @Test("Broken lines are rejected alone with their line and reason; the good ones are stored; BOM and CRLF are fine")
    func brokenLines() throws {
        let lines = [
            "\u{FEFF}" + Self.header,  // 1
            Self.line("a", hour: 1),  // 2
            Self.line("b", hour: 2).replacingOccurrences(of: "CA-1", with: "\"CA-1"),  // 3: unterminated quote
            "",  // 4: blank, skipped
            Self.line("c", hour: 3).replacingOccurrences(of: ",True", with: ""),  // 5: too few fields
            Self.line("d", hour: 4).replacingOccurrences(of: "2019-05-01 04:00:00-07:00", with: "2019-05-01 25:00:00-07:00"),  // 6: bad time
            Self.line("e", hour: 5, kwh: "ten"),  // 7: not a number
            Self.line("f", hour: 6, kwh: "-3"),  // 8: negative energy
            // 9: leaves before arriving
            Self.line("g", hour: 7).replacingOccurrences(of: "2019-05-01 07:30:00-07:00", with: "2019-05-01 06:59:00-07:00"),
            Self.line("h", hour: 8) + ",more",  // 10: too many fields
            "\u{FEFF}" + Self.line("i", hour: 9),  // 11: a BOM inside the file
            Self.line("j", hour: 10),  // 12
            Self.line("a", hour: 11),  // 13: session a again: a duplicate, whatever its body
            Self.line("k", hour: 12).replacingOccurrences(of: "2019-05-01 12:00:00-07:00", with: "1999-05-01 12:00:00-07:00")
                .replacingOccurrences(of: "2019-05-01 12:45:00-07:00", with: "1999-05-01 12:45:00-07:00")
                .replacingOccurrences(of: "2019-05-01 12:30:00-07:00", with: "1999-05-01 12:30:00-07:00"),  // 14: before 2000
            Self.line(String(repeating: "x", count: 129), hour: 13),  // 15: id too long
        ]
        let store = try BatchIngestTests.store()
        let report = try Self.ingest(store, lines.joined(separator: "\r\n") + "\r\n")
        #expect(report.counts == IngestCounts(accepted: 2, duplicates: 1, rejected: 10))
        #expect(report.lines == 13)
        let range = "expected a number of kWh in [0, 10000]"
        let expected: [(Int, String)] = [
            (3, "unbalanced quote"),
            (5, "expected 8 fields, found 7"),
            (6, "column \"arrival\": expected YYYY-MM-DD HH:MM:SS±HH:MM, got \"2019-05-01 25:00:00-07:00\""),
            (7, "column \"delivered_energy (kWh)\": \(range), got \"ten\""),
            (8, "column \"delivered_energy (kWh)\": \(range), got \"-3\""),
            (9, "session \"g\": departure 2019-05-01T13:59:00Z is not after arrival 2019-05-01T14:00:00Z"),
            (10, "expected 8 fields, found 9"),
            (11, "column \"arrival\": expected YYYY-MM-DD HH:MM:SS±HH:MM, got \"\u{FEFF}2019-05-01 09:00:00-07:00\""),
            (14, "column \"arrival\": 1999-05-01T19:00:00Z is before 2000"),
            (15, "column \"session_id\": longer than 128 characters: \"\(String(repeating: "x", count: 64))…\" (129 characters)"),
        ]
        #expect(report.rejects.map(\.line) == expected.map(\.0))
        for (got, want) in zip(report.rejects, expected) { #expect(got.reason == want.1, "line \(want.0)") }
        #expect(report.rejects[0].text == lines[2])
        #expect(try store.historicalSessions().map(\.sessionId) == ["a", "j"])
        let stored = try Self.rejects(store)
        #expect(stored.map { $0["line"] as Int } == expected.map(\.0))
        #expect(stored.map { $0["reason"] as String } == expected.map(\.1))
        #expect(try store.telemetryStats().rejected == 10)

        // Again: the good lines are duplicates, the broken ones rejected again but recorded once.
        let again = try Self.ingest(store, lines.joined(separator: "\r\n"))
        #expect(again.counts == IngestCounts(duplicates: 3, rejected: 10))
        #expect(try Self.rejects(store).count == 10)
    }

    @Test("A broken line whose session_id is stored is a duplicate, as for telemetry's messageId")
    func brokenLineOfAStoredSession() throws {
        let store = try BatchIngestTests.store()
        _ = try Self.ingest(store, [Self.header, Self.line("a")].joined(separator: "\n"))
        let report = try Self.ingest(store, [Self.header, Self.line("a", kwh: "-1"), Self.line("b", kwh: "-1")].joined(separator: "\n"))
        #expect(report.counts == IngestCounts(duplicates: 1, rejected: 1))
        #expect(report.rejects.map(\.line) == [3])
    }

    @Test("Batches of 1, 2 and 5,000 lines store the same rows")
    func batchSizes() throws {
        let text = ([Self.header] + (0..<7).map { Self.line("s\($0)", hour: $0 + 1) } + ["junk"]).joined(separator: "\n")
        var results: [[HistoricalSession]] = []
        for batch in [1, 2, 5000] {
            let store = try BatchIngestTests.store()
            let report = try Self.ingest(store, text, batchLines: batch)
            #expect(report.counts == IngestCounts(accepted: 7, rejected: 1))
            results.append(try store.historicalSessions())
        }
        #expect(results[0] == results[1] && results[1] == results[2] && results[0].count == 7)
    }

    @Test("A store failure stops after the last whole transaction; the rerun stores the rest, nothing twice")
    func failureAndRerun() throws {
        let store = try BatchIngestTests.store()
        let text = ([Self.header] + (0..<6).map { Self.line("s\($0)", hour: $0 + 1) }).joined(separator: "\n")
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(
                sql:
                    "CREATE TRIGGER refuse BEFORE INSERT ON historical_sessions WHEN NEW.session_id = 's3' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        }
        do {
            _ = try Self.ingest(store, text, batchLines: 2)
            Issue.record("the failing store did not stop the ingest")
        } catch let error as BatchIngest.Failure {
            #expect(error.committedLines == 2)
            #expect(error.description.contains("disk full") && error.description.contains("the first 2 line(s) are stored"))
        }
        #expect(try store.historicalSessionCount() == 2)
        try queue.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        #expect(try Self.ingest(store, text, batchLines: 2).counts == IngestCounts(accepted: 4, duplicates: 2))
        #expect(try store.historicalSessionCount() == 6)
    }

    @Test("The format is told by content: JSON, the ACN header, a broken first JSONL line, neither")
    func detection() throws {
        func kind(_ text: String) throws -> String {
            switch try IngestInput(Array(text.utf8), source: "f") {
            case .telemetry: "telemetry"
            case .acnSessions(let input): "acn \(input.count)"
            }
        }
        #expect(try kind("") == "telemetry")
        #expect(try kind("\n  \n") == "telemetry")
        #expect(try kind("\n  {\"messageId\": 1}\n") == "telemetry")
        #expect(try kind("\u{FEFF}\(Self.header)\r\n\(Self.line("a"))\r\n\r\n") == "acn 1")
        #expect(try kind(Self.header) == "acn 0")
        // A JSONL file whose first line is broken is still JSONL: that line is rejected alone.
        #expect(try kind("garbage\n{\"messageId\": 1}\n") == "telemetry")
        // A header first, then JSON: ACN lines (the JSON ones are rejected as CSV).
        #expect(try kind(Self.header + "\n{\"a\": 1}\n") == "acn 1")
        #expect(
            throws: IngestInput.Unrecognised(
                message:
                    "neither JSONL telemetry (no line starts with \"{\") nor the ACN sessions CSV (line 2 is not its header \(Self.header)): line 2 is \"Country,Datetime (UTC)\""
            )
        ) {
            _ = try kind("\nCountry,Datetime (UTC)\nNL,2023\n")
        }
        #expect(
            throws: IngestInput.Unrecognised(
                message: "line 1: unknown column \"site\"; expected the ACN sessions header \(Self.header)")
        ) { _ = try kind(Self.header + ",site\n" + Self.line("a")) }
        #expect(
            throws: IngestInput.Unrecognised(
                message: "line 1: missing column \"departure\" (found: arrival, depart); expected the ACN sessions header \(Self.header)")
        ) { _ = try kind("arrival,depart\n") }
    }

    @Test("Seeded fuzz: mutated Caltech excerpts; every line accepted, a duplicate or rejected with a reason; a rerun adds nothing")
    func fuzz() throws {
        let valid = try Fuzzing.excerpt("acn/caltech_2019-05-01_2019-08-31.csv", lines: 2...31)
        var m = Mutator(rng: SeededGenerator(seed: 0xAC5))
        var stored = 0, refused = 0, unrecognised = 0
        for _ in 0..<300 {
            let bytes = m.mutate(valid)
            let input: IngestInput
            do { input = try IngestInput(bytes, source: "f.csv") } catch {
                unrecognised += 1
                #expect(!error.message.isEmpty)
                continue
            }
            guard case .acnSessions(let acn) = input else { continue }
            let store = try BatchIngestTests.store()
            let report = try ACNSessionIngest(store: store, batchLines: 7).ingest(acn, source: "f.csv", receivedAt: BatchIngestTests.received)
            let c = report.counts
            #expect(c.accepted + c.duplicates + c.rejected == report.lines && report.lines == acn.count)
            #expect(report.rejects.count == c.rejected && report.rejects.allSatisfy { !$0.reason.isEmpty && $0.line >= 2 })
            #expect(try store.historicalSessionCount() == c.accepted)
            let before = try store.historicalSessions()
            #expect(before.allSatisfy { $0.departure > $0.arrival && $0.deliveredWh >= 0 && $0.requestedWh >= 0 })
            let rerun = try ACNSessionIngest(store: store).ingest(acn, source: "f.csv", receivedAt: BatchIngestTests.received)
            // (A broken line whose id another line stored turns from rejected into a duplicate.)
            #expect(rerun.counts.accepted == 0 && rerun.counts.rejected <= c.rejected)
            #expect(try store.historicalSessions() == before)
            stored += c.accepted
            refused += c.rejected
        }
        #expect(stored > 1000 && refused > 50, "stored \(stored), refused \(refused), unrecognised \(unrecognised)")
    }
}
