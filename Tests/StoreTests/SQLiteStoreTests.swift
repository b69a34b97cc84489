import ChargeShareDomain
import Foundation
import GRDB
@testable import Store
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    static func temporaryPath() -> String {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("chargeshare-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return (directory as NSString).appendingPathComponent("store.sqlite")
    }

    static let created = Timestamp(millisecondsSinceEpoch: 1_795_000_000_000)

    /// The path of a new engine database migrated only up to `migration`, with `sql` run in it
    /// (foreign keys on): a file an older engine wrote.
    static func olderEngineDatabase(upTo migration: String, _ sql: String) throws -> String {
        let path = temporaryPath()
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try SQLiteStore.migrator(for: .engine).migrate(queue, upTo: migration)
        try queue.write { db in try db.execute(sql: sql) }
        return path
    }

    /// A one-row `summary` table with the schema's columns.
    static func summary(policy: String = "lp") -> ReportTable {
        let columns = BacktestSchema.columns(of: "summary") ?? []
        let row: [ReportValue] = columns.map { name in
            switch name {
            case "policy": .text(policy)
            case "violations", "sessions": .integer(3)
            default: .real(1.5)
            }
        }
        return ReportTable(name: "summary", columns: columns, rows: [row])
    }

    @Test("A new file gets every migration, recorded once; reopening applies nothing again")
    func migrations() throws {
        let path = Self.temporaryPath()
        _ = try SQLiteStore(path: path)
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        let applied = try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == ["v1-backtest-runs"])
        let tables = try queue.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' AND name NOT LIKE 'sqlite%' ORDER BY name")
        }
        #expect(tables == ["daily", "runs", "sessions", "steps", "summary"])
        let stepColumns = try queue.read { db in try db.columns(in: "steps").map { "\($0.name) \($0.type)" } }
        #expect(stepColumns == ["run_id INTEGER", "limit_kw REAL", "policy TEXT", "step INTEGER", "time TEXT", "load_kw REAL", "price_per_kwh REAL"])
    }

    @Test("Runs get ids 1, 2, … with the given time and description")
    func appendRuns() throws {
        let path = Self.temporaryPath()
        let store = try SQLiteStore(path: path)
        #expect(try store.appendRun(BacktestRun(createdAt: Self.created, description: "first", tables: [Self.summary()])) == 1)
        #expect(try store.appendRun(BacktestRun(createdAt: Self.created, description: "second", tables: [Self.summary(policy: "edf")])) == 2)
        let queue = try DatabaseQueue(path: path)
        let runs = try queue.read { db in try Row.fetchAll(db, sql: "SELECT run_id, created_at, description FROM runs ORDER BY run_id") }
        #expect(runs.map { $0["description"] as String } == ["first", "second"])
        #expect(runs.map { $0["created_at"] as String } == ["2026-11-18T11:06:40Z", "2026-11-18T11:06:40Z"])
        #expect(try queue.read { db in try String.fetchOne(db, sql: "SELECT policy FROM summary WHERE run_id = 2") } == "edf")
    }

    @Test("A file written before migrations existed is adopted and keeps its runs")
    func legacyFile() throws {
        let path = Self.temporaryPath()
        // The schema issue 10's BacktestDatabase wrote: runs and tables typed by their first row.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, description TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO runs (created_at, description) VALUES ('2026-01-01T00:00:00Z', 'old')")
            let columns = (BacktestSchema.tables.first { $0.name == "summary" }?.columns ?? []).map { "\($0.0) \($0.1)" }
            try db.execute(sql: "CREATE TABLE summary (run_id INTEGER NOT NULL REFERENCES runs(run_id), \(columns.joined(separator: ", ")))")
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.appendRun(BacktestRun(createdAt: Self.created, description: "new", tables: [Self.summary()])) == 2)
        #expect(try queue.read { db in try String.fetchAll(db, sql: "SELECT description FROM runs ORDER BY run_id") } == ["old", "new"])
        #expect(try queue.read { db in try db.tableExists("steps") })
    }

    @Test("A file from a newer engine is refused, naming the unknown migration")
    func newerSchema() throws {
        let path = Self.temporaryPath()
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["v9-future"])) { _ = try SQLiteStore(path: path) }
    }

    @Test("A file that is not a database is refused with its path")
    func notADatabase() throws {
        let path = Self.temporaryPath()
        try Data("not sqlite, just text that is long enough to have a header".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SQLiteStore(path: path)
            Issue.record("opened a text file")
        } catch {
            guard case .cannotOpen(let p, let message) = error else { throw error }
            #expect(p == path)
            #expect(message.contains("not a database"))
        }
    }

    @Test("Tables and columns outside the schema are refused before anything is written")
    func schemaChecks() throws {
        let path = Self.temporaryPath()
        let store = try SQLiteStore(path: path)
        let good = Self.summary()
        let cases: [(ReportTable, StoreError)] = [
            (ReportTable(name: "summary; DROP TABLE runs", columns: good.columns, rows: []), .unknownTable("summary; DROP TABLE runs")),
            (
                ReportTable(name: "summary", columns: Array(good.columns.reversed()), rows: []),
                .columnsDiffer(table: "summary", expected: good.columns, got: Array(good.columns.reversed()))
            ),
            (ReportTable(name: "summary", columns: good.columns, rows: [[.integer(1)]]), .rowWidth(table: "summary", row: 0, cells: 1, columns: 15)),
        ]
        for (table, expected) in cases {
            #expect(throws: expected) { _ = try store.appendRun(BacktestRun(createdAt: Self.created, description: "bad", tables: [good, table])) }
        }
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") } == 0)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM summary") } == 0)
    }

    @Test("A write SQLite refuses halfway leaves no run and no rows")
    func failedWriteRollsBack() throws {
        let path = Self.temporaryPath()
        let store = try SQLiteStore(path: path)
        _ = try store.appendRun(BacktestRun(createdAt: Self.created, description: "ok", tables: [Self.summary()]))
        // A trigger makes SQLite fail on the second table, after the run and the summary row were inserted.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON steps BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        }
        let steps = ReportTable(
            name: "steps", columns: BacktestSchema.columns(of: "steps") ?? [],
            rows: [[.real(8), .text("lp"), .integer(0), .text("2026-01-01T00:00:00Z"), .real(1), .real(0.2)]])
        #expect(throws: StoreError.writeFailed(path: path, message: "disk says no")) {
            _ = try store.appendRun(BacktestRun(createdAt: Self.created, description: "bad", tables: [Self.summary(), steps]))
        }
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") } == 1)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM summary") } == 1)
    }
}

@Suite("SQLite store: files from before migrations")
struct LegacyStoreTests {
    static func legacy(_ create: String, rows: Int = 0) throws -> String {
        let path = SQLiteStoreTests.temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, description TEXT NOT NULL)")
            try db.execute(sql: create)
            for _ in 0..<rows { try db.execute(sql: "INSERT INTO steps (run_id) VALUES (1)") }
        }
        return path
    }

    static let textSteps =
        "CREATE TABLE steps (run_id INTEGER NOT NULL, limit_kw TEXT, policy TEXT, step TEXT, time TEXT, load_kw TEXT, price_per_kwh TEXT)"

    @Test("An empty table the old writer typed otherwise is recreated with the schema's types")
    func emptyMistypedTable() throws {
        let path = try Self.legacy(Self.textSteps)
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try db.columns(in: "steps").map(\.type) } == ["INTEGER", "REAL", "TEXT", "INTEGER", "TEXT", "REAL", "REAL"])
    }

    @Test("A table with rows and other types, or other columns, is refused and the file left as it was")
    func mismatches() throws {
        let typed = try Self.legacy(Self.textSteps, rows: 1)
        do {
            _ = try SQLiteStore(path: typed)
            Issue.record("adopted a mistyped table with rows")
        } catch {
            guard case .cannotOpen(let p, let message) = error else { throw error }
            #expect(p == typed)
            #expect(message.hasPrefix("table steps: columns run_id INTEGER,limit_kw TEXT,"))
        }
        let queue = try DatabaseQueue(path: typed)
        #expect(
            try queue.read { db in try db.tableExists("grdb_migrations") ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") : 0 }
                == 0)
        #expect(try queue.read { db in try db.tableExists("summary") } == false, "the migration rolled back")

        let renamed = try Self.legacy("CREATE TABLE steps (run_id INTEGER NOT NULL, limit_kilowatts REAL)")
        #expect(
            throws: StoreError.cannotOpen(
                path: renamed,
                message: "table steps: columns run_id,limit_kilowatts are not the schema's run_id,limit_kw,policy,step,time,load_kw,price_per_kwh")
        ) { _ = try SQLiteStore(path: renamed) }
    }
}
