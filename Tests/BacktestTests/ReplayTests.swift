import Backtest
import Scheduling
import ChargeShareDatasets
import ChargeShareDomain
import Testing
import TestSupport

@Suite("Rolling-horizon replay")
struct ReplayTests {
    static func outcome(
        _ sessions: [SessionRecord], limit: Double, _ policy: PolicyName,
        departures: DepartureKnowledge = .estimated, prices: PriceSignal = .flat(0.2), v2g: V2GSettings? = nil
    ) throws -> PolicyOutcome {
        let config = ReplayConfig(feederLimitKw: limit, v2g: v2g, departures: departures)
        return try Backtester(replay: Replay(sessions: sessions, config: config, prices: prices), currency: "EUR").run(policy)
    }

    @Test("One car, uncontrolled: 5 steps at 6.6 kW then 3.0 kW for the last 0.25 kWh")
    func singleCar() throws {
        let o = try Self.outcome([Fixtures.session("a", arrive: 0, leave: 60, kwh: 3)], limit: 50, .uncontrolled)
        #expect(o.replay.fleet.steps == 13)
        let expected = [6.6, 6.6, 6.6, 6.6, 6.6, 3.0] + Array(repeating: 0.0, count: 7)
        #expect(zip(o.loadKw, expected).allSatisfy { abs($0 - $1) < 1e-9 })
        let m = o.summary.metrics
        #expect(abs(m.deliveredKwh - 3) < 1e-12)
        #expect(m.energyDeliveredPct == 100 && m.sessionsServedPct == 100)
        #expect(abs(m.cost - 0.6) < 1e-12)  // 3 kWh at 0.2
        #expect(m.violations == 0)
    }

    @Test("Uncontrolled breaks a 5 kW limit in 5 steps by 1.6 kW: 0.6667 kWh")
    func violations() throws {
        let o = try Self.outcome([Fixtures.session("a", arrive: 0, leave: 60, kwh: 3)], limit: 5, .uncontrolled)
        #expect(o.summary.metrics.violations == 5)
        #expect(abs(o.summary.metrics.violationKwh - 5 * 1.6 / 12) < 1e-12)
        #expect(o.summary.metrics.peakKw == 6.6)
    }

    @Test("Arrival rounds up and departure down to whole steps")
    func grid() throws {
        let o = try Self.outcome([Fixtures.session("a", arrive: 3, leave: 22, kwh: 10)], limit: 50, .uncontrolled)
        // Start is 08:00; usable steps 08:05-08:20: three steps of 0.55 kWh.
        #expect(o.replay.fleet.entries[0].arrivalStep == 1 && o.replay.fleet.entries[0].departureStep == 4)
        #expect(abs(o.summary.metrics.deliveredKwh - 1.65) < 1e-12)
        #expect(o.summary.metrics.served == 0)
    }

    /// Limit 6.6 kW; both drivers say 10:00; "b-leaves" really leaves at 09:00. 13.2 kWh fits only
    /// if b charges first.
    static let earlyLeaver = [
        Fixtures.session("a-stays", arrive: 0, leave: 120, estimate: 120, kwh: 6.6),
        Fixtures.session("b-leaves", arrive: 0, leave: 60, estimate: 120, kwh: 6.6),
    ]

    @Test("EDF on the drivers' estimates serves the wrong car first: 50 %")
    func estimatedDepartures() throws {
        let o = try Self.outcome(Self.earlyLeaver, limit: 6.6, .edf)
        #expect(abs(o.summary.metrics.energyDeliveredPct - 50) < 1e-9)
    }

    @Test("Told the real departures, EDF and lp serve both; offline-optimal always does")
    func actualDepartures() throws {
        for policy in [PolicyName.edf, .lp] {
            let o = try Self.outcome(Self.earlyLeaver, limit: 6.6, policy, departures: .actual)
            #expect(abs(o.summary.metrics.energyDeliveredPct - 100) < 1e-6, "\(policy)")
        }
        let offline = try Self.outcome(Self.earlyLeaver, limit: 6.6, .offlineOptimal)
        #expect(abs(offline.summary.metrics.deliveredKwh - 13.2) < 1e-6)
        #expect(offline.summary.metrics.violations == 0)
    }

    @Test("lp charges in the cheap hour when a limit-free car has a choice")
    func cheapHour() throws {
        // 08:00-09:00 at 0.30, 09:00-10:00 at 0.10 (hourly series); 5 kWh, 2 h stay.
        let prices = HourlyPrices(
            points: [
                (Fixtures.time("2026-03-02T08:00:00Z"), 0.3), (Fixtures.time("2026-03-02T09:00:00Z"), 0.1),
                (Fixtures.time("2026-03-02T10:00:00Z"), 0.1), (Fixtures.time("2026-03-02T11:00:00Z"), 0.1),
                (Fixtures.time("2026-03-02T12:00:00Z"), 0.1), (Fixtures.time("2026-03-02T13:00:00Z"), 0.1),
                (Fixtures.time("2026-03-02T14:00:00Z"), 0.1), (Fixtures.time("2026-03-02T15:00:00Z"), 0.1),
                (Fixtures.time("2026-03-02T16:00:00Z"), 0.1), (Fixtures.time("2026-03-02T17:00:00Z"), 0.1),
                (Fixtures.time("2026-03-02T18:00:00Z"), 0.1), (Fixtures.time("2026-03-02T19:00:00Z"), 0.1),
                (Fixtures.time("2026-03-02T20:00:00Z"), 0.1), (Fixtures.time("2026-03-02T21:00:00Z"), 0.1),
            ],
            currency: "EUR")
        let session = [Fixtures.session("a", arrive: 0, leave: 120, kwh: 5)]
        let lp = try Self.outcome(session, limit: 50, .lp, prices: .hourly(prices))
        #expect(abs(lp.summary.metrics.cost - 0.5) < 1e-6)  // all 5 kWh at 0.10
        let edf = try Self.outcome(session, limit: 50, .edf, prices: .hourly(prices))
        #expect(abs(edf.summary.metrics.cost - 1.5) < 1e-9)  // all 5 kWh at 0.30, as soon as plugged in
    }

    @Test("V2G: charge 6.6 kWh in the cheap hour, sell 1.6 kWh back in the dear one")
    func v2g() throws {
        var points: [(hour: Timestamp, perKwh: Double)] = [(Fixtures.time("2026-03-02T08:00:00Z"), 0.1)]
        for h in 9...21 { points.append((Fixtures.time("2026-03-02T\(h < 10 ? "0" : "")\(h):00:00Z"), 0.5)) }
        let prices = HourlyPrices(points: points, currency: "EUR")
        let settings = V2GSettings(batteryKwh: 60, arrivalKwh: 20, minimumKwh: 10, dischargeKw: 6.6, degradationCostPerKwh: 0.02, exportLimitKw: 50)
        let o = try Self.outcome(
            [Fixtures.session("a", arrive: 0, leave: 120, kwh: 5)], limit: 50, .lp, departures: .actual,
            prices: .hourly(prices), v2g: settings)
        let m = o.summary.metrics
        #expect(abs(m.deliveredKwh - 5) < 1e-6)
        #expect(abs(m.dischargedKwh - 1.6) < 1e-6)
        #expect(abs(o.v2gRevenue - 0.8) < 1e-6)
        #expect(abs(m.cost - (0.66 - 0.8)) < 1e-6)
        #expect(m.violations == 0)
    }

    @Test("Settings are checked before anything runs")
    func badSettings() {
        #expect(throws: BacktestError.invalidSetting("interval must be one of 1m, 5m, 10m, 15m, 20m, 30m, 60m; got 7m")) {
            _ = try Replay(sessions: Self.earlyLeaver, config: ReplayConfig(intervalMinutes: 7, feederLimitKw: 10), prices: .flat(0.2))
        }
        #expect(throws: BacktestError.noSessions("the session file is empty")) {
            _ = try Replay(sessions: [], config: ReplayConfig(feederLimitKw: 10), prices: .flat(0.2))
        }
        let prices = HourlyPrices(points: [(Fixtures.time("2026-03-02T08:00:00Z"), 0.1)], currency: "EUR")
        #expect(throws: BacktestError.prices("the price file covers 2026-03-02T08:00:00Z to 2026-03-02T09:00:00Z, not 2026-03-02T09:00:00Z")) {
            _ = try Replay(sessions: Self.earlyLeaver, config: ReplayConfig(feederLimitKw: 10), prices: .hourly(prices))
        }
    }
}
