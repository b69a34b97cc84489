import Backtest
import ChargeShareDomain
import Scheduling
import TestSupport
import Testing

/// A policy of the caller's own, replayed through `Backtester.run(custom:)`: the seam a developer
/// uses to backtest a new scheduler before it goes live.
@Suite("Custom policies")
struct CustomPolicyTests {
    /// Asks for a fixed power for every car, and records what it was shown.
    struct Fixed: SchedulingPolicy {
        let name = "fixed"
        let kW: Double
        var seen: [(step: Int, cars: Int, horizon: Int)] = []

        mutating func schedule(_ view: StepView) throws(SchedulingError) -> [Double] {
            seen.append((view.step, view.evs.count, view.importPrices.count))
            return view.evs.map { _ in kW }
        }
    }

    /// Fails at its second decision.
    struct Failing: SchedulingPolicy {
        let name = "failing"
        var calls = 0

        mutating func schedule(_ view: StepView) throws(SchedulingError) -> [Double] {
            calls += 1
            if calls == 2 { throw .dispatchFailed(policy: name, step: "\(view.time)", message: "no solver today") }
            return view.evs.map { _ in 0 }
        }
    }

    static func backtester(limit: Double = 10) throws -> Backtester {
        // One car, 08:00-09:00, 3 kWh; 5-minute steps.
        let replay = try Replay(
            sessions: [Fixtures.session("a", arrive: 0, leave: 60, kwh: 3)], config: ReplayConfig(horizonMinutes: 30, feederLimitKw: limit),
            prices: .flat(0.2))
        return Backtester(replay: replay, currency: "EUR")
    }

    @Test("2 kW for every step: 2 × 5/60 kWh a step until the 3 kWh are in, the view capped at the 6-step horizon")
    func fixedPower() throws {
        var policy = Fixed(kW: 2)
        let outcome = try Self.backtester().run(custom: &policy)
        // 3 kWh at 1/6 kWh per step: 18 steps, but the car leaves after 12: 2 kWh delivered.
        #expect(abs(outcome.summary.metrics.deliveredKwh - 2) < 1e-9)
        #expect(policy.seen.count == 12)
        #expect(policy.seen.allSatisfy { $0.cars == 1 && $0.horizon == 6 })
        #expect(outcome.loadKw.prefix(12).allSatisfy { abs($0 - 2) < 1e-9 })
    }

    @Test("More than the car can take is clamped to its 6.6 kW; the limit is not repaired")
    func clampedNotRepaired() throws {
        var policy = Fixed(kW: 50)
        let outcome = try Self.backtester(limit: 5).run(custom: &policy)
        #expect(outcome.loadKw[0] == 6.6)
        #expect(outcome.summary.metrics.violations > 0)
    }

    @Test("A policy's error stops the replay, naming the policy and the step")
    func failure() throws {
        var policy = Failing()
        #expect(
            throws: BacktestError.dispatchFailed(policy: "failing", step: "2026-03-02T08:05:00Z", message: "no solver today")
        ) { _ = try Self.backtester().run(custom: &policy) }
    }
}
