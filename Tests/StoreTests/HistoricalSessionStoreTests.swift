import ChargeShareDomain
import Foundation
import GRDB
import Store
import Testing

/// `v3-acn-sessions`: the table, the upgrade of a v2 database, idempotent writes, rejects.
@Suite("Historical sessions in the engine database")
struct HistoricalSessionStoreTests {
    static func path() -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("chargeshare-historical-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/engine.sqlite"
    }

    static let received = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)

    static func session(_ id: String, arrivalMs: Int64 = 1_556_698_725_000, deliveredWh: Double = 44069) -> HistoricalSession {
        HistoricalSession(
            sessionId: id, stationId: "CA-305", arrival: Timestamp(millisecondsSinceEpoch: arrivalMs),
            departure: Timestamp(millisecondsSinceEpoch: arrivalMs + 3_600_000),
            estimatedDeparture: Timestamp(millisecondsSinceEpoch: arrivalMs + 60_000),
            requestedWh: 60000, deliveredWh: deliveredWh, claimed: false)
    }

    @Test("The engine's migrations in order; the table's columns are the documented ones")
    func schema() throws {
        #expect(
            SQLiteStore.migrations(for: .engine) == [
                "v1-registry", "v2-telemetry", "v3-acn-sessions", "v4-service-state", "v5-sample-index", "v6-sample-time-index",
                "v7-openadr", "v8-cloud-dispatch", "v9-access-tokens", "v10-clustered-samples", "v11-token-secret-tags",
                "v12-maintenance-scores", "v13-window-feeder-start",
            ])
        let path = Self.path()
        _ = try SQLiteStore(path: path, schema: .engine)
        let columns = try DatabaseQueue(path: path).read { db in try db.columns(in: "historical_sessions").map { "\($0.name) \($0.type)" } }
        #expect(
            columns == [
                "session_id TEXT", "station_id TEXT", "arrival_ms INTEGER", "departure_ms INTEGER", "requested_wh REAL", "delivered_wh REAL",
                "estimated_departure_ms INTEGER", "claimed INTEGER", "source TEXT", "received_ms INTEGER",
            ])
    }

    @Test("A database from before v3 is upgraded on open, its telemetry untouched")
    func upgradeFromV2() throws {
        let path = Self.path()
        let store = try SQLiteStore(path: path, schema: .engine)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DROP TABLE historical_sessions; DELETE FROM grdb_migrations WHERE identifier = 'v3-acn-sessions'")
            try db.execute(sql: "INSERT INTO rejects (source, line, received_ms, reason, text) VALUES ('f', 1, 0, 'r', 't')")
        }
        #expect(throws: StoreError.self) { _ = try store.historicalSessionCount() }
        let reopened = try SQLiteStore(path: path, schema: .engine)
        #expect(try reopened.historicalSessionCount() == 0)
        #expect(try reopened.telemetryStats().rejected == 1)
        let applied = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(Set(applied) == Set(SQLiteStore.migrations(for: .engine)))
    }

    @Test("Each session once by id, whatever its body; a rejected line with a stored id is a duplicate; rejects recorded once")
    func idempotent() throws {
        let store = try SQLiteStore(path: Self.path(), schema: .engine)
        let batch = HistoricalSessionBatch(
            source: "a.csv", receivedAt: Self.received,
            items: [
                .accepted(line: 2, session: Self.session("s1")), .accepted(line: 3, session: Self.session("s1", deliveredWh: 1)),
                .rejected(line: 4, reason: "bad", text: "x,s1", sessionId: "s1"), .rejected(line: 5, reason: "bad", text: "y", sessionId: "s9"),
                .accepted(line: 6, session: Self.session("s0", arrivalMs: 1_556_698_000_000)),
            ])
        #expect(try store.ingest(batch) == IngestOutcome(counts: IngestCounts(accepted: 2, duplicates: 2, rejected: 1), duplicateLines: [4]))
        #expect(try store.historicalSessions() == [Self.session("s0", arrivalMs: 1_556_698_000_000), Self.session("s1")])
        #expect(try store.ingest(batch) == IngestOutcome(counts: IngestCounts(duplicates: 4, rejected: 1), duplicateLines: [4]))
        #expect(try store.historicalSessionCount() == 2)
        #expect(try store.telemetryStats().rejected == 1)
    }

    @Test("A backtest output refuses historical sessions")
    func backtestOutput() throws {
        let store = try SQLiteStore(path: Self.path())
        #expect(throws: StoreError.self) {
            _ = try store.ingest(HistoricalSessionBatch(source: "a", receivedAt: Self.received, items: []))
        }
    }
}
