import ChargeShareDomain
import Foundation
import GRDB
import OpenADR
@testable import Store
import Testing

@Suite("v7-openadr: search filters, pagination, owners, and the upgrade from v6 (real SQLite)")
struct OpenADRQueryTests {
    typealias S = OpenADRStoreTests

    /// Utility A: program-1 (targets GROUP F) with events 1 (F), 2 (G), 3 (F, G); program-2 (no targets) with event 4 (F).
    /// Utility B: program-3 (targets GROUP H) with event 5 (H).
    static func populated() throws -> SQLiteStore {
        let store = try S.store()
        _ = try store.createProgram(S.program("a1", targets: #"[{"type": "GROUP", "values": ["F"]}]"#), by: S.utilityA, at: S.t0)
        _ = try store.createProgram(S.program("a2"), by: S.utilityA, at: S.t0)
        _ = try store.createProgram(S.program("b1", targets: #"[{"type": "GROUP", "values": ["H"]}]"#), by: S.utilityB, at: S.t0)
        for (program, feeders, caller) in [
            ("program-1", ["F"], S.utilityA), ("program-1", ["G"], S.utilityA), ("program-1", ["F", "G"], S.utilityA),
            ("program-2", ["F"], S.utilityA), ("program-3", ["H"], S.utilityB),
        ] {
            _ = try store.createEvent(S.event(program, feeders: feeders, kw: [10]), by: caller, at: S.t0)
        }
        return store
    }

    @Test("Event filters: programID, targetType, targetValues, both, and the owner")
    func eventFilters() throws {
        let store = try Self.populated()
        func ids(_ q: OpenADRQuery, _ caller: OpenADRCaller = S.admin) throws -> [String] { try store.events(q, by: caller).map(\.id) }
        #expect(try ids(OpenADRQuery()) == ["event-1", "event-2", "event-3", "event-4", "event-5"])
        #expect(try ids(OpenADRQuery(), S.utilityA) == ["event-1", "event-2", "event-3", "event-4"])
        #expect(try ids(OpenADRQuery(), S.utilityB) == ["event-5"])
        #expect(try ids(OpenADRQuery(programID: "program-1")) == ["event-1", "event-2", "event-3"])
        #expect(try ids(OpenADRQuery(programID: "program-3"), S.utilityA).isEmpty, "another's program yields nothing")
        #expect(try ids(OpenADRQuery(targetType: "GROUP")) == ["event-1", "event-2", "event-3", "event-4", "event-5"])
        #expect(try ids(OpenADRQuery(targetType: "VEN_NAME")).isEmpty)
        #expect(try ids(OpenADRQuery(targetValues: ["G"])) == ["event-2", "event-3"])
        #expect(try ids(OpenADRQuery(targetValues: ["G", "H"])) == ["event-2", "event-3", "event-5"])
        #expect(try ids(OpenADRQuery(targetType: "GROUP", targetValues: ["F"])) == ["event-1", "event-3", "event-4"])
        #expect(try ids(OpenADRQuery(targetType: "RESOURCE_NAME", targetValues: ["F"])).isEmpty)
        #expect(try ids(OpenADRQuery(programID: "program-1", targetValues: ["F"]), S.utilityA) == ["event-1", "event-3"])
        #expect(try ids(OpenADRQuery(targetValues: ["H"]), S.utilityA).isEmpty)
    }

    @Test("skip and limit page through results in creation order; limit 0 returns none; out of range is refused")
    func pagination() throws {
        let store = try Self.populated()
        func ids(skip: Int, limit: Int) throws -> [String] { try store.events(OpenADRQuery(skip: skip, limit: limit), by: S.admin).map(\.id) }
        #expect(try ids(skip: 0, limit: 2) == ["event-1", "event-2"])
        #expect(try ids(skip: 2, limit: 2) == ["event-3", "event-4"])
        #expect(try ids(skip: 4, limit: 2) == ["event-5"])
        #expect(try ids(skip: 9, limit: 2).isEmpty)
        #expect(try ids(skip: 0, limit: 0).isEmpty)
        #expect(try store.events(OpenADRQuery(skip: 1, limit: 2), by: S.utilityA).map(\.id) == ["event-2", "event-3"])
        #expect(throws: StoreError.self) { try ids(skip: 0, limit: 51) }
        #expect(throws: StoreError.self) { try ids(skip: -1, limit: 1) }
    }

    @Test("Program filters and owners; programID does not apply to programs")
    func programFilters() throws {
        let store = try Self.populated()
        func ids(_ q: OpenADRQuery, _ caller: OpenADRCaller = S.admin) throws -> [String] { try store.programs(q, by: caller).map(\.id) }
        #expect(try ids(OpenADRQuery()) == ["program-1", "program-2", "program-3"])
        #expect(try ids(OpenADRQuery(), S.utilityA) == ["program-1", "program-2"])
        #expect(try ids(OpenADRQuery(), S.utilityB) == ["program-3"])
        #expect(try ids(OpenADRQuery(targetType: "GROUP")) == ["program-1", "program-3"])
        #expect(try ids(OpenADRQuery(targetValues: ["H"]), S.utilityA).isEmpty)
        #expect(try ids(OpenADRQuery(targetType: "GROUP", targetValues: ["F", "H"]), S.utilityB) == ["program-3"])
        #expect(try ids(OpenADRQuery(programID: "program-9", skip: 1, limit: 1)) == ["program-2"])
    }

    @Test("A v6 database gets v7 on open: its utility limits keep their priority, windows are not stale")
    func upgradeFromV6() throws {
        let path = try SQLiteStoreTests.olderEngineDatabase(
            upTo: "v6-sample-time-index",
            """
            INSERT INTO feeders VALUES ('F', 20, 5, 'x');
            INSERT INTO utility_limits VALUES ('manual-1', 'F', 'IMPORT_CAPACITY_LIMIT', 0, 3600000, 3, 12, 'ops', 0, 0);
            INSERT INTO dispatch_windows (window_id, start_ms, end_ms, created_ms, problem, status) VALUES ('W', 0, 3600000, 0, '{}', 'pending');
            INSERT INTO dispatch_window_feeders VALUES ('W', 'F');
            """)
        let store = try SQLiteStore(path: path, schema: .engine)
        #expect(
            Array(SQLiteStore.migrations(for: .engine).drop { $0 != "v6-sample-time-index" }.prefix(2)) == ["v6-sample-time-index", "v7-openadr"])
        let limits = try store.utilityLimits(feederIds: ["F"], from: Timestamp(millisecondsSinceEpoch: 0), to: Timestamp(millisecondsSinceEpoch: 1))
        #expect(limits.map(\.id) == ["manual-1"] && limits.first?.priority == 3 && limits.first?.valueKw == 12)
        #expect(try store.dispatchRecord(windowId: "W")?.staleReason == nil)
        // Manual caps stay writable; a limit without priority is stored as none.
        var manual = try #require(limits.first)
        manual.priority = nil
        #expect(try store.upsertUtilityLimit(manual) == UpsertCounts(updated: 1))
        #expect(try store.utilityLimits(feederIds: ["F"], from: manual.start, to: manual.end).first?.priority == nil)
        _ = try store.createProgram(S.program("p"), by: S.admin, at: S.t0)
        #expect(
            try store.createEvent(S.event("program-1", feeders: ["F"], start: "1970-01-01T00:30:00Z", kw: [1]), by: S.admin, at: S.t0).staleWindowIds
                == ["W"])
    }
}
