import ChargeShareDomain
import Foundation
import Pricing
import Testing
import TariffEdge
@testable import TariffPublishing

@Suite("Publishing: signed tables verify at the edge, chain across runs, and carry the site's limits")
struct TariffPublisherTests {
    let problem = PublishingFixture.problem()
    var flows: DispatchFlows { PublishingFixture.flows(problem) }
    let issued = PublishingFixture.start.adding(milliseconds: -600_000)
    var nowSeconds: Timestamp { PublishingFixture.start.wholeSeconds + 60 }

    /// The edge's own evaluation of the OCPI elements (Foundation's calendar, first match) gives
    /// back the engine's price in every interval, across the DST change.
    @Test func everyIntervalsPriceSurvivesTheRoundTrip() throws {
        let keys = try PublishingFixture.keys()
        let tables = try TariffPublisher().publish(problem: problem, flows: flows, keys: keys, now: issued, history: nil)
        let verifier = TariffVerifier(keyset: try keys.keyset())
        for table in tables {
            let verified = try verifier.check(Array(table.jws.utf8), site: table.siteId, now: nowSeconds)
            #expect(verified.seq == issued.millisecondsSinceEpoch)
            #expect(verified.prev == "")
            for t in 0..<problem.intervals {
                let middle = problem.start.wholeSeconds + Int64(t) * 3600 + 1800
                let price = verified.price(at: middle)
                #expect(price?.energyPerKwh == table.prices.energyPerKwh[t], "site \(table.siteId) interval \(t)")
                #expect(price?.v2gPerKwh == table.prices.v2gRemunerationPerKwh?[t], "site \(table.siteId) interval \(t)")
            }
        }
        // Congested intervals 2 and 3 cost 0.05 more than the same import price elsewhere (0.12 and 0.13).
        let a = tables[0].prices.energyPerKwh
        #expect(a[2] == dec("0.17") && a[8] == dec("0.12"))
        #expect(a[3] == dec("0.18") && a[9] == dec("0.13"))
        // V2G at site a: 0.05 + 1 × congestion − 0.02 degradation.
        #expect(tables[0].prices.v2gRemunerationPerKwh?[2] == dec("0.08"))
        #expect(tables[0].prices.v2gRemunerationPerKwh?[0] == dec("0.03"))
    }

    /// import_kw[a] = min(12, 20 − 9) = 11, and min(12, 20 − (0 − 2)) = 12 when b exports 2 kW;
    /// export_kw[a] = min(4, 5 + 9) = 4, and min(4, 5 − 2) = 3 in interval 1; site c has no import limit.
    @Test func limitsLeaveRoomForTheOtherSitesSchedules() throws {
        let tables = try TariffPublisher().publish(problem: problem, flows: flows, keys: try PublishingFixture.keys(), now: issued, history: nil)
        let payload = try JSONReader.parse(tables[0].payload)
        let imports = payload["limits"]?["import_kw"]?.arrayValue?.compactMap(\.doubleValue)
        let exports = payload["limits"]?["export_kw"]?.arrayValue?.compactMap(\.doubleValue)
        #expect(imports?.prefix(3) == [11, 12, 11])
        #expect(exports?.prefix(3) == [4, 3, 4])
        let b = try JSONReader.parse(tables[1].payload)
        #expect(b["limits"]?["import_kw"]?.arrayValue?.first == .number(20))
        let c = try JSONReader.parse(tables[2].payload)
        #expect(c["limits"]?["import_kw"]?.arrayValue?.allSatisfy { $0 == .null } == true)
        #expect(c["tz"] == .string("America/Chicago"))
        #expect(SiteLimitsBuilder.floorWatt(7.4999) == 7.499)
        #expect(SiteLimitsBuilder.floorWatt(-3) == 0)
    }

    @Test func historyChainsSeqAndPrevAcrossRuns() throws {
        let keys = try PublishingFixture.keys()
        let history = try HighWaterMarkStore(directory: PublishingFixture.temporaryDirectory())
        let first = try TariffPublisher().publish(problem: problem, flows: flows, keys: keys, now: issued, history: history)
        let second = try TariffPublisher().publish(
            problem: problem, flows: flows, keys: keys, now: issued.adding(milliseconds: 1000), history: history)
        let edge = try HighWaterMarkStore(directory: PublishingFixture.temporaryDirectory())
        let verifier = TariffVerifier(keyset: try keys.keyset())
        #expect(second[0].seq == first[0].seq + 1)
        #expect(try verifier.verify(Array(first[0].jws.utf8), site: "a", now: nowSeconds, state: edge).chainContinuous == nil)
        let accepted = try verifier.verify(Array(second[0].jws.utf8), site: "a", now: nowSeconds, state: edge)
        #expect(accepted.table.prev == first[0].hash)
        #expect(accepted.chainContinuous == true)
        #expect(try history.mark(site: "a") == HighWaterMarkStore.Mark(seq: second[0].seq, hash: second[0].hash))
    }

    @Test func payloadIsCanonicalAndMoneyIsDecimalText() throws {
        let table = try TariffPublisher().publish(problem: problem, flows: flows, keys: try PublishingFixture.keys(), now: issued, history: nil)[0]
        #expect(try CanonicalJSON.bytes(try JSONReader.parse(table.payload)) == table.payload)
        let text = String(decoding: table.payload, as: UTF8.self)
        #expect(text.contains(#""price":"0.1000""#))
        #expect(!text.contains(#""price":0"#))
        #expect(text.hasPrefix(#"{"currency":"EUR","fmt":"chargeshare.tariff-table/1","iat":"2026-03-28T22:50:00Z","iss":"chargeshare","limits":{"#))
    }

    @Test func unknownSitesInThePricingFileAreRefused() throws {
        let config = try PricingConfig.read(Array(#"{"sites": {"zz": {"margin": 2}}}"#.utf8))
        #expect(throws: InvalidProblem.self) {
            _ = try TariffPublisher(config: config).publish(
                problem: problem, flows: flows, keys: try PublishingFixture.keys(), now: issued, history: nil)
        }
    }

    @Test func noKeyForTheSiteIsAClearError() throws {
        let store = KeyStore(directory: PublishingFixture.temporaryDirectory() + "/keys")
        try store.generate(issuer: "chargeshare", sites: ["a"], validFrom: Timestamp(seconds: 0), validUntil: nil)
        #expect {
            _ = try TariffPublisher().publish(problem: problem, flows: flows, keys: store, now: issued, history: nil)
        } throws: { error in
            "\(error)".contains("may sign for site b")
        }
    }
}
