import ChargeShareDomain
import Foundation
import GRDB

/// Which kind of database a file is: each has its own migrations.
public enum StoreSchema: String, Sendable, CaseIterable {
    /// A backtest's output (`backtest.sqlite`): runs and their tables. Rollback journal, so the
    /// file can be moved into place as one file.
    case backtestRuns = "backtest output"
    /// The engine's state (`--db`): the registry, and next the telemetry. WAL mode, so readers
    /// never block the writer.
    case engine = "engine database"

    /// "a backtest output", "an engine database".
    var withArticle: String { (rawValue.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + rawValue }
}

/// The engine's SQLite store (GRDB): one file, versioned migrations, all-or-nothing writes.
///
/// Opening a file applies the migrations it lacks, in order (`migrator(for:)`); a file written by a
/// newer engine, whose migrations this build does not know, is refused rather than guessed at, and
/// so is a file of the other kind. Files written before the store had migrations (backtest output
/// up to issue 10) are adopted: `v1-backtest-runs` creates only the tables that are missing.
public struct SQLiteStore: BacktestRunStore, Sendable {
    /// Path of the database file.
    public let path: String
    /// What kind of database it is.
    public let schema: StoreSchema
    let queue: DatabaseQueue

    /// Opens (creating when missing) and migrates the database at `path`.
    /// - Throws: `StoreError.cannotOpen` when the file is not a usable SQLite database or is a
    ///   database of the other kind, `StoreError.newerSchema` when it has migrations this build
    ///   does not know.
    public init(path: String, schema: StoreSchema = .backtestRuns) throws(StoreError) {
        self.path = path
        self.schema = schema
        let migrator = Self.migrator(for: schema)
        do {
            var configuration = Configuration()
            if schema == .engine {
                configuration.prepareDatabase { db in try db.execute(sql: Self.enginePragmas) }
            }
            configuration.foreignKeysEnabled = true
            // Other processes use the engine database too (an ingester, `ingest stats`, the
            // service): wait up to 10 s for a lock rather than fail at once.
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let applied = try queue.read { db in try migrator.appliedIdentifiers(db) }
            for other in StoreSchema.allCases where other != schema {
                if !applied.isDisjoint(with: Self.migrator(for: other).migrations) {
                    throw StoreError.cannotOpen(path: path, message: "it is \(other.withArticle), not \(schema.withArticle)")
                }
            }
            let unknown = applied.subtracting(migrator.migrations)
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknown: unknown.sorted()) }
            try migrator.migrate(queue)
        } catch let error as StoreError {
            if case .columnsDiffer = error { throw .cannotOpen(path: path, message: "\(error)") }
            throw error
        } catch {
            throw .cannotOpen(path: path, message: Self.message(error) + Self.readOnlyHint(path))
        }
    }

    /// The engine database's settings, on every connection:
    /// - WAL, so readers never block the writer;
    /// - `synchronous = FULL` (SQLite's default, stated): every commit flushes the WAL to disk, so
    ///   a committed transaction survives `kill -9` and a power cut alike. `NORMAL` would survive
    ///   `kill -9` too but may lose the last commits on a power cut; batch ingest commits once per
    ///   5,000 lines, so FULL costs it little;
    /// - a 64 MiB page cache: with the default 2 MiB, the telemetry indexes are read back through
    ///   the kernel on every insert (batch ingest of 1 M samples: 13.5 s → 10.5 s, system time
    ///   4.6 s → 1.7 s).
    static let enginePragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536"

    /// The migrations of `schema`, in order. Each is applied once and recorded in `grdb_migrations`.
    static func migrator(for schema: StoreSchema) -> DatabaseMigrator {
        switch schema {
        case .backtestRuns: backtestMigrator
        case .engine: engineMigrator
        }
    }

    /// Backtest output:
    /// - `v1-backtest-runs`: `runs(run_id, created_at, description)` and one table per
    ///   `BacktestSchema` table, each with a leading `run_id` referencing `runs`.
    static var backtestMigrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-backtest-runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS runs (
                        run_id INTEGER PRIMARY KEY AUTOINCREMENT,
                        created_at TEXT NOT NULL,
                        description TEXT NOT NULL)
                    """)
            for table in BacktestSchema.tables {
                if try db.tableExists(table.name) {
                    // A file from before migrations: keep its table if it is the schema's; an
                    // empty one typed otherwise (the old writer typed columns by the first row)
                    // is recreated; anything else is refused, and the migration rolls back.
                    let existing = try db.columns(in: table.name)
                    let names = existing.map(\.name), types = existing.map { $0.type.uppercased() }
                    let expected = ["run_id"] + table.columns.map(\.0)
                    guard names == expected else {
                        throw StoreError.columnsDiffer(table: table.name, expected: expected, got: names)
                    }
                    guard types != ["INTEGER"] + table.columns.map(\.1) else { continue }
                    guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") == 0 else {
                        throw StoreError.columnsDiffer(
                            table: table.name, expected: zip(expected, ["INTEGER"] + table.columns.map(\.1)).map { "\($0) \($1)" },
                            got: zip(names, types).map { "\($0) \($1)" })
                    }
                    try db.execute(sql: "DROP TABLE \(table.name)")
                }
                let columns = table.columns.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                try db.execute(sql: "CREATE TABLE \(table.name) (run_id INTEGER NOT NULL REFERENCES runs(run_id), \(columns))")
            }
        }
        return migrator
    }

    /// The migrations' identifiers of `schema`, in the order they are applied.
    public static func migrations(for schema: StoreSchema) -> [String] { migrator(for: schema).migrations }

    /// Appends `run` in one transaction and returns its id.
    ///
    /// Every table is checked against `BacktestSchema` (name, columns in order, row widths) before
    /// the transaction starts; table and column names in SQL come from the schema, never from the
    /// caller.
    public func appendRun(_ run: BacktestRun) throws(StoreError) -> Int64 {
        guard schema == .backtestRuns else { throw .cannotOpen(path: path, message: "it is \(schema.withArticle), not a backtest output") }
        for table in run.tables {
            guard let expected = BacktestSchema.columns(of: table.name) else { throw .unknownTable(table.name) }
            guard expected == table.columns else { throw .columnsDiffer(table: table.name, expected: expected, got: table.columns) }
            if let (i, row) = table.rows.enumerated().first(where: { $0.element.count != expected.count }) {
                throw .rowWidth(table: table.name, row: i, cells: row.count, columns: expected.count)
            }
        }
        do {
            return try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO runs (created_at, description) VALUES (?, ?)",
                    arguments: [run.createdAt.description, run.description])
                let runId = db.lastInsertedRowID
                for table in run.tables {
                    guard let schema = BacktestSchema.tables.first(where: { $0.name == table.name }) else { continue }
                    let names = schema.columns.map(\.0)
                    let placeholders = Array(repeating: "?", count: names.count + 1).joined(separator: ", ")
                    let statement = try db.makeStatement(
                        sql: "INSERT INTO \(schema.name) (run_id, \(names.joined(separator: ", "))) VALUES (\(placeholders))")
                    for row in table.rows {
                        var values: [(any DatabaseValueConvertible)?] = [runId]
                        for cell in row {
                            switch cell {
                            case .text(let s): values.append(s)
                            case .integer(let i): values.append(i)
                            case .real(let d): values.append(d)
                            }
                        }
                        try statement.execute(arguments: StatementArguments(values))
                    }
                }
                return runId
            }
        } catch {
            throw .writeFailed(path: path, message: Self.message(error))
        }
    }

    /// Why SQLite could not open or write a file, when the reason is a read-only file system or a
    /// folder this process may not write (SQLite only says "unable to open database file").
    static func readOnlyHint(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        for target in [path, folder.isEmpty ? "." : folder] where FileManager.default.fileExists(atPath: target) {
            if access(target, W_OK) != 0 {
                let why = errno == EROFS ? "is on a read-only file system" : "is not writable by this process"
                return
                    " (\(Displayed.quoted(target, limit: 1024)) \(why); the engine database needs to write the file and its -wal and -shm files beside it)"
            }
        }
        return ""
    }

    static func message(_ error: any Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? db.description }
        return "\(error)"
    }
}
