import ChargeShareDomain
import CloudDispatch
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
