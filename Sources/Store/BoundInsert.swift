import GRDB
import GRDBSQLite

/// One execution of a cached INSERT, its values bound through SQLite's C API: batch ingest runs
/// about a million of them per million samples, and GRDB's `StatementArguments` (an array of
/// boxed values per row) cost as much as SQLite's own work. The statement stays GRDB's (cached,
/// finalised by GRDB); only binding and stepping bypass it. Values are copied by SQLite
/// (`SQLITE_TRANSIENT`), so nothing must outlive a call.
struct BoundInsert {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    private var index: Int32 = 0

    /// `sql` from `db`'s statement cache, ready for its first value.
    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds the next parameter.
    mutating func bind(_ value: String?) {
        index += 1
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { text in _ = sqlite3_bind_text(handle, index, text.baseAddress, Int32(text.count), Self.transient) }
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    mutating func bind(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Runs the insert and resets it for the next row.
    /// - Returns: rows changed (0 when `ON CONFLICT … DO NOTHING` skipped the row).
    /// - Throws: `DatabaseError` with SQLite's code and message (the statement is reset either way).
    mutating func run() throws -> Int {
        let code = sqlite3_step(handle)
        index = 0
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else {
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return Int(sqlite3_changes(connection))
    }
}
