import ChargeShareDomain
import OpenADR
import GRDB

extension SQLiteStore {
    /// `v7-openadr` (docs/openadr.md):
    /// - `openadr_programs` and `openadr_events`: the document as `GET` returns it, its owner,
    ///   times, and for events `program_id` and `priority`; `seq` orders them and numbers their ids;
    /// - `openadr_targets`: each string value of each target, for the `targetType`/`targetValues`
    ///   filters;
    /// - `utility_limits` rebuilt with a nullable `priority` (an event without one) and
    ///   `event_id`, the event a row derives from (`NULL` for manual caps);
    /// - `dispatch_windows.stale_reason`: why a window's limits changed since it was assembled.
    static func registerOpenADRMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-openadr") { db in
            try db.execute(
                sql: """
                    CREATE TABLE openadr_programs (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        owner TEXT NOT NULL,
                        program_name TEXT NOT NULL,
                        document TEXT NOT NULL,
                        created_ms INTEGER NOT NULL,
                        modified_ms INTEGER NOT NULL,
                        UNIQUE (owner, program_name));
                    CREATE TABLE openadr_events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        owner TEXT NOT NULL,
                        program_id TEXT NOT NULL REFERENCES openadr_programs(id),
                        priority INTEGER CHECK (priority IS NULL OR priority >= 0),
                        document TEXT NOT NULL,
                        created_ms INTEGER NOT NULL,
                        modified_ms INTEGER NOT NULL);
                    CREATE INDEX openadr_events_by_program ON openadr_events (program_id);
                    CREATE TABLE openadr_targets (
                        kind TEXT NOT NULL CHECK (kind IN ('PROGRAM', 'EVENT')),
                        object_id TEXT NOT NULL,
                        target_type TEXT NOT NULL,
                        target_value TEXT NOT NULL);
                    CREATE INDEX openadr_targets_by_object ON openadr_targets (kind, object_id);
                    CREATE INDEX openadr_targets_by_value ON openadr_targets (kind, target_value);
                    CREATE TABLE utility_limits_v7 (
                        id TEXT PRIMARY KEY NOT NULL,
                        feeder_id TEXT NOT NULL REFERENCES feeders(id),
                        kind TEXT NOT NULL CHECK (kind IN ('IMPORT_CAPACITY_LIMIT', 'EXPORT_CAPACITY_LIMIT')),
                        start_ms INTEGER NOT NULL,
                        end_ms INTEGER NOT NULL CHECK (end_ms > start_ms),
                        priority INTEGER,
                        value_kw REAL NOT NULL CHECK (value_kw >= 0),
                        source TEXT NOT NULL,
                        created_ms INTEGER NOT NULL,
                        modified_ms INTEGER NOT NULL,
                        event_id TEXT REFERENCES openadr_events(id));
                    INSERT INTO utility_limits_v7 (id, feeder_id, kind, start_ms, end_ms, priority, value_kw, source, created_ms, modified_ms)
                        SELECT id, feeder_id, kind, start_ms, end_ms, priority, value_kw, source, created_ms, modified_ms FROM utility_limits;
                    DROP TABLE utility_limits;
                    ALTER TABLE utility_limits_v7 RENAME TO utility_limits;
                    CREATE INDEX utility_limits_by_feeder ON utility_limits (feeder_id, start_ms, end_ms);
                    CREATE INDEX utility_limits_by_event ON utility_limits (event_id);
                    ALTER TABLE dispatch_windows ADD COLUMN stale_reason TEXT;
                    """)
        }
    }

    /// The next id of `table` (`<prefix>-<n>`, `n` never reused, even after deletes) and its `seq`.
    static func nextId(_ db: Database, table: String, prefix: String) throws -> (String, Int64) {
        let last = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) ?? 0
        return ("\(prefix)-\(last + 1)", last + 1)
    }

    /// Replaces the target rows of one object by the string values of its targets.
    static func writeTargets(_ db: Database, kind: OpenADRObject.Kind, id: String, _ targets: [OpenADRValuesMap]) throws {
        try db.execute(sql: "DELETE FROM openadr_targets WHERE kind = ? AND object_id = ?", arguments: [kind.rawValue, id])
        for target in targets {
            for value in Set(target.strings) {
                try db.execute(
                    sql: "INSERT INTO openadr_targets (kind, object_id, target_type, target_value) VALUES (?, ?, ?, ?)",
                    arguments: [kind.rawValue, id, target.type, value])
            }
        }
    }

    /// The stored object of `table` with this id that `caller` may read, or `nil`.
    static func visible(_ db: Database, _ kind: OpenADRObject.Kind, id: String, _ caller: OpenADRCaller) throws -> OpenADRObject? {
        let table = kind == .program ? "openadr_programs" : "openadr_events"
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id]) else { return nil }
        let object = try openADRObject(kind, row)
        if let owner = caller.ownerFilter, owner != object.owner { return nil }
        return object
    }

    static func openADRObject(_ kind: OpenADRObject.Kind, _ r: Row) throws -> OpenADRObject {
        let text: String = r["document"]
        let body: JSONValue
        do { body = try JSONReader.parse(text, options: .engine) } catch {
            throw StoreError.invalidValue(table: kind == .program ? "openadr_programs" : "openadr_events", message: "stored document: \(error)")
        }
        return OpenADRObject(
            kind: kind, id: r["id"], owner: r["owner"], created: Timestamp(millisecondsSinceEpoch: r["created_ms"]),
            modified: Timestamp(millisecondsSinceEpoch: r["modified_ms"]), body: body)
    }

    /// Objects of `kind` matching `query`, restricted to the caller's own unless an administrator.
    func search(_ kind: OpenADRObject.Kind, _ query: OpenADRQuery, by caller: OpenADRCaller) throws(StoreError) -> [OpenADRObject] {
        guard query.skip >= 0, (0...OpenADRQuery.maximumLimit).contains(query.limit) else {
            throw .invalidValue(table: "openadr", message: "skip must be ≥ 0 and limit 0 to \(OpenADRQuery.maximumLimit)")
        }
        let table = kind == .program ? "openadr_programs" : "openadr_events"
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let owner = caller.ownerFilter {
            conditions.append("o.owner = ?")
            arguments.append(owner)
        }
        if kind == .event, let program = query.programID {
            conditions.append("o.program_id = ?")
            arguments.append(program)
        }
        if query.targetType != nil || !query.targetValues.isEmpty {
            var match = "t.kind = ? AND t.object_id = o.id"
            arguments.append(kind.rawValue)
            if let type = query.targetType {
                match += " AND t.target_type = ?"
                arguments.append(type)
            }
            if !query.targetValues.isEmpty {
                match += " AND t.target_value IN (\(Array(repeating: "?", count: query.targetValues.count).joined(separator: ", ")))"
                arguments += query.targetValues.map { $0 as (any DatabaseValueConvertible)? }
            }
            conditions.append("EXISTS (SELECT 1 FROM openadr_targets t WHERE \(match))")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit, query.skip]
        return try readingState { db in
            try Row.fetchAll(
                db, sql: "SELECT o.* FROM \(table) o \(whereClause) ORDER BY o.seq LIMIT ? OFFSET ?", arguments: StatementArguments(arguments)
            ).map { try Self.openADRObject(kind, $0) }
        }
    }
}
