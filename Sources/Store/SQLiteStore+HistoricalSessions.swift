import ChargeShareDomain
import GRDB

extension SQLiteStore {
    /// `v3-acn-sessions`: `historical_sessions`, one row per historical session (ACN-Data's CSV),
    /// keyed by `session_id`. Times in integer milliseconds since the epoch (UTC), energies in Wh.
    ///
    /// A table of its own rather than rows in `sessions`: those are derived from stored telemetry
    /// events and recomputed whenever one arrives (keyed by station and OCPP `transactionId`,
    /// with a state), while a historical session is a fact as received, with fields telemetry
    /// does not carry (requested energy, the driver's estimate, `claimed`); live dispatch reads
    /// `sessions`, forecasting trains on both.
    static func registerHistoricalSessionsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-acn-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE historical_sessions (
                        session_id TEXT PRIMARY KEY NOT NULL,
                        station_id TEXT NOT NULL,
                        arrival_ms INTEGER NOT NULL,
                        departure_ms INTEGER NOT NULL,
                        requested_wh REAL NOT NULL,
                        delivered_wh REAL NOT NULL,
                        estimated_departure_ms INTEGER NOT NULL,
                        claimed INTEGER NOT NULL CHECK (claimed IN (0, 1)),
                        source TEXT NOT NULL,
                        received_ms INTEGER NOT NULL,
                        CHECK (departure_ms > arrival_ms AND requested_wh >= 0 AND delivered_wh >= 0));
                    CREATE INDEX historical_sessions_by_arrival ON historical_sessions (arrival_ms);
                    CREATE INDEX historical_sessions_by_station ON historical_sessions (station_id, arrival_ms);
                    """)
        }
    }
}

extension SQLiteStore: HistoricalSessionStore {
    public func ingest(_ batch: HistoricalSessionBatch) throws(StoreError) -> IngestOutcome {
        guard schema == .engine else { throw .cannotOpen(path: path, message: "it is \(schema.withArticle), not an engine database") }
        let receivedMs = batch.receivedAt.millisecondsSinceEpoch
        do {
            return try queue.write { db in
                var counts = IngestCounts()
                var duplicateLines: [Int] = []
                let insert = try db.makeStatement(
                    sql: """
                        INSERT INTO historical_sessions (session_id, station_id, arrival_ms, departure_ms, requested_wh, delivered_wh,
                          estimated_departure_ms, claimed, source, received_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING
                        """)
                let stored = try db.makeStatement(sql: "SELECT 1 FROM historical_sessions WHERE session_id = ?")
                let reject = try db.makeStatement(
                    // The same line rejected again is recorded once (as for telemetry).
                    sql: "INSERT OR IGNORE INTO rejects (source, line, received_ms, reason, text) VALUES (?, ?, ?, ?, ?)")
                for item in batch.items {
                    switch item {
                    case .accepted(_, let s):
                        try insert.execute(arguments: [
                            s.sessionId, s.stationId, s.arrival.millisecondsSinceEpoch, s.departure.millisecondsSinceEpoch, s.requestedWh,
                            s.deliveredWh, s.estimatedDeparture.millisecondsSinceEpoch, s.claimed, batch.source, receivedMs,
                        ])
                        if db.changesCount > 0 { counts.accepted += 1 } else { counts.duplicates += 1 }
                    case .rejected(let line, let reason, let text, let sessionId):
                        if let sessionId, try Bool.fetchOne(stored, arguments: [sessionId]) == true {
                            counts.duplicates += 1
                            duplicateLines.append(line)
                        } else {
                            try reject.execute(arguments: [batch.source, line, receivedMs, reason, text])
                            counts.rejected += 1
                        }
                    }
                }
                return IngestOutcome(counts: counts, duplicateLines: duplicateLines)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed(path: path, message: Self.message(error))
        }
    }

    public func historicalSessionCount() throws(StoreError) -> Int {
        do {
            return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM historical_sessions") ?? 0 }
        } catch {
            throw .readFailed(path: path, message: Self.message(error))
        }
    }

    public func historicalSessions() throws(StoreError) -> [HistoricalSession] {
        do {
            return try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM historical_sessions ORDER BY arrival_ms, session_id").map { row in
                    HistoricalSession(
                        sessionId: row["session_id"], stationId: row["station_id"],
                        arrival: Timestamp(millisecondsSinceEpoch: row["arrival_ms"]),
                        departure: Timestamp(millisecondsSinceEpoch: row["departure_ms"]),
                        estimatedDeparture: Timestamp(millisecondsSinceEpoch: row["estimated_departure_ms"]),
                        requestedWh: row["requested_wh"], deliveredWh: row["delivered_wh"], claimed: row["claimed"])
                }
            }
        } catch {
            throw .readFailed(path: path, message: Self.message(error))
        }
    }
}
