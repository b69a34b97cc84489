import ChargeShareDomain
@testable import Scheduling
import Testing

/// `lp`: the production dispatcher behind the scheduling interface.
@Suite("lp policy")
struct DispatchPolicyTests {
    /// One car wanting 1 kWh, told to leave at step 200 (16 h 40 min of 5-minute steps); energy
    /// costs 0.30/kWh until step 150 (12 h 30 min) and 0.10 after.
    static func view(horizonSteps: Int) -> StepView {
        let prices = (0..<2880).map { $0 < 150 ? 0.3 : 0.1 }
        let site = SchedulingSite(intervalMinutes: 5, feederLimitKw: 20, chargerKw: 6.6, horizonSteps: horizonSteps)
        let car = ActiveEV(id: "a", stationId: "A", arrivalStep: 0, estimatedDepartureStep: 200, remainingKwh: 1, maxChargeKw: 6.6)
        return StepView(
            step: 0, time: Timestamp(millisecondsSinceEpoch: 1_780_000_000_000 / 300_000 * 300_000), site: site, evs: [car],
            importPrices: prices[...], exportPrices: prices.map { _ in 0 }[...])
    }

    @Test("The window reaches the latest estimated departure, unless capped")
    func horizonChoice() {
        #expect(DispatchPolicy.horizon(Self.view(horizonSteps: 2880)) == 200)
        #expect(DispatchPolicy.horizon(Self.view(horizonSteps: 144)) == 144)
        let late = Self.view(horizonSteps: 2880)
        let moved = StepView(
            step: 190, time: late.time, site: late.site, evs: late.evs, importPrices: late.importPrices, exportPrices: late.exportPrices)
        #expect(DispatchPolicy.horizon(moved) == 10)
    }

    @Test("Seeing the cheap hours after 12 h 30 min, lp waits for them")
    func waitsForCheapHours() throws {
        var lp = DispatchPolicy()
        #expect(try lp.schedule(Self.view(horizonSteps: 2880)) == [0])
    }

    @Test("No car, no decision; every car of the view gets a power, in order")
    func shape() throws {
        var lp = DispatchPolicy()
        let v = Self.view(horizonSteps: 2880)
        let two = StepView(
            step: v.step, time: v.time, site: v.site,
            evs: v.evs + [ActiveEV(id: "b", stationId: "B", arrivalStep: 0, estimatedDepartureStep: 3, remainingKwh: 0.2, maxChargeKw: 6.6)],
            importPrices: v.importPrices, exportPrices: v.exportPrices)
        let power = try lp.schedule(two)
        #expect(power.count == 2)
        #expect(power[0] == 0)
        // b leaves within 3 steps at 0.30/kWh whatever it does: the earliest tie-break charges it now.
        #expect(abs(power[1] - 2.4) < 1e-3)
    }
}
