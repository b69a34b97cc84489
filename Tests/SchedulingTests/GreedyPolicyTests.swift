import ChargeShareDomain
import Scheduling
import Testing

@Suite("Greedy policies at one step")
struct GreedyPolicyTests {
    /// Limit 10 kW, 5-minute steps, three cars (hand-computed laxities in the comments).
    static func view() -> StepView {
        func ev(_ id: String, _ steps: Int, _ kwh: Double) -> ActiveEV {
            ActiveEV(
                id: id, stationId: id, arrivalStep: 0, estimatedDepartureStep: steps, remainingKwh: kwh,
                maxChargeKw: 6.6, maxDischargeKw: 0, dischargeableKwh: 0)
        }
        let site = SchedulingSite(intervalMinutes: 5, feederLimitKw: 10, chargerKw: 6.6, horizonSteps: 144)
        let prices = [Double](repeating: 0.2, count: 24)
        return StepView(
            step: 0, time: Timestamp(rfc3339: "2026-03-02T08:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0), site: site,
            evs: [ev("e1", 12, 2), ev("e2", 24, 12), ev("e3", 6, 0.2)],
            importPrices: prices[...], exportPrices: prices.map { _ in 0 }[...])
    }

    @Test("EDF: e3 (0.5 h) takes 2.4 kW, e1 (1 h) 6.6 kW, e2 (2 h) the last 1.0 kW")
    func edf() {
        let p = SortedGreedyPolicy(order: .earliestDeadline).schedule(Self.view())
        #expect(p.count == 3 && zip(p, [6.6, 1.0, 2.4]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test("LLF: laxities e2 0.18 h, e3 0.47 h, e1 0.70 h")
    func llf() {
        let p = SortedGreedyPolicy(order: .leastLaxity).schedule(Self.view())
        #expect(p.count == 3 && zip(p, [1.0, 6.6, 2.4]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test("Round robin: e3 needs only 2.4 kW, the other two split 7.6 kW")
    func roundRobin() {
        let p = RoundRobinPolicy().schedule(Self.view())
        #expect(p.count == 3 && zip(p, [3.8, 3.8, 2.4]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test("Uncontrolled ignores the limit")
    func uncontrolled() {
        #expect(UncontrolledPolicy().schedule(Self.view()) == [6.6, 6.6, 2.4000000000000004].map { min($0, 6.6) })
    }
}
