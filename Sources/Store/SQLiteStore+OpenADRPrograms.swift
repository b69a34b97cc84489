public import ChargeShareDomain
public import OpenADR
import GRDB

extension SQLiteStore: OpenADRStore {
    public func createProgram(_ draft: ProgramDraft, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADRObject {
        try writingState { db in
            let (id, seq) = try Self.nextId(db, table: "openadr_programs", prefix: "program")
            let object = OpenADRObject(kind: .program, id: id, owner: caller.id, created: time, modified: time, body: draft.document)
            try Self.requireUniqueName(db, draft.programName, owner: caller.id, except: nil)
            try db.execute(
                sql: """
                    INSERT INTO openadr_programs (seq, id, owner, program_name, document, created_ms, modified_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [seq, id, caller.id, draft.programName, object.json, time.millisecondsSinceEpoch, time.millisecondsSinceEpoch])
            try Self.writeTargets(db, kind: .program, id: id, draft.targets)
            return object
        }
    }

    public func replaceProgram(id: String, _ draft: ProgramDraft, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADRObject {
        try writingState { db in
            guard let old = try Self.visible(db, .program, id: id, caller) else {
                throw StoreError.notFound(table: "openadr_programs", key: "program \(Displayed.quoted(id))")
            }
            try Self.requireUniqueName(db, draft.programName, owner: old.owner, except: id)
            let object = OpenADRObject(kind: .program, id: id, owner: old.owner, created: old.created, modified: time, body: draft.document)
            try db.execute(
                sql: "UPDATE openadr_programs SET program_name = ?, document = ?, modified_ms = ? WHERE id = ?",
                arguments: [draft.programName, object.json, time.millisecondsSinceEpoch, id])
            try Self.writeTargets(db, kind: .program, id: id, draft.targets)
            return object
        }
    }

    public func deleteProgram(id: String, by caller: OpenADRCaller) throws(StoreError) -> OpenADRObject {
        try writingState { db in
            guard let old = try Self.visible(db, .program, id: id, caller) else {
                throw StoreError.notFound(table: "openadr_programs", key: "program \(Displayed.quoted(id))")
            }
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM openadr_events WHERE program_id = ?", arguments: [id]) ?? 0
            guard events == 0 else {
                throw StoreError.conflict(
                    table: "openadr_programs",
                    message:
                        "program \(Displayed.quoted(id)) has \(events) event\(events == 1 ? "" : "s"); delete them first (their limits go with them)")
            }
            try db.execute(sql: "DELETE FROM openadr_programs WHERE id = ?", arguments: [id])
            try Self.writeTargets(db, kind: .program, id: id, [])
            return old
        }
    }

    public func program(id: String, by caller: OpenADRCaller) throws(StoreError) -> OpenADRObject? {
        try readingState { db in try Self.visible(db, .program, id: id, caller) }
    }

    public func programs(_ query: OpenADRQuery, by caller: OpenADRCaller) throws(StoreError) -> [OpenADRObject] {
        var query = query
        query.programID = nil
        return try search(.program, query, by: caller)
    }

    public func event(id: String, by caller: OpenADRCaller) throws(StoreError) -> OpenADRObject? {
        try readingState { db in try Self.visible(db, .event, id: id, caller) }
    }

    public func events(_ query: OpenADRQuery, by caller: OpenADRCaller) throws(StoreError) -> [OpenADRObject] {
        try search(.event, query, by: caller)
    }

    /// Throws `.duplicate` when `owner` has another program named `name`.
    private static func requireUniqueName(_ db: Database, _ name: String, owner: String, except id: String?) throws {
        if let other = try String.fetchOne(
            db, sql: "SELECT id FROM openadr_programs WHERE owner = ? AND program_name = ? AND id IS NOT ?", arguments: [owner, name, id])
        {
            throw StoreError.duplicate(table: "openadr_programs", key: "programName \(Displayed.quoted(name)) (program \(Displayed.quoted(other)))")
        }
    }
}
