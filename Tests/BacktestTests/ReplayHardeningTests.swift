import Backtest
import ChargeShareDatasets
import ChargeShareDomain
import Testing
import TestSupport

/// Issue 10: session files that made a backtest allocate gigabytes.
@Suite("Hardening: the replay grid")
struct ReplayHardeningTests {
    @Test("Sessions in 0001 and 9999 are refused before the grid is allocated")
    func replaySpan() {
        let sessions = [
            SessionRecord(
                id: "a", stationId: "A", arrival: Fixtures.time("0001-01-01T00:00:00Z"), departure: Fixtures.time("0001-01-01T01:00:00Z"),
                estimatedDeparture: Fixtures.time("0001-01-01T01:00:00Z"), requestedKwh: 1, deliveredKwh: 1, claimed: true),
            SessionRecord(
                id: "b", stationId: "A", arrival: Fixtures.time("9999-12-31T00:00:00Z"), departure: Fixtures.time("9999-12-31T01:00:00Z"),
                estimatedDeparture: Fixtures.time("9999-12-31T01:00:00Z"), requestedKwh: 1, deliveredKwh: 1, claimed: true),
        ]
        let started = ContinuousClock.now
        #expect(
            throws: BacktestError.invalidSetting(
                "the sessions span 3652058 days, from the first arrival 0001-01-01T00:00:00Z to the last departure 9999-12-31T01:00:00Z; a replay covers at most 400 days: choose a range with --from and --to"
            )
        ) {
            _ = try Replay(sessions: sessions, config: ReplayConfig(intervalMinutes: 1, feederLimitKw: 10), prices: .flat(0.2))
        }
        #expect(ContinuousClock.now - started < .seconds(1))
        // With --to, only the first session is kept and the replay runs.
        let cut = ReplayConfig(feederLimitKw: 10, to: Fixtures.time("0002-01-01T00:00:00Z"))
        #expect((try? Replay(sessions: sessions, config: cut, prices: .flat(0.2)))?.fleet.steps == 13)
    }
}
