import ChargeShareDomain
import Foundation
import GRDB
import OpenADR
@testable import Store
import Testing

@Suite("v7-openadr: programs, events, their limits and stale windows (real SQLite)")
struct OpenADRStoreTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }
    static let t0 = at("2026-06-01T08:00:00Z")
    static let admin = OpenADRCaller.admin(id: "ops")
    static let utilityA = OpenADRCaller.utility(id: "utility-a", feederIds: ["F", "G"])
    static let utilityB = OpenADRCaller.utility(id: "utility-b", feederIds: ["H"])

    /// Feeders F, G and H (H is utility B's), site S on F.
    static func store() throws -> SQLiteStore {
        let store = try RegistryStoreTests.store()
        var registry = RegistryStoreTests.registry()
        registry.feeders += [Feeder(id: "G", importLimitKw: .constant(30)), Feeder(id: "H", importLimitKw: nil)]
        _ = try store.upsert(registry, at: t0)
        return store
    }

    static func program(_ name: String, targets: String = "[]") throws -> ProgramDraft {
        try OpenADRReader.program(Array(#"{"programName": "\#(name)", "targets": \#(targets)}"#.utf8))
    }

    /// An event of `program` on `feeders` with hourly import limits from `start`, one per value.
    static func event(
        _ program: String, feeders: [String], start: String = "2026-06-01T17:00:00Z", kw: [Double], priority: Int? = nil, name: String = "e"
    ) throws -> EventDraft {
        let intervals = kw.enumerated().map { #"{"id": \#($0), "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [\#($1)]}]}"# }
        let groups = feeders.map { "\"\($0)\"" }.joined(separator: ", ")
        let body = """
            {"programID": "\(program)", "eventName": "\(name)", \(priority.map { "\"priority\": \($0)," } ?? "")
             "targets": [{"type": "GROUP", "values": [\(groups)]}],
             "intervalPeriod": {"start": "\(start)", "duration": "PT1H"}, "intervals": [\(intervals.joined(separator: ", "))]}
            """
        return try OpenADRReader.event(Array(body.utf8))
    }

    static func limitRows(_ store: SQLiteStore) throws -> [String] {
        let queue = try DatabaseQueue(path: store.path)
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, value_kw, priority, event_id FROM utility_limits ORDER BY id").map { r in
                let priority: Int? = r["priority"]
                let event: String? = r["event_id"]
                let kw: Double = r["value_kw"]
                return "\(r["id"] as String) \(kw) p\(priority.map(String.init) ?? "-") \(event ?? "-")"
            }
        }
    }

    @Test("Programs: ids assigned, GET returns the body plus server fields, replace keeps created, names unique per owner")
    func programs() throws {
        let store = try Self.store()
        let created = try store.createProgram(Self.program("caps"), by: Self.utilityA, at: Self.t0)
        #expect(created.id == "program-1" && created.owner == "utility-a")
        #expect(
            created.json
                == #"{"id":"program-1","createdDateTime":"2026-06-01T08:00:00Z","modificationDateTime":"2026-06-01T08:00:00Z","objectType":"PROGRAM","programName":"caps","targets":[]}"#
        )
        #expect(try store.program(id: "program-1", by: Self.utilityA) == created)
        #expect(try store.program(id: "program-1", by: Self.utilityB) == nil, "another utility's program is invisible")
        #expect(try store.program(id: "program-1", by: Self.admin) == created)
        #expect(throws: StoreError.duplicate(table: "openadr_programs", key: "programName \"caps\" (program \"program-1\")")) {
            try store.createProgram(Self.program("caps"), by: Self.utilityA, at: Self.t0)
        }
        _ = try store.createProgram(Self.program("caps"), by: Self.utilityB, at: Self.t0)
        let later = Self.at("2026-06-01T09:00:00Z")
        let replaced = try store.replaceProgram(id: "program-1", Self.program("caps-2"), by: Self.admin, at: later)
        #expect(replaced.created == Self.t0 && replaced.modified == later && replaced.owner == "utility-a")
        #expect(throws: StoreError.notFound(table: "openadr_programs", key: "program \"program-1\"")) {
            try store.replaceProgram(id: "program-1", Self.program("x"), by: Self.utilityB, at: later)
        }
        #expect(try store.deleteProgram(id: "program-1", by: Self.utilityA) == replaced)
        #expect(try store.program(id: "program-1", by: Self.admin) == nil)
        #expect(try store.createProgram(Self.program("new"), by: Self.utilityA, at: later).id == "program-3", "ids are never reused")
    }

    @Test("Writing an event stores it, replaces its limit rows and marks overlapping dispatch windows stale, in one transaction")
    func eventLimitsAndStale() throws {
        let store = try Self.store()
        _ = try store.createProgram(Self.program("caps"), by: Self.utilityA, at: Self.t0)
        // Windows: W1 on F 16:00–18:00 (solved), W2 on G 19:00–20:00, W3 on F 20:00–21:00.
        for (id, feeder, from, to) in [
            ("W1", "F", "16:00", "18:00"), ("W2", "G", "19:00", "20:00"), ("W3", "F", "20:00", "21:00"),
        ] {
            _ = try store.insertProblem(
                DispatchProblemRecord(
                    windowId: id, feederIds: [feeder], start: Self.at("2026-06-01T\(from):00Z"), end: Self.at("2026-06-01T\(to):00Z"),
                    created: Self.t0, problemJSON: "{}"))
        }
        try store.recordResult(windowId: "W1", DispatchOutcome(status: "optimal", resultJSON: "{}", objective: 1, solveMilliseconds: 1))

        // 17:00–19:00 on F and G: touches W1 (F 16–18) only; W2 starts at 19:00, W3 is on F later.
        let write = try store.createEvent(Self.event("program-1", feeders: ["F", "G"], kw: [40, 30], priority: 1), by: Self.utilityA, at: Self.t0)
        #expect(write.object.id == "event-1" && write.limitsWritten == 4 && write.limitsRemoved == 0)
        #expect(write.staleWindowIds == ["W1"])
        #expect(
            try Self.limitRows(store) == [
                "event-1/0/F/import 40.0 p1 event-1", "event-1/0/G/import 40.0 p1 event-1", "event-1/1/F/import 30.0 p1 event-1",
                "event-1/1/G/import 30.0 p1 event-1",
            ])
        let w1 = try store.dispatchRecord(windowId: "W1")
        #expect(w1?.staleReason == "utility limits changed at 2026-06-01T08:00:00Z: event event-1 created")
        #expect(w1?.outcome?.status == "optimal")
        #expect(try store.dispatchRecord(windowId: "W2")?.staleReason == nil)
        #expect(
            try store.dispatchRecords(feederId: "F", from: Self.t0, to: Self.at("2026-06-02T00:00:00Z")).map(\.staleReason).map { $0 != nil } == [
                true, false,
            ])

        // Dispatch reads the rows with their priority.
        let limits = try store.utilityLimits(feederIds: ["F"], from: Self.t0, to: Self.at("2026-06-02T00:00:00Z"))
        #expect(limits.map(\.gridLimit.priority) == [1, 1])

        // Replace: a third hour is added on F and G (19:00–20:00) → W2 (G 19–20) stale; the first two hours are
        // unchanged, so W1 is not marked again, and W3 (F from 20:00) does not overlap.
        let replaced = try store.replaceEvent(
            id: "event-1", Self.event("program-1", feeders: ["F", "G"], kw: [40, 30, 20], priority: 1), by: Self.utilityA,
            at: Self.at("2026-06-01T09:00:00Z"))
        #expect(replaced.limitsWritten == 6 && replaced.limitsRemoved == 4)
        #expect(replaced.staleWindowIds == ["W2"])
        #expect(replaced.object.created == Self.t0)
        #expect(try store.dispatchRecord(windowId: "W3")?.staleReason == nil)

        // An update that changes no limit (only the name) marks nothing.
        let renamed = try store.replaceEvent(
            id: "event-1", Self.event("program-1", feeders: ["F", "G"], kw: [40, 30, 20], priority: 1, name: "renamed"), by: Self.utilityA,
            at: Self.at("2026-06-01T09:30:00Z"))
        #expect(renamed.staleWindowIds.isEmpty)

        // Deleting the program is refused while the event exists.
        #expect(throws: StoreError.self) { try store.deleteProgram(id: "program-1", by: Self.utilityA) }
        let deleted = try store.deleteEvent(id: "event-1", by: Self.utilityA, at: Self.at("2026-06-01T10:00:00Z"))
        #expect(deleted.limitsRemoved == 6 && deleted.staleWindowIds == ["W1", "W2"])
        #expect(try Self.limitRows(store).isEmpty)
        #expect(try store.deleteProgram(id: "program-1", by: Self.utilityA).id == "program-1")
    }

    @Test("Invalid writes change nothing: unknown feeder, another's feeder, another's program, a manual write to an event's row")
    func atomicRefusals() throws {
        let store = try Self.store()
        _ = try store.createProgram(Self.program("a"), by: Self.utilityA, at: Self.t0)
        _ = try store.createProgram(Self.program("b"), by: Self.utilityB, at: Self.t0)
        let base = try store.createEvent(Self.event("program-1", feeders: ["F"], kw: [10]), by: Self.utilityA, at: Self.t0)
        let before = try Self.limitRows(store)
        #expect(throws: StoreError.unknownReference(table: "openadr_events", column: "targets (GROUP)", value: "Z", references: "feeders")) {
            try store.createEvent(Self.event("program-1", feeders: ["F", "Z"], kw: [5]), by: Self.admin, at: Self.t0)
        }
        #expect(throws: StoreError.forbidden(table: "openadr_events", message: "client \"utility-a\" may not target feeder \"H\"")) {
            try store.replaceEvent(id: base.object.id, Self.event("program-1", feeders: ["F", "H"], kw: [5]), by: Self.utilityA, at: Self.t0)
        }
        #expect(throws: StoreError.unknownReference(table: "openadr_events", column: "programID", value: "program-2", references: "openadr_programs"))
        {
            try store.createEvent(Self.event("program-2", feeders: ["F"], kw: [5]), by: Self.utilityA, at: Self.t0)
        }
        #expect(throws: StoreError.notFound(table: "openadr_events", key: "event \"event-1\"")) {
            try store.deleteEvent(id: "event-1", by: Self.utilityB, at: Self.t0)
        }
        #expect(throws: StoreError.self) { try store.deleteUtilityLimit(id: "event-1/0/F/import") }
        #expect(throws: StoreError.self) {
            try store.upsertUtilityLimit(
                UtilityLimit(
                    id: "event-1/0/F/import", feederId: "F", kind: .importCapacity, start: Self.t0, end: Self.t0.adding(milliseconds: 60_000),
                    valueKw: 1, source: "x", created: Self.t0))
        }
        #expect(try Self.limitRows(store) == before)
        #expect(try store.event(id: "event-1", by: Self.admin) == base.object)
        #expect(try store.events(OpenADRQuery(), by: Self.admin).map(\.id) == ["event-1"], "no half-written event")
        // A failure after the event row is written (an unknown feeder is checked first, so force one with a trigger) rolls back.
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON utility_limits WHEN NEW.value_kw = 7 BEGIN SELECT RAISE(ABORT, 'no'); END")
        }
        #expect(throws: StoreError.self) {
            try store.replaceEvent(id: "event-1", Self.event("program-1", feeders: ["F", "G"], kw: [9, 7]), by: Self.utilityA, at: Self.t0)
        }
        #expect(try Self.limitRows(store) == before)
        #expect(try store.event(id: "event-1", by: Self.admin) == base.object)
    }

    @Test("GET returns the event as written, members in order, after the server's fields; echoed server fields are replaced")
    func eventDocument() throws {
        let store = try Self.store()
        _ = try store.createProgram(Self.program("caps"), by: Self.utilityA, at: Self.t0)
        let body = """
            {"id": "mine", "createdDateTime": "2000-01-01T00:00:00Z", "objectType": "EVENT", "programID": "program-1", "priority": 0,
             "targets": [{"type": "GROUP", "values": ["F"]}], "intervalPeriod": {"start": "2026-06-01T17:00:00Z", "duration": "PT15M", "randomizeStart": "PT5M"},
             "intervals": [{"id": 7, "payloads": [{"type": "EXPORT_CAPACITY_LIMIT", "values": [2.5]}, {"type": "SIMPLE", "values": [1]}]}]}
            """
        let written = try store.createEvent(OpenADRReader.event(Array(body.utf8)), by: Self.utilityA, at: Self.t0).object
        let read = try #require(try store.event(id: written.id, by: Self.utilityA))
        #expect(read == written)
        #expect(
            read.json
                == #"{"id":"event-1","createdDateTime":"2026-06-01T08:00:00Z","modificationDateTime":"2026-06-01T08:00:00Z","objectType":"EVENT","programID":"program-1","priority":0,"targets":[{"type":"GROUP","values":["F"]}],"intervalPeriod":{"start":"2026-06-01T17:00:00Z","duration":"PT15M","randomizeStart":"PT5M"},"intervals":[{"id":7,"payloads":[{"type":"EXPORT_CAPACITY_LIMIT","values":[2.5]},{"type":"SIMPLE","values":[1]}]}]}"#
        )
        #expect(try Self.limitRows(store) == ["event-1/7/F/export 2.5 p0 event-1"])
        let later = Self.at("2026-06-01T09:00:00Z")
        let replaced = try store.replaceEvent(id: "event-1", OpenADRReader.event(Array(body.utf8)), by: Self.utilityA, at: later).object
        #expect(replaced.created == Self.t0 && replaced.modified == later && replaced.id == "event-1")
    }

    @Test("An administrator's event on a utility's program belongs to the utility")
    func adminEventOwner() throws {
        let store = try Self.store()
        _ = try store.createProgram(Self.program("caps"), by: Self.utilityA, at: Self.t0)
        let write = try store.createEvent(Self.event("program-1", feeders: ["H"], kw: [3]), by: Self.admin, at: Self.t0)
        #expect(write.object.owner == "utility-a")
        #expect(try store.event(id: write.object.id, by: Self.utilityA) == write.object)
        #expect(try store.event(id: write.object.id, by: Self.utilityB) == nil)
        #expect(throws: StoreError.self) { try store.deleteProgram(id: "program-1", by: Self.utilityA) }
    }

    @Test("Effective limits over a window, hand-computed: priority first, then the lowest value, capped by the feeder's 20 kW")
    func effectiveLimits() throws {
        let store = try Self.store()
        _ = try store.createProgram(Self.program("caps"), by: Self.utilityA, at: Self.t0)
        // E1 priority 1, 17:00–19:00 hourly: 15 then 12. E2 priority 0, 18:00–19:00: 18 (outranks E1, under 20).
        // E3 without priority, 17:00–18:00: 5 (ranks below E1).
        _ = try store.createEvent(Self.event("program-1", feeders: ["F"], kw: [15, 12], priority: 1), by: Self.utilityA, at: Self.t0)
        _ = try store.createEvent(
            Self.event("program-1", feeders: ["F"], start: "2026-06-01T18:00:00Z", kw: [18], priority: 0), by: Self.utilityA, at: Self.t0)
        _ = try store.createEvent(Self.event("program-1", feeders: ["F"], kw: [5]), by: Self.utilityA, at: Self.t0)
        let window = try FeederLimitWindow.read([("start", "2026-06-01T16:30:00Z"), ("end", "2026-06-01T19:30:00Z"), ("intervalMinutes", "30")])
        let feeder = try store.effectiveLimits(feederId: "F", window: window)
        // 16:30 none → 20; 17:00, 17:30 E1 → 15; 18:00, 18:30 E2 → 18; 19:00 none → 20.
        #expect(feeder.importLimitKw == .values([20, 15, 15, 18, 18, 20]))
        #expect(feeder.exportLimitKw == .constant(5))
        #expect(throws: StoreError.notFound(table: "feeders", key: "feeder \"Z\"")) { try store.effectiveLimits(feederId: "Z", window: window) }
    }
}
