import ChargeShareDomain
import DispatchOptimizer
@testable import Scheduling
import Testing

/// Live problems with a demand model's expected sessions.
@Suite("Live problem assembly with expected sessions")
struct ExpectedLiveAssemblyTests {
    typealias Fixture = ProblemAssemblyTests

    /// 1.5 cars expected on S1 between 10:15 and 10:45 (arriving 10:30 as one session), staying
    /// 30 minutes, 4 kWh each; one on S2 (feeder G, not requested); one already arrived.
    static let expected: [String: [ExpectedSession]] = [
        "S1": [
            ExpectedSession(
                id: "S1:a", arrivalStart: Fixture.at("2026-06-01T10:15:00Z"), arrivalEnd: Fixture.at("2026-06-01T10:45:00Z"),
                stayMilliseconds: 1_800_000, count: 1.5, energyPerCarKwh: 4),
            ExpectedSession(
                id: "S1:gone", arrivalStart: Fixture.at("2026-06-01T09:00:00Z"), arrivalEnd: Fixture.at("2026-06-01T10:00:00Z"),
                stayMilliseconds: 1_800_000, count: 3, energyPerCarKwh: 4),
        ],
        "S2": [
            ExpectedSession(
                id: "S2:a", arrivalStart: Fixture.at("2026-06-01T10:15:00Z"), arrivalEnd: Fixture.at("2026-06-01T10:45:00Z"),
                stayMilliseconds: 1_800_000, count: 1, energyPerCarKwh: 4)
        ],
    ]

    @Test("A virtual charger of 1.5 × 11 kW at η 0.5 × 0.95 and a 6 kWh × 0.475 target; nothing for arrived cars or other feeders")
    func virtualEntries() throws {
        let states = [Fixture.state("t1", energyWh: 0, targetWh: 5_000, departure: "2026-06-01T11:00:00Z")]
        let live = try ProblemAssembly.live(
            Fixture.terms(), registry: Fixture.registry, feederIds: ["F"], sessions: states, limits: [], expected: Self.expected)
        let virtual = try #require(live.problem.chargers.first { ExpectedSession.isExpected($0.id) })
        #expect(live.problem.chargers.filter { ExpectedSession.isExpected($0.id) }.count == 1)
        #expect(virtual.id == "expected:S1:a" && virtual.siteId == "expected:S1")
        // Its site: beside S1 on feeder F, S1's 11 kW fuse, its energy free (price weight 0).
        let twin = try #require(live.problem.sites.first { $0.id == "expected:S1" })
        #expect(twin.feederId == "F" && twin.importLimitKw == .constant(11))
        #expect(twin.prices == Prices(importPerKwh: .values([0, 0, 0, 0]), exportPerKwh: .constant(0)))
        let weighted = ProblemAssembly.virtualSite(
            beside: Fixture.registry.sites[0], prices: Fixture.terms().prices, terms: ProblemAssembly.ExpectedSessionTerms(priceWeight: 0.5))
        #expect(weighted.prices == Prices(importPerKwh: .values([0.15, 0.05, 0.1, 0.05]), exportPerKwh: .constant(0)))
        #expect(live.problem.sites.count == 2)
        #expect(abs(virtual.maxChargeKw - 16.5) < 1e-12)  // S1's largest charger is 11 kW
        #expect(abs(virtual.chargeEfficiency - 0.475) < 1e-12)  // 0.5 × the mean of 0.9 and 1
        let session = try #require(live.problem.sessions.first { $0.id == "expected:S1:a" })
        #expect(abs(session.targetKwh - 6 * 0.475) < 1e-12 && session.initialKwh == 0)
        #expect(session.arrival == Fixture.at("2026-06-01T10:30:00Z") && session.departure == Fixture.at("2026-06-01T11:00:00Z"))
        #expect(live.problem.sessions.filter { !ExpectedSession.isExpected($0.id) }.map(\.id) == ["CS1/t1"])
        #expect(live.warnings.isEmpty && live.excluded.isEmpty)
        // It solves: the virtual session takes the 10:30–11:00 intervals it can, the real car is served in full.
        let result = try Dispatcher().dispatch(live.problem)
        #expect(try #require(result.sessions.first { $0.id == "CS1/t1" }).unmetKwh < 1e-6)
    }
}
