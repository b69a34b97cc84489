import ChargeShareDomain
import Foundation
import GRDB
@testable import Store
import Testing

@Suite("v4-service-state: prices, utility limits, dispatch windows, tariffs, models, sessions (real SQLite)")
struct ServiceStateStoreTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }
    static let t0 = at("2026-06-01T10:00:00Z")

    /// An engine database holding the registry of `RegistryStoreTests` (feeder F, site S, chargers A and B).
    static func store() throws -> SQLiteStore {
        let store = try RegistryStoreTests.store()
        _ = try store.upsert(RegistryStoreTests.registry(), at: t0)
        return store
    }

    static func limit(_ id: String, feeder: String = "F", kind: UtilityLimit.Kind = .importCapacity, from: String, to: String, kw: Double)
        -> UtilityLimit
    {
        UtilityLimit(id: id, feederId: feeder, kind: kind, start: at(from), end: at(to), priority: 1, valueKw: kw, source: "ven-1", created: t0)
    }

    @Test("The engine's migrations include v4-service-state, and it creates its tables")
    func migrationList() throws {
        #expect(SQLiteStore.migrations(for: .engine).first == "v1-registry")
        #expect(SQLiteStore.migrations(for: .engine).contains("v4-service-state"))
        let store = try Self.store()
        let queue = try DatabaseQueue(path: store.path)
        for table in ["prices", "utility_limits", "dispatch_windows", "dispatch_window_feeders", "tariffs", "models"] {
            #expect(try queue.read { db in try db.tableExists(table) }, "\(table)")
        }
    }

    @Test("A v1+v2 database gets v4 on open and keeps its registry and sessions")
    func upgradeFromV2() throws {
        let path = SQLiteStoreTests.temporaryPath()
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try SQLiteStore.migrator(for: .engine).migrate(queue, upTo: "v2-telemetry")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO feeders VALUES ('F', 20, 5, 'x');
                        INSERT INTO sessions (station_id, transaction_id, evse_id, state, started_ms, energy_wh)
                        VALUES ('CS1', 'tx', 1, 'active', \(Self.t0.millisecondsSinceEpoch), 1500);
                        """)
            }
            #expect(
                try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") } == ["v1-registry", "v2-telemetry"])
        }
        let store = try SQLiteStore(path: path, schema: .engine)
        let queue = try DatabaseQueue(path: path)
        let applied = try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.sorted() == SQLiteStore.migrations(for: .engine).sorted())
        #expect(try store.registry().feeders.map(\.id) == ["F"])
        let sessions = try store.sessions(overlappingFrom: Self.t0, to: Self.t0.adding(milliseconds: 3_600_000))
        #expect(sessions == [SessionState(stationId: "CS1", evseId: 1, transactionId: "tx", state: .active, started: Self.t0, energyWh: 1500)])
        #expect(try store.upsertUtilityLimit(Self.limit("e1", from: "2026-06-01T10:00:00Z", to: "2026-06-01T11:00:00Z", kw: 9)).inserted == 1)
    }

    @Test("Prices: insert, same again unchanged, a changed point replaced; queried by overlap; overlaps and export above import refused")
    func prices() throws {
        let store = try Self.store()
        let points = (0..<4).map { h in
            PricePoint(
                start: Self.t0.adding(milliseconds: Int64(h) * 3_600_000), intervalMinutes: 60, importPerKwh: 0.2 + Double(h) / 10,
                exportPerKwh: 0.05, currency: "EUR", source: "epex")
        }
        #expect(try store.upsertPrices(series: "nl", points) == UpsertCounts(inserted: 4))
        #expect(try store.upsertPrices(series: "nl", points) == UpsertCounts(unchanged: 4))
        var changed = points[1]
        changed.importPerKwh = 0.9
        #expect(try store.upsertPrices(series: "nl", [changed]) == UpsertCounts(updated: 1))
        let window = try store.prices(series: "nl", from: Self.at("2026-06-01T11:30:00Z"), to: Self.at("2026-06-01T12:30:00Z"))
        #expect(window == [changed, points[2]])
        #expect(try store.prices(series: "de", from: Self.t0, to: Self.at("2026-06-02T00:00:00Z")).isEmpty)

        let overlapping = PricePoint(start: Self.at("2026-06-01T10:30:00Z"), intervalMinutes: 15, importPerKwh: 1, source: "x")
        #expect {
            try store.upsertPrices(series: "nl", [overlapping])
        } throws: { error in
            guard case StoreError.invalidValue(let table, let message) = error else { return false }
            return table == "prices" && message.contains("overlaps the stored one at 2026-06-01T10:00:00Z")
        }
        let arbitrage = PricePoint(start: Self.at("2026-06-02T00:00:00Z"), intervalMinutes: 60, importPerKwh: 0.1, exportPerKwh: 0.2, source: "x")
        #expect(throws: StoreError.self) { try store.upsertPrices(series: "nl", [arbitrage]) }
        #expect(try store.prices(series: "nl", from: Self.t0, to: Self.at("2026-06-03T00:00:00Z")).count == 4, "nothing written by the refusals")
    }

    @Test("Utility limits: upsert by id keeps created, queries by feeder and span, delete, unknown feeder and empty span refused")
    func utilityLimits() throws {
        let store = try Self.store()
        var first = Self.limit("evt-1", from: "2026-06-01T17:00:00Z", to: "2026-06-01T19:00:00Z", kw: 12)
        #expect(try store.upsertUtilityLimit(first) == UpsertCounts(inserted: 1))
        #expect(try store.upsertUtilityLimit(first) == UpsertCounts(unchanged: 1))
        first.valueKw = 10
        first.modified = Self.at("2026-06-01T12:00:00Z")
        let original = first.created
        first.created = Self.at("2030-01-01T00:00:00Z")
        #expect(try store.upsertUtilityLimit(first) == UpsertCounts(updated: 1))
        let export = Self.limit("evt-2", kind: .exportCapacity, from: "2026-06-01T12:00:00Z", to: "2026-06-01T13:00:00Z", kw: 3)
        _ = try store.upsertUtilityLimit(export)

        let evening = try store.utilityLimits(feederIds: ["F"], from: Self.at("2026-06-01T18:00:00Z"), to: Self.at("2026-06-01T20:00:00Z"))
        #expect(evening.map(\.id) == ["evt-1"])
        #expect(evening.first?.valueKw == 10)
        #expect(evening.first?.created == original, "created stays as first stored")
        #expect(evening.first?.modified == Self.at("2026-06-01T12:00:00Z"))
        #expect(
            evening.first?.gridLimit
                == GridLimit(feederId: "F", start: first.start, end: first.end, importLimitKw: 10, priority: 1, source: "ven-1:evt-1"))
        #expect(try store.utilityLimits(feederIds: ["F"], from: Self.t0, to: Self.at("2026-06-02T00:00:00Z")).map(\.id) == ["evt-2", "evt-1"])
        #expect(try store.utilityLimits(feederIds: ["G"], from: Self.t0, to: Self.at("2026-06-02T00:00:00Z")).isEmpty)
        #expect(try store.utilityLimits(feederIds: ["F"], from: Self.at("2026-06-01T19:00:00Z"), to: Self.at("2026-06-01T20:00:00Z")).isEmpty)

        #expect(throws: StoreError.unknownReference(table: "utility_limits", column: "feeder_id", value: "G", references: "feeders")) {
            try store.upsertUtilityLimit(Self.limit("evt-3", feeder: "G", from: "2026-06-01T10:00:00Z", to: "2026-06-01T11:00:00Z", kw: 1))
        }
        #expect(
            "\(StoreError.unknownReference(table: "utility_limits", column: "feeder_id", value: "G", references: "feeders"))"
                == "utility_limits.feeder_id: \"G\" is not in feeders")
        #expect(throws: StoreError.self) {
            try store.upsertUtilityLimit(Self.limit("evt-4", from: "2026-06-01T11:00:00Z", to: "2026-06-01T11:00:00Z", kw: 1))
        }
        #expect(try store.deleteUtilityLimit(id: "evt-2"))
        #expect(try !store.deleteUtilityLimit(id: "evt-2"))
    }

    @Test("Dispatch windows: a problem stored once by id, another body refused, a result recorded, queried by feeder and span")
    func dispatchWindows() throws {
        let store = try Self.store()
        let record = DispatchProblemRecord(
            windowId: "F@10", feederIds: ["F"], start: Self.t0, end: Self.at("2026-06-01T12:00:00Z"), created: Self.t0, problemJSON: "{\"a\":1}")
        #expect(try store.insertProblem(record))
        #expect(try !store.insertProblem(record), "the same id and body: stored once")
        var other = record
        other.problemJSON = "{\"a\":2}"
        #expect(throws: StoreError.duplicate(table: "dispatch_windows", key: "window \"F@10\"")) { try store.insertProblem(other) }
        #expect(
            "\(StoreError.duplicate(table: "dispatch_windows", key: "window \"F@10\""))"
                == "dispatch_windows: window \"F@10\" is stored already with other values")
        var unknownFeeder = record
        unknownFeeder.windowId = "G@10"
        unknownFeeder.feederIds = ["G"]
        #expect(throws: StoreError.unknownReference(table: "dispatch_window_feeders", column: "feeder_id", value: "G", references: "feeders")) {
            try store.insertProblem(unknownFeeder)
        }
        #expect(try store.dispatchRecord(windowId: "G@10") == nil, "nothing of it was written")
        #expect(try store.dispatchRecord(windowId: "F@10") == DispatchRecord(problem: record, outcome: nil))

        let outcome = DispatchOutcome(status: "optimal", resultJSON: "{\"status\":\"optimal\"}", objective: 1.25, solveMilliseconds: 12)
        try store.recordResult(windowId: "F@10", outcome)
        #expect(throws: StoreError.notFound(table: "dispatch_windows", key: "window \"nope\"")) { try store.recordResult(windowId: "nope", outcome) }
        #expect(throws: StoreError.self) {
            try store.recordResult(windowId: "F@10", DispatchOutcome(status: "great", resultJSON: nil, objective: nil, solveMilliseconds: nil))
        }
        let found = try store.dispatchRecords(feederId: "F", from: Self.at("2026-06-01T11:00:00Z"), to: Self.at("2026-06-01T11:15:00Z"))
        #expect(found == [DispatchRecord(problem: record, outcome: outcome)])
        #expect(try store.dispatchRecords(feederId: "F", from: Self.at("2026-06-01T12:00:00Z"), to: Self.at("2026-06-01T13:00:00Z")).isEmpty)
    }

    @Test("The window a warm start begins from: the solved one of the feeder that started last before the time and covers it")
    func latestSolvedWindow() throws {
        let store = try Self.store()
        func window(_ id: String, _ start: String, _ end: String, status: String?) throws {
            let record = DispatchProblemRecord(
                windowId: id, feederIds: ["F"], start: Self.at(start), end: Self.at(end), created: Self.t0, problemJSON: "{\"id\":\"\(id)\"}")
            #expect(try store.insertProblem(record))
            if let status {
                try store.recordResult(windowId: id, DispatchOutcome(status: status, resultJSON: "{}", objective: 1, solveMilliseconds: 1))
            }
        }
        try window("a", "2026-06-01T10:00:00Z", "2026-06-01T14:00:00Z", status: "optimal")
        try window("b", "2026-06-01T10:15:00Z", "2026-06-01T14:15:00Z", status: "optimalWithViolations")
        try window("c", "2026-06-01T10:30:00Z", "2026-06-01T14:30:00Z", status: "failed")
        try window("d", "2026-06-01T10:40:00Z", "2026-06-01T14:40:00Z", status: nil)
        try window("e", "2026-06-01T10:20:00Z", "2026-06-01T10:35:00Z", status: "optimal")
        let at = { (time: String) in try store.latestSolvedWindow(feederId: "F", covering: Self.at(time))?.problem.windowId }
        #expect(try at("2026-06-01T10:45:00Z") == "b", "c failed, d is pending, e ended before")
        #expect(try at("2026-06-01T10:30:00Z") == "e", "e started last and still covers 10:30")
        #expect(try at("2026-06-01T10:15:00Z") == "a", "b starts at 10:15, not before")
        #expect(try at("2026-06-01T10:00:00Z") == nil)
        #expect(try at("2026-06-01T14:15:00Z") == nil, "b ends at 14:15")
        #expect(try store.latestSolvedWindow(feederId: "G", covering: Self.at("2026-06-01T10:45:00Z")) == nil)
    }

    @Test("Windows overlapping a span: the longest window the contract allows is found to the millisecond; a longer one is refused")
    func longestWindowOverlaps() throws {
        let store = try Self.store()
        let longest = SQLiteStore.longestWindowMs
        #expect(longest == 2_880 * 60 * 60_000, "2,880 intervals of the longest allowed length, 60 minutes")
        let from = Self.at("2026-06-01T10:00:00Z")
        func insert(_ id: String, startBefore: Int64, length: Int64) throws -> Bool {
            let start = from.adding(milliseconds: -startBefore)
            return try store.insertProblem(
                DispatchProblemRecord(
                    windowId: id, feederIds: ["F"], start: start, end: start.adding(milliseconds: length), created: Self.t0, problemJSON: "{}"))
        }
        #expect(try insert("longest", startBefore: longest - 1, length: longest), "overlaps the span by 1 ms")
        #expect(try insert("ended", startBefore: longest, length: longest), "ends as the span starts")
        #expect(try insert("short", startBefore: 900_000, length: 1_800_000))
        #expect(throws: StoreError.self, "a window longer than any the contract allows") {
            try insert("too-long", startBefore: longest + 10, length: longest + 1)
        }
        let found = try store.dispatchRecords(feederId: "F", from: from, to: from.adding(milliseconds: 1)).map(\.problem.windowId)
        #expect(found == ["longest", "short"])
    }

    @Test("Both lookups search the feeder's start index, not every window the feeder had (the plans SQLite picks)")
    func lookupsUseTheStartIndex() throws {
        let store = try Self.store()
        func plan(_ sql: String, _ arguments: StatementArguments) throws -> String {
            try store.queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }.joined(separator: "; ")
            }
        }
        let latest = try plan(SQLiteStore.latestSolvedWindowSQL, ["F", 5, SQLiteStore.warmStartCandidates, 5])
        #expect(latest.contains("COVERING INDEX dispatch_window_feeders_by_feeder_start (feeder_id=? AND start_ms<?)"), "\(latest)")
        let span = try plan(SQLiteStore.windowIdsSQL, ["F", 9, 1, 2])
        #expect(span.contains("dispatch_window_feeders_by_feeder_start (feeder_id=? AND start_ms>? AND start_ms<?)"), "\(span)")
    }

    @Test("The warm start's lookup reads a fixed number of the feeder's latest windows: more newer unsolved ones hide an older solved one")
    func latestSolvedWindowCandidates() throws {
        let store = try Self.store()
        func window(_ id: String, minutes: Int64, solved: Bool) throws {
            let start = Self.t0.adding(milliseconds: minutes * 60_000)
            let record = DispatchProblemRecord(
                windowId: id, feederIds: ["F"], start: start, end: start.adding(milliseconds: 86_400_000), created: Self.t0, problemJSON: "{}")
            #expect(try store.insertProblem(record))
            guard solved else { return }
            try store.recordResult(windowId: id, DispatchOutcome(status: "optimal", resultJSON: "{}", objective: 1, solveMilliseconds: 1))
        }
        try window("solved", minutes: 0, solved: true)
        let pending = SQLiteStore.warmStartCandidates - 1
        for k in 1...pending { try window(String(format: "pending-%02d", k), minutes: Int64(k), solved: false) }
        let at = Self.at("2026-06-01T12:00:00Z")
        #expect(try store.latestSolvedWindow(feederId: "F", covering: at)?.problem.windowId == "solved", "15 newer pending windows: still found")
        try window("pending-16", minutes: 16, solved: false)
        #expect(try store.latestSolvedWindow(feederId: "F", covering: at) == nil, "16 newer pending windows: a cold start")
        #expect(try store.latestSolvedWindow(feederId: "F", covering: Self.at("2026-06-01T10:10:00Z"))?.problem.windowId == "solved")
    }

    @Test("v13-window-feeder-start: windows stored before it get their start copied, and the warm start's lookup finds them")
    func windowFeederStartMigration() throws {
        let path = try SQLiteStoreTests.olderEngineDatabase(
            upTo: "v12-maintenance-scores",
            """
            INSERT INTO feeders VALUES ('F', 20, 5, 'x');
            INSERT INTO dispatch_windows (window_id, start_ms, end_ms, created_ms, problem, status, result)
                VALUES ('old', 3600000, 90000000, 0, '{}', 'optimal', '{}');
            INSERT INTO dispatch_window_feeders VALUES ('old', 'F');
            """)
        let store = try SQLiteStore(path: path, schema: .engine)
        #expect(SQLiteStore.migrations(for: .engine).last == "v13-window-feeder-start")
        #expect(try store.latestSolvedWindow(feederId: "F", covering: Timestamp(millisecondsSinceEpoch: 3_600_001))?.problem.windowId == "old")
        #expect(try store.latestSolvedWindow(feederId: "F", covering: Timestamp(millisecondsSinceEpoch: 3_600_000)) == nil, "starts then, not before")
    }

    @Test("Tariffs: versions per site, the current one by time, duplicates and unknown sites refused")
    func tariffs() throws {
        let store = try Self.store()
        let v1 = StoredTariff(siteId: "S", version: 1, validFrom: Self.t0, validUntil: nil, envelope: "eyJ.a.b", created: Self.t0)
        let v2 = StoredTariff(
            siteId: "S", version: 2, validFrom: Self.at("2026-06-02T00:00:00Z"), validUntil: Self.at("2026-06-03T00:00:00Z"), envelope: "eyJ.c.d",
            created: Self.t0)
        #expect(try store.insertTariff(v1))
        #expect(try store.insertTariff(v2))
        #expect(try !store.insertTariff(v1))
        var clash = v1
        clash.envelope = "eyJ.x.y"
        #expect(throws: StoreError.duplicate(table: "tariffs", key: "site \"S\" version 1")) { try store.insertTariff(clash) }
        var nowhere = v1
        nowhere.siteId = "T"
        #expect(throws: StoreError.unknownReference(table: "tariffs", column: "site_id", value: "T", references: "sites")) {
            try store.insertTariff(nowhere)
        }
        #expect(try store.currentTariff(siteId: "S", at: Self.at("2026-06-01T23:00:00Z")) == v1)
        #expect(try store.currentTariff(siteId: "S", at: Self.at("2026-06-02T10:00:00Z")) == v2)
        #expect(try store.currentTariff(siteId: "S", at: Self.at("2026-06-03T10:00:00Z")) == v1, "v2 expired")
        #expect(try store.currentTariff(siteId: "S", at: Self.at("2026-05-01T00:00:00Z")) == nil)
        #expect(try store.tariffs(siteId: "S", from: Self.t0, to: Self.at("2026-07-01T00:00:00Z")) == [v1, v2])
        #expect(try store.latestTariff(siteId: "S") == v2, "the highest version, whatever its validity")
        #expect(try store.latestTariff(siteId: "T") == nil)
    }

    @Test("v8-cloud-dispatch: a window's request digest round-trips; windows from before it read back with none")
    func requestDigest() throws {
        let path = try SQLiteStoreTests.olderEngineDatabase(
            upTo: "v6-sample-time-index",
            """
            INSERT INTO feeders VALUES ('F', 20, 5, 'x');
            INSERT INTO dispatch_windows (window_id, start_ms, end_ms, created_ms, problem, status) VALUES ('old', 0, 1, 0, '{}', 'pending');
            INSERT INTO dispatch_window_feeders VALUES ('old', 'F');
            """)
        let store = try SQLiteStore(path: path, schema: .engine)
        #expect(try store.dispatchRecord(windowId: "old")?.problem.requestDigest == nil)
        let digest = String(repeating: "ab", count: 32)
        let record = DispatchProblemRecord(
            windowId: "new", feederIds: ["F"], start: Self.t0, end: Self.at("2026-06-01T11:00:00Z"), created: Self.t0, problemJSON: "{}",
            requestDigest: digest)
        #expect(try store.insertProblem(record))
        #expect(try store.dispatchRecord(windowId: "new")?.problem == record)
        var short = record
        short.windowId = "short"
        short.requestDigest = "abc"
        #expect(throws: StoreError.self, "the CHECK refuses a digest that is not 64 hex digits long") { try store.insertProblem(short) }
    }

    @Test("Models: versions by name, path or blob, one active per name, duplicates refused")
    func models() throws {
        let store = try Self.store()
        let a = ModelRecord(
            name: "departure", kind: "departure", version: "1", created: Self.t0, artifact: .path("models/departure-1.json"),
            metricsJSON: "{\"maeMinutes\":41.2}", trainedFrom: Self.at("2026-01-01T00:00:00Z"), trainedTo: Self.at("2026-05-01T00:00:00Z"),
            active: true)
        var b = a
        b.version = "2"
        b.created = Self.at("2026-06-02T00:00:00Z")
        b.artifact = .blob([1, 2, 3])
        b.active = false
        try store.registerModel(a)
        try store.registerModel(b)
        #expect(throws: StoreError.duplicate(table: "models", key: "model \"departure\" version \"1\"")) { try store.registerModel(a) }
        #expect(try store.activeModel(name: "departure") == a)
        try store.activateModel(name: "departure", version: "2")
        b.active = true
        #expect(try store.activeModel(name: "departure") == b)
        var inactiveA = a
        inactiveA.active = false
        #expect(try store.models(kind: "departure") == [inactiveA, b])
        #expect(try store.models(kind: nil).count == 2)
        #expect(try store.models(kind: "load").isEmpty)
        #expect(throws: StoreError.notFound(table: "models", key: "model \"departure\" version \"9\"")) {
            try store.activateModel(name: "departure", version: "9")
        }
        #expect(try store.activeModel(name: "departure") == b, "a failed activation changes nothing")
    }

    @Test("Sessions overlapping a window: started before its end and not ended before its start")
    func sessionsByWindow() throws {
        let store = try Self.store()
        let queue = try DatabaseQueue(path: store.path)
        let h = Int64(3_600_000), t = Self.t0.millisecondsSinceEpoch
        try queue.write { db in
            for (tx, started, ended) in [("old", t - 5 * h, t - h), ("late-end", t - 5 * h, t + h), ("open", t - h, nil), ("future", t + 3 * h, nil)]
                as [(String, Int64, Int64?)]
            {
                try db.execute(
                    sql: "INSERT INTO sessions (station_id, transaction_id, evse_id, state, started_ms, ended_ms) VALUES ('CS1', ?, 1, ?, ?, ?)",
                    arguments: [tx, ended == nil ? "active" : "ended", started, ended])
            }
        }
        let found = try store.sessions(overlappingFrom: Self.t0, to: Self.t0.adding(milliseconds: 2 * h))
        #expect(found.map(\.transactionId) == ["late-end", "open"])
        #expect(found.first?.state == .ended)
        #expect(found.first?.ended == Self.t0.adding(milliseconds: h))
    }
}
