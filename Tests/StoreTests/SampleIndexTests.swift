import ChargeShareDomain
import Foundation
import GRDB
import Store
import Testing

/// `v5-sample-index`: the per-transaction sample index is partial, and the queries that need it still use it.
@Suite struct SampleIndexTests {
    static func path() -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("chargeshare-index-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/engine.sqlite"
    }

    @Test func transactionQueriesUseThePartialIndex() throws {
        let path = Self.path()
        _ = try SQLiteStore(path: path, schema: .engine)
        try DatabaseQueue(path: path).read { db in
            let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'meter_samples_by_transaction'")
            #expect(definition?.hasSuffix("WHERE transaction_id IS NOT NULL") == true, "\(definition ?? "none")")
            for query in [
                // TelemetryWriter's register check and its session refresh.
                "SELECT time_ms, value FROM meter_samples WHERE station_id = ? AND transaction_id = ? AND measurand = ? AND phase IS ? AND time_ms < ? LIMIT 1",
                "SELECT MAX(value) - MIN(value) FROM meter_samples WHERE station_id = ? AND transaction_id = ? AND measurand = 'Energy.Active.Import.Register' AND phase IS NULL",
                "SELECT value FROM meter_samples WHERE station_id = ? AND transaction_id = ? AND measurand = 'SoC' ORDER BY time_ms DESC LIMIT 1",
            ] {
                let values: [(any DatabaseValueConvertible)?] = ["CS", "T1", "SoC", nil, 0]
                let arguments = StatementArguments(Array(values.prefix(query.filter { $0 == "?" }.count)))
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query, arguments: arguments).map { $0["detail"] as String }
                #expect(plan.contains { $0.contains("USING INDEX meter_samples_by_transaction") }, "\(query): \(plan)")
            }
        }
    }

    @Test func anOlderDatabaseGetsThePartialIndexKeepingItsRows() throws {
        let path = Self.path()
        _ = try SQLiteStore(path: path, schema: .engine)
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    DROP INDEX meter_samples_by_transaction;
                    CREATE INDEX meter_samples_by_transaction ON meter_samples (station_id, transaction_id, measurand, time_ms);
                    DELETE FROM grdb_migrations WHERE identifier = 'v5-sample-index';
                    INSERT INTO messages (message_id, station_id, evse_id, action, recorded_ms, received_ms, source, payload)
                        VALUES ('m', 'CS', 1, 'MeterValues', 0, 0, 'f', '{}');
                    INSERT INTO meter_samples (message_id, station_id, evse_id, transaction_id, time_ms, measurand, phase, value, ordinal)
                        VALUES ('m', 'CS', 1, NULL, 0, 'Voltage', 'L1-N', 230, 0);
                    """)
        }
        _ = try SQLiteStore(path: path, schema: .engine)
        try DatabaseQueue(path: path).read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meter_samples") == 1)
            let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'meter_samples_by_transaction'")
            #expect(definition?.hasSuffix("WHERE transaction_id IS NOT NULL") == true)
        }
    }
}

/// `v10-clustered-samples`: the samples table is its own time index (`WITHOUT ROWID`, keyed by
/// time first); a day of every charger, and a day of one charger, are read through its key.
@Suite struct ClusteredSampleTests {
    @Test func dayQueriesReadTheTablesOwnKey() throws {
        let path = SampleIndexTests.path()
        _ = try SQLiteStore(path: path, schema: .engine)
        try DatabaseQueue(path: path).read { db in
            let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'meter_samples'") ?? ""
            #expect(table.contains("PRIMARY KEY (time_ms, station_id, evse_id, message_id, ordinal)") && table.hasSuffix("WITHOUT ROWID"), "\(table)")
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meter_samples' AND sql IS NOT NULL ORDER BY name")
            #expect(names == ["meter_samples_by_transaction"])
            for query in [
                "SELECT station_id, evse_id, AVG(value) FROM meter_samples WHERE time_ms >= ? AND time_ms < ? GROUP BY station_id, evse_id",
                "SELECT time_ms, value FROM meter_samples WHERE station_id = ? AND evse_id = ? AND time_ms >= ? AND time_ms < ?",
            ] {
                let arguments: StatementArguments = query.hasPrefix("SELECT station_id") ? [0, 86_400_000] : ["CS", 1, 0, 86_400_000]
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query, arguments: arguments).map { $0["detail"] as String }
                #expect(plan.contains { $0.contains("USING PRIMARY KEY (time_ms>? AND time_ms<?)") }, "\(query): \(plan)")
            }
        }
    }

    @Test func anOlderDatabaseKeepsItsSamplesNumberedInTheirMessages() throws {
        let path = SampleIndexTests.path()
        _ = try SQLiteStore(path: path, schema: .engine)
        // The layout before v10 (v6's), with two messages of three and two samples.
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    DROP TABLE meter_samples;
                    DROP TABLE telemetry_totals;
                    CREATE TABLE meter_samples (
                        message_id TEXT NOT NULL REFERENCES messages(message_id), station_id TEXT NOT NULL, evse_id INTEGER NOT NULL,
                        transaction_id TEXT, time_ms INTEGER NOT NULL, measurand TEXT NOT NULL, phase TEXT, value REAL NOT NULL);
                    CREATE INDEX meter_samples_by_time ON meter_samples (time_ms, station_id, evse_id);
                    CREATE INDEX meter_samples_by_transaction ON meter_samples (station_id, transaction_id, measurand, time_ms)
                        WHERE transaction_id IS NOT NULL;
                    DELETE FROM grdb_migrations WHERE identifier = 'v10-clustered-samples';
                    INSERT INTO messages (message_id, station_id, evse_id, action, recorded_ms, received_ms, source, payload)
                        VALUES ('m1', 'CS', 1, 'MeterValues', 0, 0, 'f', '{}'), ('m2', 'CS', 1, 'TransactionEvent', 0, 0, 'f', '{}');
                    INSERT INTO meter_samples (message_id, station_id, evse_id, transaction_id, time_ms, measurand, phase, value) VALUES
                        ('m1', 'CS', 1, NULL, 5, 'Voltage', 'L1-N', 231), ('m2', 'CS', 1, 'T1', 9, 'SoC', NULL, 40),
                        ('m1', 'CS', 1, NULL, 5, 'Voltage', 'L1-N', 232), ('m1', 'CS', 1, NULL, 5, 'Voltage', 'L2-N', 233),
                        ('m2', 'CS', 1, 'T1', 9, 'Energy.Active.Import.Register', NULL, 1000);
                    """)
        }
        let store = try SQLiteStore(path: path, schema: .engine)
        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT message_id, ordinal, value, transaction_id FROM meter_samples ORDER BY message_id, ordinal")
                .map { "\($0["message_id"] as String) \($0["ordinal"] as Int) \($0["value"] as Double) \(($0["transaction_id"] as String?) ?? "-")" }
        }
        // Numbered in the order they were stored within each message.
        #expect(rows == ["m1 0 231.0 -", "m1 1 232.0 -", "m1 2 233.0 -", "m2 0 40.0 T1", "m2 1 1000.0 T1"])
        #expect(try store.telemetryTotals().meterSamples == 5)
        #expect(try store.telemetryStats().meterSamples == 5)
    }
}
