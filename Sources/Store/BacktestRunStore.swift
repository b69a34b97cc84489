public import ChargeShareDomain

/// Where backtest runs are kept: the interface the engine writes through, so that a PostgreSQL
/// backend can replace SQLite later without touching the backtester.
public protocol BacktestRunStore {
    /// Appends one run with its tables, all or nothing, and returns the run's id.
    /// - Throws: `StoreError` when a table is not in the schema or the write fails; the store is
    ///   then as it was.
    func appendRun(_ run: BacktestRun) throws(StoreError) -> Int64
}

/// One backtest run: when it was made, the command that made it, and its tables.
public struct BacktestRun: Sendable {
    public let createdAt: Timestamp
    public let description: String
    /// Tables of `BacktestSchema`, each with exactly its columns in order.
    public let tables: [ReportTable]

    public init(createdAt: Timestamp, description: String, tables: [ReportTable]) {
        self.createdAt = createdAt
        self.description = description
        self.tables = tables
    }
}

/// The tables a backtest run may hold, with their columns and SQL types: the schema of migration
/// `v1-backtest-runs`, checked before anything is written.
public enum BacktestSchema {
    /// Column name and SQL type, per table.
    public static let tables: [(name: String, columns: [(String, String)])] = [
        (
            "summary",
            [
                ("limit_kw", "REAL"), ("policy", "TEXT"), ("energy_delivered_pct", "REAL"), ("sessions_served_pct", "REAL"),
                ("cost", "REAL"), ("peak_kw", "REAL"), ("violations", "INTEGER"), ("violation_kwh", "REAL"), ("v2g_kwh", "REAL"),
                ("v2g_revenue", "REAL"), ("median_solve_ms", "REAL"), ("p99_solve_ms", "REAL"), ("sessions", "INTEGER"),
                ("requested_kwh", "REAL"), ("delivered_kwh", "REAL"),
            ]
        ),
        (
            "daily",
            [
                ("limit_kw", "REAL"), ("policy", "TEXT"), ("day", "TEXT"), ("sessions", "INTEGER"), ("served", "INTEGER"),
                ("requested_kwh", "REAL"), ("delivered_kwh", "REAL"), ("energy_delivered_pct", "REAL"), ("cost", "REAL"),
                ("peak_kw", "REAL"), ("violations", "INTEGER"), ("violation_kwh", "REAL"), ("v2g_kwh", "REAL"),
            ]
        ),
        (
            "sessions",
            [
                ("limit_kw", "REAL"), ("policy", "TEXT"), ("session_id", "TEXT"), ("station_id", "TEXT"), ("arrival", "TEXT"),
                ("departure", "TEXT"), ("estimated_departure", "TEXT"), ("stay_hours", "REAL"), ("demand_kwh", "REAL"),
                ("delivered_kwh", "REAL"), ("discharged_kwh", "REAL"), ("served", "INTEGER"),
            ]
        ),
        (
            "steps",
            [("limit_kw", "REAL"), ("policy", "TEXT"), ("step", "INTEGER"), ("time", "TEXT"), ("load_kw", "REAL"), ("price_per_kwh", "REAL")]
        ),
    ]

    /// The columns of `table`, or `nil` when the schema has no such table.
    public static func columns(of table: String) -> [String]? {
        tables.first { $0.name == table }?.columns.map(\.0)
    }
}

/// Why the store could not be opened or written.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The file cannot be opened or migrated (not a database, no permission, a failed migration).
    case cannotOpen(path: String, message: String)
    /// The file was migrated by a newer engine: its schema has migrations this build does not know.
    case newerSchema(path: String, unknown: [String])
    /// A table the schema does not have.
    case unknownTable(String)
    /// A table whose columns are not the schema's, in order.
    case columnsDiffer(table: String, expected: [String], got: [String])
    /// A row with more or fewer cells than the table's columns.
    case rowWidth(table: String, row: Int, cells: Int, columns: Int)
    /// SQLite refused the write; nothing was written.
    case writeFailed(path: String, message: String)
    /// SQLite could not read the file.
    case readFailed(path: String, message: String)
    /// A row with this key is stored already with other values (`key` as shown in messages).
    case duplicate(table: String, key: String)
    /// A row names an entry that is not stored (`column` of `table` → `references`).
    case unknownReference(table: String, column: String, value: String, references: String)
    /// No row with this key.
    case notFound(table: String, key: String)
    /// A value the table's rules refuse (`message` says which and why).
    case invalidValue(table: String, message: String)
    /// The caller may not do this (a utility targeting a feeder it was not granted).
    case forbidden(table: String, message: String)
    /// The write conflicts with what is stored (a program that still has events).
    case conflict(table: String, message: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let m): "cannot open the database \(Displayed.quoted(path, limit: 1024)): \(m)"
        case .newerSchema(let path, let unknown):
            "the database \(Displayed.quoted(path, limit: 1024)) was written by a newer engine (migrations \(unknown.joined(separator: ", "))); use that engine or another file"
        case .unknownTable(let name): "no table \(Displayed.quoted(name)) in the backtest schema"
        case .columnsDiffer(let table, let expected, let got):
            "table \(table): columns \(got.joined(separator: ",")) are not the schema's \(expected.joined(separator: ","))"
        case .rowWidth(let table, let row, let cells, let columns): "table \(table), row \(row): \(cells) cells for \(columns) columns"
        case .writeFailed(let path, let m): "cannot write the database \(Displayed.quoted(path, limit: 1024)): \(m)"
        case .readFailed(let path, let m): "cannot read the database \(Displayed.quoted(path, limit: 1024)): \(m)"
        case .duplicate(let table, let key): "\(table): \(key) is stored already with other values"
        case .unknownReference(let table, let column, let value, let references):
            "\(table).\(column): \(Displayed.quoted(value)) is not in \(references)"
        case .notFound(let table, let key): "\(table): no \(key)"
        case .invalidValue(let table, let m): "\(table): \(m)"
        case .forbidden(let table, let m): "\(table): forbidden: \(m)"
        case .conflict(let table, let m): "\(table): \(m)"
        }
    }
}
