import ChargeShareDomain
import GRDB
import Telemetry

extension SQLiteStore {
    /// `v2-telemetry`: messages (the idempotency key and audit trail), what they mean, sessions,
    /// conflicts and rejects. Times are integer milliseconds since the epoch (`*_ms`), so they
    /// order correctly whatever their fraction.
    static func registerTelemetryMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-telemetry") { db in
            try db.execute(
                sql: """
                    CREATE TABLE messages (
                        message_id TEXT PRIMARY KEY NOT NULL,
                        station_id TEXT NOT NULL,
                        evse_id INTEGER NOT NULL,
                        action TEXT NOT NULL,
                        recorded_ms INTEGER NOT NULL,
                        received_ms INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        payload TEXT NOT NULL);
                    CREATE INDEX messages_by_station ON messages (station_id, recorded_ms);
                    CREATE TABLE meter_samples (
                        message_id TEXT NOT NULL REFERENCES messages(message_id),
                        station_id TEXT NOT NULL,
                        evse_id INTEGER NOT NULL,
                        transaction_id TEXT,
                        time_ms INTEGER NOT NULL,
                        measurand TEXT NOT NULL,
                        phase TEXT,
                        value REAL NOT NULL);
                    CREATE INDEX meter_samples_by_evse ON meter_samples (station_id, evse_id, time_ms);
                    CREATE INDEX meter_samples_by_transaction ON meter_samples (station_id, transaction_id, measurand, time_ms);
                    CREATE TABLE device_readings (
                        message_id TEXT NOT NULL REFERENCES messages(message_id),
                        station_id TEXT NOT NULL,
                        evse_id INTEGER,
                        time_ms INTEGER NOT NULL,
                        component TEXT NOT NULL,
                        variable TEXT NOT NULL,
                        value REAL NOT NULL);
                    CREATE INDEX device_readings_by_station ON device_readings (station_id, time_ms);
                    CREATE TABLE station_events (
                        message_id TEXT NOT NULL REFERENCES messages(message_id),
                        station_id TEXT NOT NULL,
                        evse_id INTEGER,
                        connector_id INTEGER,
                        time_ms INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        component TEXT,
                        variable TEXT,
                        trigger TEXT,
                        value TEXT NOT NULL);
                    CREATE INDEX station_events_by_station ON station_events (station_id, time_ms);
                    CREATE TABLE transaction_events (
                        message_id TEXT NOT NULL REFERENCES messages(message_id),
                        station_id TEXT NOT NULL,
                        seq_no INTEGER NOT NULL,
                        transaction_id TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        evse_id INTEGER NOT NULL,
                        time_ms INTEGER NOT NULL,
                        charging_state TEXT,
                        stopped_reason TEXT,
                        trigger_reason TEXT NOT NULL,
                        UNIQUE (station_id, transaction_id, seq_no));
                    CREATE INDEX transaction_events_by_time ON transaction_events (station_id, transaction_id, time_ms);
                    CREATE TABLE charging_needs (
                        message_id TEXT NOT NULL REFERENCES messages(message_id),
                        station_id TEXT NOT NULL,
                        evse_id INTEGER NOT NULL,
                        recorded_ms INTEGER NOT NULL,
                        departure_ms INTEGER,
                        energy_wh REAL,
                        soc_percent REAL);
                    CREATE INDEX charging_needs_by_evse ON charging_needs (station_id, evse_id, recorded_ms);
                    CREATE TABLE sessions (
                        station_id TEXT NOT NULL,
                        transaction_id TEXT NOT NULL,
                        evse_id INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        started_ms INTEGER NOT NULL,
                        ended_ms INTEGER,
                        energy_wh REAL NOT NULL DEFAULT 0,
                        last_soc_percent REAL,
                        target_wh REAL,
                        departure_ms INTEGER,
                        PRIMARY KEY (station_id, transaction_id));
                    CREATE TABLE conflicts (
                        message_id TEXT NOT NULL REFERENCES messages(message_id),
                        station_id TEXT NOT NULL,
                        seq_no INTEGER NOT NULL,
                        kept_message_id TEXT NOT NULL);
                    CREATE TABLE rejects (
                        reject_id INTEGER PRIMARY KEY AUTOINCREMENT,
                        source TEXT NOT NULL,
                        line INTEGER NOT NULL,
                        received_ms INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        text TEXT NOT NULL UNIQUE);
                    """)
        }
    }

    /// `v5-sample-index`: the per-transaction index of `meter_samples` covers only samples that
    /// belong to a transaction (those of TransactionEvents). MeterValues samples carry none, and
    /// every query that reads the index names a transaction (`transaction_id = ?` implies NOT
    /// NULL, so SQLite uses the partial index): one B-tree insert less per MeterValues sample.
    static func registerSampleIndexMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-sample-index") { db in
            try db.execute(
                sql: """
                    DROP INDEX meter_samples_by_transaction;
                    CREATE INDEX meter_samples_by_transaction ON meter_samples (station_id, transaction_id, measurand, time_ms)
                        WHERE transaction_id IS NOT NULL;
                    """)
        }
    }

    /// `v6-sample-time-index`: samples are indexed by time first (`time_ms, station_id,
    /// evse_id`) instead of by charger first. Telemetry arrives roughly in time order, so new
    /// entries land at the end of the index instead of at one random place per station: the raw
    /// insert ceiling of 1 M samples went from about 4.7 s to 3.6 s (docs/PERFORMANCE.md). The
    /// readers to come (forecasting and maintenance) scan a time range for all chargers at once,
    /// which this order serves; a single charger's range is found by the same index with the
    /// charger as a filter.
    static func registerSampleTimeIndexMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-sample-time-index") { db in
            try db.execute(
                sql: """
                    DROP INDEX meter_samples_by_evse;
                    CREATE INDEX meter_samples_by_time ON meter_samples (time_ms, station_id, evse_id);
                    """)
        }
    }
}

extension SQLiteStore: TelemetryStore {
    public func ingest(_ batch: TelemetryBatch) throws(StoreError) -> IngestOutcome {
        guard schema == .engine else { throw .cannotOpen(path: path, message: "it is \(schema.withArticle), not an engine database") }
        do {
            return try queue.write { db in
                var counts = IngestCounts()
                var refused: [StoreRejection] = []
                var duplicateLines: [Int] = []
                var writer = TelemetryWriter(db: db, source: batch.source, receivedMs: batch.receivedAt.millisecondsSinceEpoch)
                for item in batch.items {
                    switch item {
                    case .rejected(let line, let reason, let text, let messageId):
                        // "A second message with the same id is a duplicate, whatever its body."
                        if let messageId, try writer.isStored(messageId) {
                            counts.duplicates += 1
                            duplicateLines.append(line)
                        } else {
                            try writer.reject(line: line, reason: reason, text: text)
                            counts.rejected += 1
                        }
                    case .accepted(let line, let message):
                        switch try writer.store(message) {
                        case .stored: counts.accepted += 1
                        case .duplicate: counts.duplicates += 1
                        case .conflict:
                            counts.accepted += 1
                            counts.conflicts += 1
                        case .rejected(let reason):
                            try writer.reject(line: line, reason: reason, text: TelemetryWriter.envelopeText(message))
                            refused.append(StoreRejection(line: line, reason: reason))
                            counts.rejected += 1
                        }
                    }
                }
                try writer.refreshTouchedSessions()
                try Self.addSampleTotal(db, writer.samplesStored)
                return IngestOutcome(counts: counts, rejectedByStore: refused, duplicateLines: duplicateLines)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed(path: path, message: Self.message(error))
        }
    }

    public func telemetryStats() throws(StoreError) -> TelemetryStats {
        do {
            return try queue.read { db in
                func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
                return TelemetryStats(
                    messages: try count("messages"), sessions: try count("sessions"), meterSamples: try count("meter_samples"),
                    deviceReadings: try count("device_readings"), rejected: try count("rejects"))
            }
        } catch {
            throw .readFailed(path: path, message: Self.message(error))
        }
    }
}

extension SQLiteStore {
    /// One trivial query: the database opens and answers (`/healthz`).
    public func ping() throws(StoreError) {
        _ = try readingState { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Messages and rejected lines stored, from the tables' largest row ids, and meter samples,
    /// from `telemetry_totals`: O(log n) where `telemetryStats()` counts rows, and exact while
    /// nothing is deleted (the engine deletes no telemetry). For `/metrics`, which is scraped often.
    public func telemetryTotals() throws(StoreError) -> (messages: Int, meterSamples: Int, rejected: Int) {
        try readingState { db in
            (
                try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM messages") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(meter_samples), 0) FROM telemetry_totals") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(reject_id), 0) FROM rejects") ?? 0
            )
        }
    }
}
