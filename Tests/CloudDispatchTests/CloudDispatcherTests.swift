import ChargeShareDomain
@testable import CloudDispatch
import Foundation
import GRDB
import DispatchOptimizer
import Store
import Synthetic
import Testing

/// Both bodies against a real SQLite engine database; schedules checked against hand-computed ones.
@Suite("Cloud dispatch: bodies, idempotency, utility limits (real SQLite)")
struct CloudDispatcherTests {
    /// The assembly body over the stored session: 2.5 kWh more under F's 5 kW, so 5 kW in both
    /// 0.1 quarters: 2 × 1.25 kWh × 0.1 = 0.25 (as `problem assemble` + `dispatch` give).
    @Test func assemblyBodySolvesTheStoredSession() throws {
        let h = try Harness()
        try h.storeSession()
        let response = try h.dispatcher.dispatch(body: Harness.assemblyBody())
        #expect(response.status == .created)
        #expect(response.windowId == "w-assembled")
        let (charge, total) = try Harness.schedule(response.resultJSON)
        #expect(Harness.close(charge, [0, 5, 0, 5]), "\(charge)")
        #expect(abs(total - 0.25) < 1e-6)

        let window = try #require(try h.dispatcher.window(id: "w-assembled"))
        #expect(window.status == "optimal")
        #expect(window.feederIds == ["F"])
        #expect(window.resultJSON.map { Array($0.utf8) } == response.resultJSON)
        let problem = try ProblemReader.read(Array(window.problemJSON.utf8))
        #expect(problem.sessions.map(\.id) == ["CS/t"])
        #expect(window.json["problem"]?["windowId"] == .string("w-assembled"))
        #expect(window.json["staleReason"] == .null)
    }

    /// A utility limit of 3 kW over the whole window, below F's own 5 kW: at most 0.75 kWh a
    /// quarter, so 0.75 + 0.75 at 0.1, 0.75 at 0.2 and the last 0.25 at 0.3:
    /// [1, 3, 3, 3] kW, 0.075 + 0.075 + 0.15 + 0.075 = 0.375.
    @Test func assemblyBodyHonoursAUtilityLimit() throws {
        let h = try Harness()
        try h.storeSession()
        try h.limit("cap-3", from: "2026-06-01T09:00:00Z", to: "2026-06-01T12:00:00Z", kw: 3)
        let response = try h.dispatcher.dispatch(body: Harness.assemblyBody())
        let (charge, total) = try Harness.schedule(response.resultJSON)
        #expect(Harness.close(charge, [1, 3, 3, 3]), "\(charge)")
        #expect(abs(total - 0.375) < 1e-6)
    }

    /// A full problem whose feeder allows 5 kW, and a utility limit of 2 kW from 10:30: limits
    /// [5, 5, 2, 2], i.e. 1.25, 1.25, 0.5, 0.5 kWh a quarter. 2.5 kWh: 1.25 + 0.5 at 0.1, 0.5
    /// at 0.2, 0.25 at 0.3: [1, 5, 2, 2] kW, 0.175 + 0.1 + 0.075 = 0.35.
    @Test func fullBodyTakesTheLowerOfItsLimitAndTheUtilitys() throws {
        let h = try Harness()
        try h.limit("cap-2", from: "2026-06-01T10:30:00Z", to: "2026-06-01T11:00:00Z", kw: 2)
        try h.limit("cap-8", from: "2026-06-01T10:00:00Z", to: "2026-06-01T10:30:00Z", kw: 8)  // above the body's 5: no effect
        let response = try h.dispatcher.dispatch(body: Harness.problemBody())
        let (charge, total) = try Harness.schedule(response.resultJSON)
        #expect(Harness.close(charge, [1, 5, 2, 2]), "\(charge)")
        #expect(abs(total - 0.35) < 1e-6)
        let window = try #require(try h.dispatcher.window(id: "w-full"))
        let stored = try ProblemReader.read(Array(window.problemJSON.utf8))
        #expect(stored.feeders[0].importLimitKw == .values([5, 5, 2, 2]))
    }

    @Test func fullBodyWithoutUtilityLimitsKeepsItsOwn() throws {
        let h = try Harness()
        let response = try h.dispatcher.dispatch(body: Harness.problemBody())
        let (charge, total) = try Harness.schedule(response.resultJSON)
        #expect(Harness.close(charge, [0, 5, 0, 5]), "\(charge)")
        #expect(abs(total - 0.25) < 1e-6)
    }

    /// The same body (even re-spaced, members reordered) returns the stored bytes; a different
    /// body under the id is a conflict; the stored window is unchanged by either.
    @Test func replayIsByteIdenticalAndADifferentBodyConflicts() throws {
        let h = try Harness()
        try h.storeSession()
        let first = try h.dispatcher.dispatch(body: Harness.assemblyBody())
        // The store changes (a new utility limit): a replay does not re-assemble.
        try h.limit("cap-1", from: "2026-06-01T10:00:00Z", to: "2026-06-01T11:00:00Z", kw: 1)
        let again = try h.dispatcher.dispatch(body: Harness.assemblyBody())
        #expect(again.status == .replayed)
        #expect(again.resultJSON == first.resultJSON)
        let respaced = Array(
            #"{"feeders":["F"],"prices":{"importPerKwh":[0.3,0.1,0.2,0.1]},"intervalMinutes":15,"intervals":4,"start":"2026-06-01T10:00:00Z","windowId":"w-assembled"}"#
                .utf8)
        #expect(try h.dispatcher.dispatch(body: respaced).resultJSON == first.resultJSON)

        let other = Harness.assemblyBody(prices: #"{"importPerKwh": 0.2}"#)
        #expect(throws: CloudDispatchError.self) { try h.dispatcher.dispatch(body: other) }
        do {
            _ = try h.dispatcher.dispatch(body: other)
        } catch {
            #expect(error.kind == .conflict)
            #expect(error.description == "$: window \"w-assembled\" is stored with a different request; use another window id")
        }
        // A full problem under the same id is a different request too.
        #expect(
            throws: CloudDispatchError.conflict(
                windowId: "w-assembled", message: "window \"w-assembled\" is stored with a different request; use another window id")
        ) {
            try h.dispatcher.dispatch(body: Harness.problemBody("w-assembled"))
        }
        let fullFirst = try h.dispatcher.dispatch(body: Harness.problemBody())
        let fullAgain = try h.dispatcher.dispatch(body: Harness.problemBody())
        #expect(fullAgain.status == .replayed && fullAgain.resultJSON == fullFirst.resultJSON)
        #expect(throws: CloudDispatchError.self) { try h.dispatcher.dispatch(body: Harness.problemBody(target: 2)) }
    }

    /// A window left pending (a crash between storing the problem and its result) is solved again
    /// by the same request, from the stored problem.
    @Test func pendingWindowIsSolvedAgain() throws {
        let h = try Harness()
        let first = try h.dispatcher.dispatch(body: Harness.problemBody())
        let window = try #require(try h.dispatcher.window(id: "w-full"))
        // Simulate the crash: the same problem stored, no result.
        let other = try Harness()
        _ = try other.store.insertProblem(
            DispatchProblemRecord(
                windowId: "w-full", feederIds: ["F"], start: window.start, end: window.end, created: window.created,
                problemJSON: window.problemJSON, requestDigest: try #require(try h.store.dispatchRecord(windowId: "w-full")?.problem.requestDigest)))
        #expect(try other.dispatcher.window(id: "w-full")?.status == "pending")
        let resumed = try other.dispatcher.dispatch(body: Harness.problemBody())
        #expect(resumed.status == .created)
        #expect(try Harness.schedule(resumed.resultJSON).chargeKw == Harness.schedule(first.resultJSON).chargeKw)
        #expect(try other.dispatcher.window(id: "w-full")?.status == "optimal")
        #expect(try other.dispatcher.dispatch(body: Harness.problemBody()).status == .replayed)
    }

    @Test func unknownFeedersAreNamedWithTheirPath() throws {
        let h = try Harness()
        let assembly = Array(#"{"windowId": "x", "start": "2026-06-01T10:00:00Z", "intervals": 4, "feeders": ["F", "nope"]}"#.utf8)
        #expect(
            throws: CloudDispatchError.unknownFeeders([ValidationIssue(path: "feeders[1]", message: "unknown feeder \"nope\" (not in the registry)")])
        ) { try h.dispatcher.dispatch(body: assembly) }
        let full = Array(String(decoding: Harness.problemBody(), as: UTF8.self).replacingOccurrences(of: "\"F\"", with: "\"Q\"").utf8)
        #expect(
            throws: CloudDispatchError.unknownFeeders([ValidationIssue(path: "feeders[0].id", message: "unknown feeder \"Q\" (not in the registry)")])
        ) { try h.dispatcher.dispatch(body: full) }
        #expect(try h.dispatcher.window(id: "x") == nil)
    }

    @Test func invalidAndMalformedBodies() throws {
        let h = try Harness()
        func error(_ text: String) -> CloudDispatchError? {
            do {
                _ = try h.dispatcher.dispatch(body: Array(text.utf8))
                return nil
            } catch { return error }
        }
        let malformed = error("{")
        #expect(malformed?.kind == .malformed)
        #expect(malformed?.issues.map(\.path) == ["$"])
        #expect(malformed?.issues.first?.message.hasPrefix("invalid JSON at ") == true)
        #expect(
            error(#"{"windowId": "x", "start": "2026-06-01T10:00:30Z", "intervals": 0, "feeders": ["F", 3], "bogus": 1}"#)?.issues.map(\.path)
                == ["bogus", "start", "intervals", "feeders[1]"])
        #expect(
            error(#"{"windowId": "x", "start": "2026-06-01T10:00:00Z", "intervals": 4, "feeders": ["F"], "currency": "USD"}"#)?.issues
                == [ValidationIssue(path: "currency", message: "only with prices: stored prices carry their own currency")])
        let noPrices = error(#"{"windowId": "x", "start": "2026-06-01T10:00:00Z", "intervals": 4, "feeders": ["F"]}"#)
        #expect(noPrices?.kind == .invalid)
        #expect(noPrices?.issues.first?.path == "prices")
        #expect(noPrices?.issues.first?.message.hasPrefix("no prices for the window: price series \"default\" has no price for interval 0") == true)
        let invalidProblem = error(
            String(decoding: Harness.problemBody(), as: UTF8.self).replacingOccurrences(of: "\"batteryKwh\": 10", with: "\"batteryKwh\": -1"))
        #expect(invalidProblem?.kind == .invalid)
        #expect(invalidProblem?.issues.map(\.path) == ["sessions[0].batteryKwh"])
        #expect(
            error(#"{"windowId": "x", "start": "2026-06-01T10:00:00Z", "intervals": 4, "feeders": []}"#)?.issues
                == [ValidationIssue(path: "feeders", message: "at least one feeder id is required")])
        #expect(
            error(#"{"windowId": "x", "start": "2026-06-01T10:00:00Z", "intervals": 4, "feeders": [], "sites": []}"#)?.issues.map(\.path)
                == ["prices", "feeders"], "a problem-only member: read as a full problem")
        #expect(try h.dispatcher.window(id: "nothing") == nil)
        #expect(CloudDispatchError.windowNotFound(windowId: "w").kind == .notFound)
    }
}

/// Live operation: each window starts from the plan of the feeder's previous solved window.
@Suite("Cloud dispatch: warm starts from the stored window (real SQLite)")
struct CloudWarmStartTests {
    /// A depot of `sessions` on the registry's feeder F (window "depot-1") and the window one
    /// interval later ("depot-2"), its energies advanced by the first window's plan.
    static func windows(sessions: Int) throws -> (first: DispatchProblem, next: DispatchProblem) {
        var first = DepotGenerator(sessions: sessions).generate()
        first.windowId = "depot-1"
        first.feeders[0].id = "F"
        first.sites[0].feederId = "F"
        var next = first.nextWindow(after: try Dispatcher().dispatch(first))
        next.windowId = "depot-2"
        return (first, next)
    }

    /// Objective total, iterations, warm-started sessions and basis-started subproblems of a result body.
    static func figures(_ result: [UInt8]) throws -> (total: Double, iterations: Double, warm: Double, basis: Double) {
        let json = try JSONReader.parse(result, options: .engine)
        return (
            json["objective"]?["total"]?.doubleValue ?? .nan, json["solver"]?["iterations"]?.doubleValue ?? .nan,
            json["solver"]?["warmStartedSessions"]?.doubleValue ?? .nan, json["solver"]?["basisStartedSubproblems"]?.doubleValue ?? .nan
        )
    }

    @Test("The same process carries the previous window's basis; after a restart only the stored plan is left: the same optimum")
    func basisInMemoryOnly() throws {
        let (first, next) = try Self.windows(sessions: 60)
        let body = JSONWriter().bytes(next.json)
        let h = try Harness(withKeys: false)
        _ = try h.dispatcher.dispatch(body: JSONWriter().bytes(first.json))
        #expect(h.dispatcher.bases.count > 0)
        let restarted = CloudDispatcher(store: h.store, clock: FixedWallClock(Harness.issued), keys: nil, publisher: nil)
        let planOnly = try Self.figures(restarted.dispatch(body: body).resultJSON)
        let h2 = try Harness(withKeys: false)
        _ = try h2.dispatcher.dispatch(body: JSONWriter().bytes(first.json))
        let carried = try Self.figures(h2.dispatcher.dispatch(body: body).resultJSON)
        #expect(carried.basis == 1 && planOnly.basis == 0 && planOnly.warm > 0)
        #expect(abs(carried.total - planOnly.total) <= 1e-9 * abs(planOnly.total))
        #expect(carried.iterations * 2 < planOnly.iterations, "basis \(carried.iterations), plan \(planOnly.iterations)")
    }

    @Test("The next window of a feeder: the cold optimum, in fewer iterations; another feeder set starts cold")
    func nextWindowStartsWarm() throws {
        let (first, next) = try Self.windows(sessions: 60)
        let body = JSONWriter().bytes(next.json)
        let h = try Harness(withKeys: false)
        _ = try h.dispatcher.dispatch(body: JSONWriter().bytes(first.json))
        #expect(h.dispatcher.previousPlan(next)?.sessionCount == first.sessions.count)
        let warm = try Self.figures(h.dispatcher.dispatch(body: body).resultJSON)
        let cold = try Self.figures(Harness(withKeys: false).dispatcher.dispatch(body: body).resultJSON)
        #expect(abs(warm.total - cold.total) <= 1e-9 * abs(cold.total), "\(warm.total) vs \(cold.total)")
        #expect(warm.iterations * 2 < cold.iterations, "warm \(warm.iterations), cold \(cold.iterations)")
        #expect(warm.warm > 0 && cold.warm == 0, "sessions started warm: \(warm.warm), cold \(cold.warm)")

        var elsewhere = next
        elsewhere.windowId = "depot-g"
        elsewhere.feeders[0].id = "G"
        elsewhere.sites[0].feederId = "G"
        #expect(h.dispatcher.previousPlan(elsewhere) == nil, "no solved window of feeder G")
    }

    @Test("A stored window whose result cannot be read means a cold start, not an error: the same optimum")
    func unreadableStoredWindowStartsCold() throws {
        let (first, next) = try Self.windows(sessions: 20)
        let h = try Harness(withKeys: false)
        _ = try h.dispatcher.dispatch(body: JSONWriter().bytes(first.json))
        #expect(h.dispatcher.previousPlan(next) != nil)
        let queue = try DatabaseQueue(path: h.store.path)
        try queue.write { db in try db.execute(sql: "UPDATE dispatch_windows SET result = '{\"sessions\": 7}' WHERE window_id = 'depot-1'") }
        #expect(h.dispatcher.previousPlan(next) == nil)
        let response = try h.dispatcher.dispatch(body: JSONWriter().bytes(next.json))
        #expect(response.status == .created)
        let figures = try Self.figures(response.resultJSON)
        #expect(figures.warm == 0)
        let cold = try Dispatcher().dispatch(next)
        #expect(abs(figures.total - cold.objective.total) <= 1e-9 * abs(cold.objective.total))
    }
}
