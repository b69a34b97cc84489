import ChargeShareDomain
import CloudDispatch
import DispatchOptimizer
import Foundation
import Store
import Testing

@Suite("Cloud dispatch: concurrent requests, export limits")
struct ConcurrencyAndLimitsTests {
    /// Eight threads post the same body at once: one solves it, the others replay its bytes.
    @Test func concurrentSameBodySolvesOnce() throws {
        let h = try Harness()
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            results.add(Result { () throws(CloudDispatchError) -> DispatchResponse in try h.dispatcher.dispatch(body: Harness.problemBody()) })
        }
        let responses = try results.all.map { try $0.get() }
        #expect(responses.filter { $0.status == .created }.count == 1)
        #expect(responses.filter { $0.status == .replayed }.count == 7)
        #expect(Set(responses.map(\.resultJSON)).count == 1)
        #expect(try h.store.latestTariff(siteId: "S")?.version == 1, "one table, not eight")
    }

    /// A solve that fails (here: no time at all) leaves the window `failed`; the same request
    /// solves it again, from the stored problem.
    @Test func failedWindowIsSolvedAgainByTheSameRequest() throws {
        let h = try Harness(withKeys: false)
        let impatient = CloudDispatcher(
            store: h.store, clock: FixedWallClock(Harness.issued), keys: nil, publisher: nil,
            settings: CloudDispatcher.Settings(dispatch: DispatchOptions(timeLimitSeconds: 0)))
        #expect(throws: CloudDispatchError.self) { try impatient.dispatch(body: Harness.problemBody()) }
        do { _ = try impatient.dispatch(body: Harness.problemBody()) } catch {
            #expect(error.kind == .failed)
            #expect(error.description.contains("time limit"), "\(error)")
        }
        #expect(try h.dispatcher.window(id: "w-full")?.status == "failed")
        #expect(try h.dispatcher.window(id: "w-full")?.json["result"] == .null)
        let retried = try h.dispatcher.dispatch(body: Harness.problemBody())
        #expect(retried.status == .created)
        #expect(try h.dispatcher.window(id: "w-full")?.status == "optimal")
    }

    /// A window above the dispatcher's column limit is the caller's error, and nothing is stored.
    @Test func tooLargeIsInvalidAndNotStored() throws {
        let h = try Harness(withKeys: false)
        let n = 1400  // 1400 sessions × 2880 intervals > 4,000,000 columns
        let chargers = (0..<n).map { #"{"id": "c\#($0)", "siteId": "S", "maxChargeKw": 11}"# }.joined(separator: ",")
        let sessions = (0..<n).map {
            #"{"id": "s\#($0)", "chargerId": "c\#($0)", "arrival": "2026-06-01T10:00:00Z", "departure": "2026-06-03T10:00:00Z", "batteryKwh": 50, "initialKwh": 0, "targetKwh": 10}"#
        }.joined(separator: ",")
        let body =
            #"{"windowId": "huge", "start": "2026-06-01T10:00:00Z", "intervals": 2880, "intervalMinutes": 1, "prices": {"importPerKwh": 0.2}, "feeders": [{"id": "F"}], "sites": [{"id": "S", "feederId": "F"}], "chargers": ["#
            + chargers + #"], "sessions": ["# + sessions + "]}"
        #expect(throws: CloudDispatchError.self) { try h.dispatcher.dispatch(body: Array(body.utf8)) }
        do { _ = try h.dispatcher.dispatch(body: Array(body.utf8)) } catch {
            #expect(error.kind == .invalid)
            #expect(error.issues.first?.path == "$")
            #expect(error.issues.first?.message.contains("more than the limit of 4000000") == true, "\(error)")
        }
        #expect(try h.dispatcher.window(id: "huge") == nil)
    }

    /// Export caps merge like import caps: min(body's, utility's) per interval.
    @Test func exportLimitsAreLoweredToo() throws {
        let h = try Harness()
        _ = try h.store.upsertUtilityLimit(
            UtilityLimit(
                id: "export-1", feederId: "F", kind: .exportCapacity, start: Harness.at("2026-06-01T10:30:00Z"),
                end: Harness.at("2026-06-01T12:00:00Z"), valueKw: 1, source: "ven-1", created: Harness.issued))
        let body = String(decoding: Harness.problemBody(), as: UTF8.self).replacingOccurrences(
            of: #""importLimitKw": 5}"#, with: #""importLimitKw": 5, "exportLimitKw": 4}"#)
        _ = try h.dispatcher.dispatch(body: Array(body.utf8))
        let window = try #require(try h.dispatcher.window(id: "w-full"))
        let problem = try ProblemReader.read(Array(window.problemJSON.utf8))
        #expect(problem.feeders[0].exportLimitKw == .values([4, 4, 1, 1]))
        #expect(problem.feeders[0].importLimitKw == .constant(5), "no import limit stored: the body's series unchanged")
    }
}

/// Results collected from several threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Result<DispatchResponse, CloudDispatchError>] = []
    func add(_ r: Result<DispatchResponse, CloudDispatchError>) { lock.withLock { list.append(r) } }
    var all: [Result<DispatchResponse, CloudDispatchError>] { lock.withLock { list } }
}
