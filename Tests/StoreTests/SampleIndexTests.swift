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
                    INSERT INTO meter_samples (message_id, station_id, evse_id, transaction_id, time_ms, measurand, phase, value)
                        VALUES ('m', 'CS', 1, NULL, 0, 'Voltage', 'L1-N', 230);
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

/// `v6-sample-time-index`: samples indexed by time first; a day of every charger, and a day of
/// one charger, are read through it.
@Suite struct SampleTimeIndexTests {
    @Test func dayQueriesUseTheTimeIndex() throws {
        let path = SampleIndexTests.path()
        _ = try SQLiteStore(path: path, schema: .engine)
        try DatabaseQueue(path: path).read { db in
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meter_samples' ORDER BY name")
            #expect(names == ["meter_samples_by_time", "meter_samples_by_transaction"])
            for query in [
                "SELECT station_id, evse_id, AVG(value) FROM meter_samples WHERE time_ms >= ? AND time_ms < ? GROUP BY station_id, evse_id",
                "SELECT time_ms, value FROM meter_samples WHERE station_id = ? AND evse_id = ? AND time_ms >= ? AND time_ms < ?",
            ] {
                let arguments: StatementArguments = query.hasPrefix("SELECT station_id") ? [0, 86_400_000] : ["CS", 1, 0, 86_400_000]
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query, arguments: arguments).map { $0["detail"] as String }
                #expect(
                    plan.contains { $0.contains("USING INDEX meter_samples_by_time") || $0.contains("USING COVERING INDEX meter_samples_by_time") },
                    "\(query): \(plan)")
            }
        }
    }

    @Test func anOlderDatabaseSwapsTheIndexKeepingItsRows() throws {
        let path = SampleIndexTests.path()
        _ = try SQLiteStore(path: path, schema: .engine)
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    DROP INDEX meter_samples_by_time;
                    CREATE INDEX meter_samples_by_evse ON meter_samples (station_id, evse_id, time_ms);
                    DELETE FROM grdb_migrations WHERE identifier = 'v6-sample-time-index';
                    INSERT INTO messages (message_id, station_id, evse_id, action, recorded_ms, received_ms, source, payload)
                        VALUES ('m', 'CS', 1, 'MeterValues', 0, 0, 'f', '{}');
                    INSERT INTO meter_samples (message_id, station_id, evse_id, transaction_id, time_ms, measurand, phase, value)
                        VALUES ('m', 'CS', 1, NULL, 0, 'Voltage', 'L1-N', 230);
                    """)
        }
        _ = try SQLiteStore(path: path, schema: .engine)
        try DatabaseQueue(path: path).read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meter_samples") == 1)
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meter_samples' ORDER BY name")
            #expect(names == ["meter_samples_by_time", "meter_samples_by_transaction"])
        }
    }
}
