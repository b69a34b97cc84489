public import ChargeShareDomain
import GRDB

extension SQLiteStore {
    /// `v4-service-state`: what the service and the forecasters keep (docs/telemetry.md). Times
    /// are integer milliseconds (`*_ms`); JSON is stored as text; every rule a value must obey is
    /// also a `CHECK`, so a writer that skips the Swift checks still cannot store nonsense.
    static func registerServiceStateMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-service-state") { db in
            try db.execute(
                sql: """
                    CREATE TABLE prices (
                        series TEXT NOT NULL,
                        start_ms INTEGER NOT NULL,
                        interval_minutes INTEGER NOT NULL CHECK (interval_minutes > 0),
                        import_per_kwh REAL NOT NULL,
                        export_per_kwh REAL NOT NULL CHECK (export_per_kwh <= import_per_kwh),
                        currency TEXT NOT NULL,
                        source TEXT NOT NULL,
                        PRIMARY KEY (series, start_ms));
                    CREATE TABLE utility_limits (
                        id TEXT PRIMARY KEY NOT NULL,
                        feeder_id TEXT NOT NULL REFERENCES feeders(id),
                        kind TEXT NOT NULL CHECK (kind IN ('IMPORT_CAPACITY_LIMIT', 'EXPORT_CAPACITY_LIMIT')),
                        start_ms INTEGER NOT NULL,
                        end_ms INTEGER NOT NULL CHECK (end_ms > start_ms),
                        priority INTEGER NOT NULL,
                        value_kw REAL NOT NULL CHECK (value_kw >= 0),
                        source TEXT NOT NULL,
                        created_ms INTEGER NOT NULL,
                        modified_ms INTEGER NOT NULL);
                    CREATE INDEX utility_limits_by_feeder ON utility_limits (feeder_id, start_ms, end_ms);
                    CREATE TABLE dispatch_windows (
                        window_id TEXT PRIMARY KEY NOT NULL,
                        start_ms INTEGER NOT NULL,
                        end_ms INTEGER NOT NULL CHECK (end_ms > start_ms),
                        created_ms INTEGER NOT NULL,
                        problem TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'optimal', 'optimalWithViolations', 'failed')),
                        result TEXT,
                        objective REAL,
                        solve_ms REAL);
                    CREATE TABLE dispatch_window_feeders (
                        window_id TEXT NOT NULL REFERENCES dispatch_windows(window_id) ON DELETE CASCADE,
                        feeder_id TEXT NOT NULL REFERENCES feeders(id),
                        PRIMARY KEY (window_id, feeder_id));
                    CREATE INDEX dispatch_window_feeders_by_feeder ON dispatch_window_feeders (feeder_id);
                    CREATE INDEX dispatch_windows_by_start ON dispatch_windows (start_ms);
                    CREATE TABLE tariffs (
                        site_id TEXT NOT NULL REFERENCES sites(id),
                        version INTEGER NOT NULL CHECK (version >= 1),
                        valid_from_ms INTEGER NOT NULL,
                        valid_until_ms INTEGER CHECK (valid_until_ms IS NULL OR valid_until_ms > valid_from_ms),
                        envelope TEXT NOT NULL,
                        created_ms INTEGER NOT NULL,
                        PRIMARY KEY (site_id, version));
                    CREATE TABLE models (
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        version TEXT NOT NULL,
                        created_ms INTEGER NOT NULL,
                        path TEXT,
                        blob BLOB,
                        metrics TEXT NOT NULL,
                        trained_from_ms INTEGER NOT NULL,
                        trained_to_ms INTEGER NOT NULL CHECK (trained_to_ms >= trained_from_ms),
                        active INTEGER NOT NULL CHECK (active IN (0, 1)),
                        PRIMARY KEY (name, version),
                        CHECK ((path IS NULL) <> (blob IS NULL)));
                    CREATE UNIQUE INDEX models_one_active ON models (name) WHERE active = 1;
                    """)
        }
    }

    /// Runs `body` in a read transaction; any failure is `StoreError.readFailed`.
    func readingState<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try queue.read(body) } catch { throw .readFailed(path: path, message: Self.message(error)) }
    }

    /// Runs `body` in one write transaction on the engine database: a `StoreError` it throws
    /// passes through (the transaction rolls back), any other failure is `.writeFailed`.
    func writingState<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        guard schema == .engine else { throw .cannotOpen(path: path, message: "it is \(schema.withArticle), not an engine database") }
        do {
            return try queue.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed(path: path, message: Self.message(error))
        }
    }

    /// Throws `.conflict` when the utility limit `id` derives from an OpenADR event.
    static func refuseEventRow(_ db: Database, id: String) throws {
        if let event = try String.fetchOne(db, sql: "SELECT event_id FROM utility_limits WHERE id = ?", arguments: [id]) {
            throw StoreError.conflict(
                table: "utility_limits", message: "\(Displayed.quoted(id)) derives from OpenADR event \(Displayed.quoted(event)); change the event")
        }
    }

    /// Throws `.unknownReference` unless `table` holds a row with this `id`.
    static func requireRow(_ db: Database, in table: String, id: String, from source: String, column: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) == true else {
            throw StoreError.unknownReference(table: source, column: column, value: id, references: table)
        }
    }
}

extension SQLiteStore: SessionStateStore {
    public func sessions(overlappingFrom from: Timestamp, to: Timestamp) throws(StoreError) -> [SessionState] {
        try readingState { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM sessions WHERE started_ms < ? AND (ended_ms IS NULL OR ended_ms > ?)
                    ORDER BY station_id, evse_id, started_ms, transaction_id
                    """, arguments: [to.millisecondsSinceEpoch, from.millisecondsSinceEpoch]
            ).map { r in
                SessionState(
                    stationId: r["station_id"], evseId: r["evse_id"], transactionId: r["transaction_id"],
                    state: SessionState.State(rawValue: r["state"]) ?? .active, started: Timestamp(millisecondsSinceEpoch: r["started_ms"]),
                    ended: (r["ended_ms"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)), energyWh: r["energy_wh"],
                    lastSocPercent: r["last_soc_percent"], targetWh: r["target_wh"],
                    departure: (r["departure_ms"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)))
            }
        }
    }
}

extension SQLiteStore: PriceStore {
    public func upsertPrices(series: String, _ points: [PricePoint]) throws(StoreError) -> UpsertCounts {
        for p in points {
            guard p.intervalMinutes > 0, p.importPerKwh.isFinite, p.exportPerKwh.isFinite, p.exportPerKwh <= p.importPerKwh else {
                throw .invalidValue(
                    table: "prices",
                    message:
                        "series \(Displayed.quoted(series)) at \(p.start): needs a positive interval and finite prices with export (\(p.exportPerKwh)) at most import (\(p.importPerKwh))"
                )
            }
        }
        return try writingState { db in
            var counts = UpsertCounts()
            for p in points {
                let start = p.start.millisecondsSinceEpoch, end = p.end.millisecondsSinceEpoch
                if let other = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT start_ms FROM prices WHERE series = ? AND start_ms <> ? AND start_ms < ?
                        AND start_ms + interval_minutes * 60000 > ? LIMIT 1
                        """, arguments: [series, start, end, start])
                {
                    throw StoreError.invalidValue(
                        table: "prices",
                        message:
                            "series \(Displayed.quoted(series)): the point at \(p.start) overlaps the stored one at \(Timestamp(millisecondsSinceEpoch: other))"
                    )
                }
                let values: [(any DatabaseValueConvertible)?] = [p.intervalMinutes, p.importPerKwh, p.exportPerKwh, p.currency, p.source]
                if let row = try Row.fetchOne(
                    db,
                    sql: "SELECT interval_minutes, import_per_kwh, export_per_kwh, currency, source FROM prices WHERE series = ? AND start_ms = ?",
                    arguments: [series, start])
                {
                    if (0..<5).map({ row[$0] as DatabaseValue }) == values.map({ $0?.databaseValue ?? .null }) {
                        counts.unchanged += 1
                        continue
                    }
                    try db.execute(
                        sql: """
                            UPDATE prices SET interval_minutes = ?, import_per_kwh = ?, export_per_kwh = ?, currency = ?, source = ?
                            WHERE series = ? AND start_ms = ?
                            """, arguments: StatementArguments(values + [series, start]))
                    counts.updated += 1
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO prices (interval_minutes, import_per_kwh, export_per_kwh, currency, source, series, start_ms)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """, arguments: StatementArguments(values + [series, start]))
                    counts.inserted += 1
                }
            }
            return counts
        }
    }

    public func prices(series: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [PricePoint] {
        try readingState { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM prices WHERE series = ? AND start_ms < ? AND start_ms + interval_minutes * 60000 > ? ORDER BY start_ms
                    """, arguments: [series, to.millisecondsSinceEpoch, from.millisecondsSinceEpoch]
            ).map { r in
                PricePoint(
                    start: Timestamp(millisecondsSinceEpoch: r["start_ms"]), intervalMinutes: r["interval_minutes"],
                    importPerKwh: r["import_per_kwh"], exportPerKwh: r["export_per_kwh"], currency: r["currency"], source: r["source"])
            }
        }
    }
}

extension SQLiteStore: UtilityLimitStore {
    public func upsertUtilityLimit(_ limit: UtilityLimit) throws(StoreError) -> UpsertCounts {
        guard limit.start < limit.end, limit.valueKw.isFinite, limit.valueKw >= 0 else {
            throw .invalidValue(
                table: "utility_limits",
                message: "\(Displayed.quoted(limit.id)): needs start before end and a finite value of at least 0 kW, got \(limit.valueKw)")
        }
        return try writingState { db in
            try Self.requireRow(db, in: "feeders", id: limit.feederId, from: "utility_limits", column: "feeder_id")
            let values: [(any DatabaseValueConvertible)?] = [
                limit.feederId, limit.kind.rawValue, limit.start.millisecondsSinceEpoch, limit.end.millisecondsSinceEpoch, limit.priority,
                limit.valueKw, limit.source, limit.modified.millisecondsSinceEpoch,
            ]
            let columns = "feeder_id, kind, start_ms, end_ms, priority, value_kw, source, modified_ms"
            try Self.refuseEventRow(db, id: limit.id)
            if let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM utility_limits WHERE id = ?", arguments: [limit.id]) {
                if (0..<values.count).map({ row[$0] as DatabaseValue }) == values.map({ $0?.databaseValue ?? .null }) {
                    return UpsertCounts(unchanged: 1)
                }
                try db.execute(
                    sql: """
                        UPDATE utility_limits SET feeder_id = ?, kind = ?, start_ms = ?, end_ms = ?, priority = ?, value_kw = ?, source = ?,
                        modified_ms = ? WHERE id = ?
                        """, arguments: StatementArguments(values + [limit.id]))
                return UpsertCounts(updated: 1)
            }
            try db.execute(
                sql: "INSERT INTO utility_limits (\(columns), id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: StatementArguments(values + [limit.id, limit.created.millisecondsSinceEpoch]))
            return UpsertCounts(inserted: 1)
        }
    }

    public func deleteUtilityLimit(id: String) throws(StoreError) -> Bool {
        try writingState { db in
            try Self.refuseEventRow(db, id: id)
            try db.execute(sql: "DELETE FROM utility_limits WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func utilityLimits(feederIds: [String], from: Timestamp, to: Timestamp) throws(StoreError) -> [UtilityLimit] {
        guard !feederIds.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: feederIds.count).joined(separator: ", ")
        return try readingState { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM utility_limits WHERE feeder_id IN (\(marks)) AND start_ms < ? AND end_ms > ?
                    ORDER BY feeder_id, start_ms, id
                    """, arguments: StatementArguments(feederIds + [to.millisecondsSinceEpoch, from.millisecondsSinceEpoch])
            ).map { r in
                UtilityLimit(
                    id: r["id"], feederId: r["feeder_id"], kind: UtilityLimit.Kind(rawValue: r["kind"]) ?? .importCapacity,
                    start: Timestamp(millisecondsSinceEpoch: r["start_ms"]), end: Timestamp(millisecondsSinceEpoch: r["end_ms"]),
                    priority: r["priority"], valueKw: r["value_kw"], source: r["source"],
                    created: Timestamp(millisecondsSinceEpoch: r["created_ms"]), modified: Timestamp(millisecondsSinceEpoch: r["modified_ms"]))
            }
        }
    }
}
