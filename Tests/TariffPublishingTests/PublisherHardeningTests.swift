import ChargeShareDomain
import Foundation
import Testing
import TariffEdge
@testable import TariffPublishing

/// Issue 10: the publisher refuses, before signing, what edges would reject or what would crash.
@Suite("Publishing hardening: seq bounds, corrupt history, site ids edges reject")
struct PublisherHardeningTests {
    let problem = PublishingFixture.problem()
    var flows: DispatchFlows { PublishingFixture.flows(problem) }
    let issued = PublishingFixture.start.adding(milliseconds: -600_000)

    func failure(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// 5c: a history at 2^53 − 1 would make the next seq 2^53, which no edge accepts.
    @Test func aSeqAboveTwoToThe53IsRefusedBeforeSigning() throws {
        let keys = try PublishingFixture.keys()
        let history = try HighWaterMarkStore(directory: PublishingFixture.temporaryDirectory())
        let top = HighWaterMarkStore.Mark(seq: 9_007_199_254_740_991, hash: String(repeating: "A", count: 43))
        try history.store(top, site: "b")
        let message = failure { _ = try TariffPublisher().publish(problem: problem, flows: flows, keys: keys, now: issued, history: history) }
        #expect(message == "site b: seq 9007199254740992 would exceed 2^53-1, which edges reject; nothing was signed or written")
        #expect(try history.mark(site: "a") == nil && history.mark(site: "b") == top)
    }

    /// 2a: a history mark of 1e19 used to trap converting Double to Int64.
    @Test func aCorruptHistoryMarkIsAClearErrorAndNothingIsRecorded() throws {
        let keys = try PublishingFixture.keys()
        let directory = PublishingFixture.temporaryDirectory()
        let history = try HighWaterMarkStore(directory: directory)
        try Data("{\"hash\":\"\(String(repeating: "A", count: 43))\",\"seq\":1e19,\"site_id\":\"c\"}\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/c.hwm"))
        let message = failure { _ = try TariffPublisher().publish(problem: problem, flows: flows, keys: keys, now: issued, history: history) }
        #expect(
            message
                == "history: \(directory)/c.hwm is corrupt (expected {hash, seq: an integer from 0 to 2^53-1, site_id}); refusing to guess the high-water mark"
        )
        #expect(try history.mark(site: "a") == nil)
    }

    /// A 255-character site id of 3-byte characters is valid input but more than edges accept
    /// (255 bytes): refused before signing, with the id escaped and cut in the message.
    @Test func aSiteIdEdgesWouldRejectIsRefused() throws {
        var p = problem
        let long = String(repeating: "€", count: 255)
        p.sites[2].id = long
        p.chargers[2].siteId = long
        let message = failure {
            _ = try TariffPublisher().sign(
                problem: p, flows: PublishingFixture.flows(p), keys: try PublishingFixture.keys(), now: issued, history: nil)
        }
        #expect(message == "site id \(String(repeating: "€", count: 80))…(765 bytes) is 765 bytes; edges accept 1 to 255")
    }
}
