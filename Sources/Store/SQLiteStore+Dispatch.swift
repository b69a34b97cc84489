public import ChargeShareDomain
import Foundation
import GRDB

extension SQLiteStore {
    /// `v8-cloud-dispatch`: `dispatch_windows.request_sha256`, the digest of the request a window
    /// was created from (docs/cloud-dispatch.md), so that a repeated request is recognised even
    /// when the problem assembled from it would differ today. `NULL` for windows stored without one.
    static func registerCloudDispatchMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-cloud-dispatch") { db in
            try db.execute(
                sql: "ALTER TABLE dispatch_windows ADD COLUMN request_sha256 TEXT CHECK (request_sha256 IS NULL OR length(request_sha256) = 64)")
        }
    }

    /// `v13-window-feeder-start`: `dispatch_window_feeders.start_ms`, a copy of the window's start,
    /// indexed with the feeder, so that a feeder's windows are found by time without reading every
    /// window it ever had (the warm start's lookup, `latestSolvedWindow`). Filled for stored windows;
    /// new rows take it from their window in the same statement. The index replaces
    /// `dispatch_window_feeders_by_feeder`, its prefix.
    static func registerWindowFeederStartMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-window-feeder-start") { db in
            try db.execute(
                sql: """
                    ALTER TABLE dispatch_window_feeders ADD COLUMN start_ms INTEGER NOT NULL DEFAULT 0;
                    UPDATE dispatch_window_feeders
                        SET start_ms = (SELECT w.start_ms FROM dispatch_windows w WHERE w.window_id = dispatch_window_feeders.window_id);
                    CREATE INDEX dispatch_window_feeders_by_feeder_start ON dispatch_window_feeders (feeder_id, start_ms, window_id);
                    DROP INDEX dispatch_window_feeders_by_feeder;
                    """)
        }
    }

    /// The longest window the contract allows (`DispatchProblem.maximumIntervals` of the longest
    /// allowed interval), ms: `insertProblem` refuses longer ones, so a window overlapping a span
    /// started at most this long before it.
    public static let longestWindowMs =
        Int64(DispatchProblem.maximumIntervals) * Int64(DispatchProblem.allowedIntervalMinutes.max() ?? 60) * 60_000

    /// Ids of the windows of `feederId` overlapping [`from`, `to`) ms, by start then id. The
    /// feeder's start index bounds the search to windows that started in the longest window's
    /// length before `from`, however many older ones the feeder has.
    /// - Complexity: O(windows of the feeder started in [`from` − `longestWindowMs`, `to`)).
    static func windowIds(_ db: Database, feederId: String, from: Int64, to: Int64) throws -> [String] {
        try String.fetchAll(
            db, sql: windowIdsSQL, arguments: [feederId, to, from > Int64.min + longestWindowMs + 1 ? from - longestWindowMs - 1 : Int64.min, from])
    }

    /// `windowIds`' query: feeder, span end, earliest start − 1, span start.
    static let windowIdsSQL = """
        SELECT f.window_id FROM dispatch_window_feeders f JOIN dispatch_windows w ON w.window_id = f.window_id
        WHERE f.feeder_id = ? AND f.start_ms < ? AND f.start_ms > ? AND w.end_ms > ? ORDER BY f.start_ms, f.window_id
        """

    /// `latestSolvedWindow`'s query: feeder, time, candidates, time.
    static let latestSolvedWindowSQL = """
        SELECT w.window_id FROM (
            SELECT window_id, start_ms FROM dispatch_window_feeders
            WHERE feeder_id = ? AND start_ms < ? ORDER BY start_ms DESC, window_id DESC LIMIT ?) f
        JOIN dispatch_windows w ON w.window_id = f.window_id
        WHERE w.end_ms > ? AND w.status IN ('optimal', 'optimalWithViolations')
        ORDER BY f.start_ms DESC, f.window_id DESC LIMIT 1
        """

    /// How many of a feeder's latest windows that started before a time `latestSolvedWindow`
    /// looks at: the one it returns is among them, so the lookup costs the same however many
    /// windows the feeder has had.
    public static let warmStartCandidates = 16
}

extension SQLiteStore: DispatchRecordStore {
    public func insertProblem(_ record: DispatchProblemRecord) throws(StoreError) -> Bool {
        guard !record.feederIds.isEmpty, record.start < record.end else {
            throw .invalidValue(
                table: "dispatch_windows", message: "\(Displayed.quoted(record.windowId)): needs at least one feeder and start before end")
        }
        let (length, overflow) = record.end.millisecondsSinceEpoch.subtractingReportingOverflow(record.start.millisecondsSinceEpoch)
        guard !overflow, length <= Self.longestWindowMs else {
            throw .invalidValue(
                table: "dispatch_windows",
                message: "\(Displayed.quoted(record.windowId)): longer than the longest window the contract allows (\(Self.longestWindowMs) ms)")
        }
        return try writingState { db in
            if let stored = try String.fetchOne(
                db, sql: "SELECT problem FROM dispatch_windows WHERE window_id = ?", arguments: [record.windowId])
            {
                guard stored == record.problemJSON else {
                    throw StoreError.duplicate(table: "dispatch_windows", key: "window \(Displayed.quoted(record.windowId))")
                }
                return false
            }
            for feeder in record.feederIds {
                try Self.requireRow(db, in: "feeders", id: feeder, from: "dispatch_window_feeders", column: "feeder_id")
            }
            try db.execute(
                sql: """
                    INSERT INTO dispatch_windows (window_id, start_ms, end_ms, created_ms, problem, status, request_sha256)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?)
                    """,
                arguments: [
                    record.windowId, record.start.millisecondsSinceEpoch, record.end.millisecondsSinceEpoch,
                    record.created.millisecondsSinceEpoch, record.problemJSON, record.requestDigest,
                ])
            for feeder in Set(record.feederIds) {
                try db.execute(
                    sql: """
                        INSERT INTO dispatch_window_feeders (window_id, feeder_id, start_ms)
                        SELECT window_id, ?, start_ms FROM dispatch_windows WHERE window_id = ?
                        """,
                    arguments: [feeder, record.windowId])
            }
            return true
        }
    }

    public func recordResult(windowId: String, _ outcome: DispatchOutcome) throws(StoreError) {
        guard ["optimal", "optimalWithViolations", "failed"].contains(outcome.status) else {
            throw .invalidValue(
                table: "dispatch_windows",
                message: "status \(Displayed.quoted(outcome.status)) is not one of optimal, optimalWithViolations, failed")
        }
        try writingState { db in
            try db.execute(
                sql: "UPDATE dispatch_windows SET status = ?, result = ?, objective = ?, solve_ms = ? WHERE window_id = ?",
                arguments: [outcome.status, outcome.resultJSON, outcome.objective, outcome.solveMilliseconds, windowId])
            guard db.changesCount > 0 else { throw StoreError.notFound(table: "dispatch_windows", key: "window \(Displayed.quoted(windowId))") }
        }
    }

    public func dispatchRecord(windowId: String) throws(StoreError) -> DispatchRecord? {
        try readingState { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dispatch_windows WHERE window_id = ?", arguments: [windowId]).map { try Self.record(db, $0) }
        }
    }

    public func dispatchRecords(feederId: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [DispatchRecord] {
        try readingState { db in
            try Self.windowIds(db, feederId: feederId, from: from.millisecondsSinceEpoch, to: to.millisecondsSinceEpoch).compactMap { id in
                try Row.fetchOne(db, sql: "SELECT * FROM dispatch_windows WHERE window_id = ?", arguments: [id]).map { try Self.record(db, $0) }
            }
        }
    }

    /// - Complexity: O(`warmStartCandidates`) index entries, then one record.
    public func latestSolvedWindow(feederId: String, covering time: Timestamp) throws(StoreError) -> DispatchRecord? {
        try readingState { db in
            // The id first, so that only the chosen window's problem and result text is read; the
            // candidates come from the feeder's start index alone, newest first.
            guard
                let id = try String.fetchOne(
                    db, sql: Self.latestSolvedWindowSQL,
                    arguments: [feederId, time.millisecondsSinceEpoch, Self.warmStartCandidates, time.millisecondsSinceEpoch])
            else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM dispatch_windows WHERE window_id = ?", arguments: [id]).map { try Self.record(db, $0) }
        }
    }

    private static func record(_ db: Database, _ r: Row) throws -> DispatchRecord {
        let id: String = r["window_id"]
        let feeders = try String.fetchAll(
            db, sql: "SELECT feeder_id FROM dispatch_window_feeders WHERE window_id = ? ORDER BY feeder_id", arguments: [id])
        let problem = DispatchProblemRecord(
            windowId: id, feederIds: feeders, start: Timestamp(millisecondsSinceEpoch: r["start_ms"]),
            end: Timestamp(millisecondsSinceEpoch: r["end_ms"]), created: Timestamp(millisecondsSinceEpoch: r["created_ms"]),
            problemJSON: r["problem"], requestDigest: r["request_sha256"])
        let status: String = r["status"]
        let outcome =
            status == "pending"
            ? nil : DispatchOutcome(status: status, resultJSON: r["result"], objective: r["objective"], solveMilliseconds: r["solve_ms"])
        return DispatchRecord(problem: problem, outcome: outcome, staleReason: r["stale_reason"])
    }
}

extension SQLiteStore: TariffStore {
    public func insertTariff(_ tariff: StoredTariff) throws(StoreError) -> Bool {
        guard tariff.version >= 1, tariff.validUntil.map({ tariff.validFrom < $0 }) ?? true else {
            throw .invalidValue(
                table: "tariffs",
                message: "site \(Displayed.quoted(tariff.siteId)) version \(tariff.version): needs a version ≥ 1 and validity ending after it starts")
        }
        return try writingState { db in
            let key = "site \(Displayed.quoted(tariff.siteId)) version \(tariff.version)"
            if let stored = try String.fetchOne(
                db, sql: "SELECT envelope FROM tariffs WHERE site_id = ? AND version = ?", arguments: [tariff.siteId, tariff.version])
            {
                guard stored == tariff.envelope else { throw StoreError.duplicate(table: "tariffs", key: key) }
                return false
            }
            try Self.requireRow(db, in: "sites", id: tariff.siteId, from: "tariffs", column: "site_id")
            try db.execute(
                sql: "INSERT INTO tariffs (site_id, version, valid_from_ms, valid_until_ms, envelope, created_ms) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    tariff.siteId, tariff.version, tariff.validFrom.millisecondsSinceEpoch, tariff.validUntil?.millisecondsSinceEpoch,
                    tariff.envelope, tariff.created.millisecondsSinceEpoch,
                ])
            return true
        }
    }

    public func tariffs(siteId: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [StoredTariff] {
        try readingState { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM tariffs WHERE site_id = ? AND valid_from_ms < ? AND (valid_until_ms IS NULL OR valid_until_ms > ?)
                    ORDER BY version
                    """, arguments: [siteId, to.millisecondsSinceEpoch, from.millisecondsSinceEpoch]
            ).map(Self.tariff)
        }
    }

    public func currentTariff(siteId: String, at time: Timestamp) throws(StoreError) -> StoredTariff? {
        try tariffs(siteId: siteId, from: time, to: time.adding(milliseconds: 1)).last
    }

    public func latestTariff(siteId: String) throws(StoreError) -> StoredTariff? {
        try readingState { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tariffs WHERE site_id = ? ORDER BY version DESC LIMIT 1", arguments: [siteId]).map(Self.tariff)
        }
    }

    static func tariff(_ r: Row) -> StoredTariff {
        StoredTariff(
            siteId: r["site_id"], version: r["version"], validFrom: Timestamp(millisecondsSinceEpoch: r["valid_from_ms"]),
            validUntil: (r["valid_until_ms"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)), envelope: r["envelope"],
            created: Timestamp(millisecondsSinceEpoch: r["created_ms"]))
    }
}

extension SQLiteStore: ModelRegistryStore {
    public func registerModel(_ model: ModelRecord) throws(StoreError) {
        guard model.trainedFrom <= model.trainedTo else {
            throw .invalidValue(table: "models", message: "\(Displayed.quoted(model.name)) \(model.version): training data ends before it starts")
        }
        try writingState { db in
            let key = "model \(Displayed.quoted(model.name)) version \(Displayed.quoted(model.version))"
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM models WHERE name = ? AND version = ?)", arguments: [model.name, model.version])
                    == false
            else { throw StoreError.duplicate(table: "models", key: key) }
            if model.active { try db.execute(sql: "UPDATE models SET active = 0 WHERE name = ?", arguments: [model.name]) }
            var path: String?, blob: [UInt8]?
            switch model.artifact {
            case .path(let p): path = p
            case .blob(let b): blob = b
            }
            try db.execute(
                sql: """
                    INSERT INTO models (name, kind, version, created_ms, path, blob, metrics, trained_from_ms, trained_to_ms, active)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    model.name, model.kind, model.version, model.created.millisecondsSinceEpoch, path, blob.map { Data($0) }, model.metricsJSON,
                    model.trainedFrom.millisecondsSinceEpoch, model.trainedTo.millisecondsSinceEpoch, model.active,
                ])
        }
    }

    public func activateModel(name: String, version: String) throws(StoreError) {
        try writingState { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM models WHERE name = ? AND version = ?)", arguments: [name, version]) == true
            else {
                throw StoreError.notFound(table: "models", key: "model \(Displayed.quoted(name)) version \(Displayed.quoted(version))")
            }
            try db.execute(sql: "UPDATE models SET active = 0 WHERE name = ? AND version <> ?", arguments: [name, version])
            try db.execute(sql: "UPDATE models SET active = 1 WHERE name = ? AND version = ?", arguments: [name, version])
        }
    }

    public func activeModel(name: String) throws(StoreError) -> ModelRecord? {
        try readingState { db in try Row.fetchOne(db, sql: "SELECT * FROM models WHERE name = ? AND active = 1", arguments: [name]).map(Self.model) }
    }

    public func models(kind: String?) throws(StoreError) -> [ModelRecord] {
        try readingState { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM models WHERE ?1 IS NULL OR kind = ?1 ORDER BY name, created_ms, version", arguments: [kind]
            ).map(Self.model)
        }
    }

    private static func model(_ r: Row) -> ModelRecord {
        let path: String? = r["path"]
        let blob: Data? = r["blob"]
        return ModelRecord(
            name: r["name"], kind: r["kind"], version: r["version"], created: Timestamp(millisecondsSinceEpoch: r["created_ms"]),
            artifact: path.map(ModelRecord.Artifact.path) ?? .blob(blob.map { [UInt8]($0) } ?? []), metricsJSON: r["metrics"],
            trainedFrom: Timestamp(millisecondsSinceEpoch: r["trained_from_ms"]), trainedTo: Timestamp(millisecondsSinceEpoch: r["trained_to_ms"]),
            active: r["active"])
    }
}
