import ChargeShareDomain
import CloudDispatch
import Foundation
import Store
import Testing

/// The service's stored-window dispatch with a demand model's expected sessions.
@Suite("Cloud dispatch with expected sessions")
struct ExpectedSessionsDispatchTests {
    /// One car expected on S, arriving 10:15–10:45 (10:30 as one session), leaving 11:00, 2.5 kWh.
    static let expected: [String: [ExpectedSession]] = [
        "S": [
            ExpectedSession(
                id: "S:10:15", arrivalStart: Harness.at("2026-06-01T10:15:00Z"), arrivalEnd: Harness.at("2026-06-01T10:45:00Z"),
                stayMilliseconds: 1_800_000, count: 1, energyPerCarKwh: 2.5)
        ]
    ]

    /// The stored car wants 2.5 kWh by 11:00 under F's 5 kW (1.25 kWh a quarter). Alone it takes
    /// the 0.1 quarters ([0, 5, 0, 5]). The expected car needs both quarters after 10:30 in full,
    /// so the real car moves to the first two: [5, 5, 0, 0] kW, costing 0.375 + 0.125 = 0.5, far
    /// less than the expected car's 1.25 kWh unmet (5 a kWh). Only the real car's profile comes
    /// back, and only S gets a tariff table.
    @Test func expectedSessionsHoldCapacityButGetNoProfile() throws {
        let h = try Harness()
        try h.storeSession()
        let dispatcher = CloudDispatcher(
            store: h.store, clock: FixedWallClock(Harness.issued), keys: h.keys, publisher: nil,
            settings: CloudDispatcher.Settings(expectedSessions: { _ in Self.expected }))
        let response = try dispatcher.dispatch(body: Harness.assemblyBody())
        let (charge, _) = try Harness.schedule(response.resultJSON)
        #expect(Harness.close(charge, [5, 5, 0, 0]), "\(charge)")
        let json = try JSONReader.parse(response.resultJSON, options: .engine)
        let sessions = json["sessions"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(sessions == ["CS/t", "expected:S:10:15"])
        let profiles = json["chargingProfiles"]?.arrayValue?.compactMap { $0["sessionId"]?.stringValue } ?? []
        #expect(profiles == ["CS/t"])
        #expect(response.tariffs.map(\.siteId) == ["S"])
        // The stored result is the one returned (no profile for the expected car there either).
        let window = try #require(try dispatcher.window(id: "w-assembled"))
        #expect(window.resultJSON.map { Array($0.utf8) } == response.resultJSON)
        let problem = try ProblemReader.read(Array(window.problemJSON.utf8))
        #expect(problem.sites.map(\.id) == ["S", "expected:S"])
    }
}
