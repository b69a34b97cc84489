public import ChargeShareDomain
public import OpenADR
import GRDB

// Event writes: the event, its `utility_limits` rows and the stale marks, in one transaction.
extension SQLiteStore {
    public func createEvent(_ draft: EventDraft, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADREventWrite {
        try writingState { db in
            let (id, seq) = try Self.nextId(db, table: "openadr_events", prefix: "event")
            let owner = try Self.checkEvent(db, draft, caller: caller)
            let object = OpenADRObject(kind: .event, id: id, owner: owner, created: time, modified: time, body: draft.document)
            try db.execute(
                sql: """
                    INSERT INTO openadr_events (seq, id, owner, program_id, priority, document, created_ms, modified_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    seq, id, owner, draft.programID, draft.priority, object.json, time.millisecondsSinceEpoch, time.millisecondsSinceEpoch,
                ])
            return try Self.replaceLimits(db, object, draft, at: time, reason: "event \(id) created")
        }
    }

    public func replaceEvent(id: String, _ draft: EventDraft, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADREventWrite {
        try writingState { db in
            guard let old = try Self.visible(db, .event, id: id, caller) else {
                throw StoreError.notFound(table: "openadr_events", key: "event \(Displayed.quoted(id))")
            }
            let owner = try Self.checkEvent(db, draft, caller: caller)
            let object = OpenADRObject(kind: .event, id: id, owner: owner, created: old.created, modified: time, body: draft.document)
            try db.execute(
                sql: "UPDATE openadr_events SET owner = ?, program_id = ?, priority = ?, document = ?, modified_ms = ? WHERE id = ?",
                arguments: [owner, draft.programID, draft.priority, object.json, time.millisecondsSinceEpoch, id])
            return try Self.replaceLimits(db, object, draft, at: time, reason: "event \(id) replaced")
        }
    }

    public func deleteEvent(id: String, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADREventWrite {
        try writingState { db in
            guard let old = try Self.visible(db, .event, id: id, caller) else {
                throw StoreError.notFound(table: "openadr_events", key: "event \(Displayed.quoted(id))")
            }
            let write = try Self.replaceLimits(db, old, nil, at: time, reason: "event \(id) deleted")
            try db.execute(sql: "DELETE FROM openadr_events WHERE id = ?", arguments: [id])
            return write
        }
    }

    /// The event's program is the caller's (or the caller an administrator); every `GROUP` target
    /// is a feeder the caller was granted, and is registered. Returns the program's owner, which
    /// owns the event too (so an administrator's event on a utility's program is the utility's).
    private static func checkEvent(_ db: Database, _ draft: EventDraft, caller: OpenADRCaller) throws -> String {
        let owner = try String.fetchOne(db, sql: "SELECT owner FROM openadr_programs WHERE id = ?", arguments: [draft.programID])
        guard let owner, caller.ownerFilter.map({ $0 == owner }) ?? true else {
            throw StoreError.unknownReference(table: "openadr_events", column: "programID", value: draft.programID, references: "openadr_programs")
        }
        if let denied = draft.feederIds.first(where: { !caller.mayTarget(feederId: $0) }) {
            throw StoreError.forbidden(
                table: "openadr_events", message: "client \(Displayed.quoted(caller.id)) may not target feeder \(Displayed.quoted(denied))")
        }
        for feeder in draft.feederIds {
            try requireRow(db, in: "feeders", id: feeder, from: "openadr_events", column: "targets (GROUP)")
        }
        return owner
    }

    /// One derived limit row, as compared to find what changed.
    private struct LimitRow: Hashable {
        var id: String
        var feederId: String
        var kind: String
        var start: Int64
        var end: Int64
        var priority: Int?
        var valueKw: Double
    }

    /// Replaces the event's `utility_limits` rows by those of `draft` (none for a delete), writes
    /// its target rows, and marks stale every dispatch window overlapping a row that changed
    /// (removed, added, or different) on one of its feeders.
    private static func replaceLimits(
        _ db: Database, _ object: OpenADRObject, _ draft: EventDraft?, at time: Timestamp, reason: String
    ) throws -> OpenADREventWrite {
        let old = try Row.fetchAll(db, sql: "SELECT * FROM utility_limits WHERE event_id = ?", arguments: [object.id]).map { r in
            LimitRow(
                id: r["id"], feederId: r["feeder_id"], kind: r["kind"], start: r["start_ms"], end: r["end_ms"], priority: r["priority"],
                valueKw: r["value_kw"])
        }
        let new = (draft?.limits ?? []).map { l in
            LimitRow(
                id: l.rowId(eventId: object.id), feederId: l.feederId, kind: l.kind.rawValue, start: l.start.millisecondsSinceEpoch,
                end: l.end.millisecondsSinceEpoch, priority: draft?.priority, valueKw: l.valueKw)
        }
        let oldSet = Set(old), newSet = Set(new)
        if let clash = Dictionary(grouping: new, by: \.id).first(where: { $0.value.count > 1 }) {
            throw StoreError.duplicate(table: "utility_limits", key: "limit \(Displayed.quoted(clash.key))")
        }
        try db.execute(sql: "DELETE FROM utility_limits WHERE event_id = ?", arguments: [object.id])
        let ms = time.millisecondsSinceEpoch
        for row in new {
            try db.execute(
                sql: """
                    INSERT INTO utility_limits (id, feeder_id, kind, start_ms, end_ms, priority, value_kw, source, created_ms, modified_ms, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    row.id, row.feederId, row.kind, row.start, row.end, row.priority, row.valueKw, "openadr:\(object.owner)", ms, ms, object.id,
                ])
        }
        try writeTargets(db, kind: .event, id: object.id, draft?.targets ?? [])
        var stale: Set<String> = []
        for row in oldSet.symmetricDifference(newSet) {
            stale.formUnion(try Self.windowIds(db, feederId: row.feederId, from: row.start, to: row.end))
        }
        for id in stale {
            try db.execute(
                sql: "UPDATE dispatch_windows SET stale_reason = ? WHERE window_id = ?",
                arguments: ["utility limits changed at \(time): \(reason)", id])
        }
        return OpenADREventWrite(
            object: object, limitsWritten: new.count, limitsRemoved: old.count, staleWindowIds: stale.sorted())
    }
}
