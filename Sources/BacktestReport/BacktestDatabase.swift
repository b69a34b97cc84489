public import ChargeShareDomain
import Foundation
import GRDB

/// Writes backtest tables into a SQLite file (GRDB), one run per call, all in one transaction: a
/// failed write leaves the file as it was.
public enum BacktestDatabase {
    /// Appends `tables` under a new run id and returns it. Creates the file and schema when missing.
    ///
    /// Schema: `runs(run_id, created_at, description)` and one table per report table with a
    /// leading `run_id` column. Columns are typed by the first row's values.
    /// `created_at` is `clock`'s instant in RFC 3339.
    public static func write(
        path: String, description: String, tables: [ReportTable], clock: any WallClock = SystemWallClock()
    ) throws -> Int64 {
        let createdAt = clock.now.description
        let queue = try DatabaseQueue(path: path)
        return try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS runs (
                        run_id INTEGER PRIMARY KEY AUTOINCREMENT,
                        created_at TEXT NOT NULL,
                        description TEXT NOT NULL)
                    """)
            try db.execute(
                sql: "INSERT INTO runs (created_at, description) VALUES (?, ?)",
                arguments: [createdAt, description])
            let runId = db.lastInsertedRowID
            for table in tables {
                let types = table.columns.indices.map { i -> String in
                    switch table.rows.first?[i] {
                    case .integer: "INTEGER"
                    case .real: "REAL"
                    default: "TEXT"
                    }
                }
                let columns = zip(table.columns, types).map { "\($0) \($1)" }.joined(separator: ", ")
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(table.name) (run_id INTEGER NOT NULL REFERENCES runs(run_id), \(columns))")
                let placeholders = Array(repeating: "?", count: table.columns.count + 1).joined(separator: ", ")
                let statement = try db.makeStatement(
                    sql: "INSERT INTO \(table.name) (run_id, \(table.columns.joined(separator: ", "))) VALUES (\(placeholders))")
                for row in table.rows {
                    var values: [(any DatabaseValueConvertible)?] = [runId]
                    for v in row {
                        switch v {
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
    }
}
