import GRDB

extension SQLiteStore {
    /// `v10-clustered-samples`: `meter_samples` becomes a `WITHOUT ROWID` table whose key is its
    /// time order, `(time_ms, station_id, evse_id, message_id, ordinal)` (`ordinal`: the sample's
    /// place in its message, which makes the key unique). The table is its own time index: a
    /// sample is written into one B-tree instead of two (the rows, then `meter_samples_by_time`),
    /// which took the raw insert ceiling of 1 M samples from about 3.1–3.5 s to 2.4 s
    /// (docs/PERFORMANCE.md, `scripts/sqlite_ceiling.c full-clustered`).
    ///
    /// The rebuilt table has no foreign key to `messages`: SQLite checked it with one lookup in
    /// the messages' key index per sample, and the only writer (`TelemetryWriter`) stores a sample
    /// only after its message, in the same transaction. `BatchIngestTests.samplesBelongToTheirMessages`
    /// checks that every sample has its message.
    ///
    /// The key's columns are declared first, in key order: SQLite 3.40.1 (Debian 12's)
    /// `PRAGMA integrity_check` reports "NULL value in meter_samples.measurand" for every row of a
    /// `WITHOUT ROWID` table whose key columns are declared after a nullable column, although the
    /// values are there. The crash tests run `integrity_check` after every abuse.
    ///
    /// Nothing else changes for readers: the same columns (plus `ordinal`), the partial
    /// per-transaction index, and day-range queries now read the table's own key. Sample totals
    /// for `/metrics`, which came from the largest row id, are kept in `telemetry_totals`, updated
    /// in each ingest transaction.
    static func registerClusteredSampleMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-clustered-samples") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meter_samples_v10 (
                        time_ms INTEGER NOT NULL,
                        station_id TEXT NOT NULL,
                        evse_id INTEGER NOT NULL,
                        message_id TEXT NOT NULL,
                        ordinal INTEGER NOT NULL,
                        transaction_id TEXT,
                        measurand TEXT NOT NULL,
                        phase TEXT,
                        value REAL NOT NULL,
                        PRIMARY KEY (time_ms, station_id, evse_id, message_id, ordinal)) WITHOUT ROWID;
                    INSERT INTO meter_samples_v10 (time_ms, station_id, evse_id, message_id, ordinal, transaction_id, measurand, phase, value)
                        SELECT time_ms, station_id, evse_id, message_id, row_number() OVER (PARTITION BY message_id ORDER BY rowid) - 1,
                            transaction_id, measurand, phase, value
                        FROM meter_samples;
                    DROP TABLE meter_samples;
                    ALTER TABLE meter_samples_v10 RENAME TO meter_samples;
                    CREATE INDEX meter_samples_by_transaction ON meter_samples (station_id, transaction_id, measurand, time_ms)
                        WHERE transaction_id IS NOT NULL;
                    CREATE TABLE telemetry_totals (
                        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
                        meter_samples INTEGER NOT NULL);
                    INSERT INTO telemetry_totals (only_row, meter_samples) SELECT 1, COUNT(*) FROM meter_samples;
                    """)
        }
    }

    /// Adds `count` stored samples to `telemetry_totals` (in the caller's transaction).
    static func addSampleTotal(_ db: Database, _ count: Int) throws {
        guard count != 0 else { return }
        try db.cachedStatement(sql: "UPDATE telemetry_totals SET meter_samples = meter_samples + ? WHERE only_row = 1").execute(arguments: [count])
    }
}
