import ChargeShareDomain
import DispatchOptimizer
import LinearProgramming
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

/// The view's per-step limits, a stale estimate, a view without prices, and the dispatcher seam.
@Suite("lp policy: limits, bad views and the dispatcher it is given")
struct DispatchPolicyEdgeTests {
    /// A car wanting 0.5 kWh, told to leave after 2 steps of 5 minutes; the second step is cheaper.
    static func view(limits: [Double]? = nil, prices: [Double] = [0.3, 0.1], departure: Int = 2, step: Int = 0) -> StepView {
        let site = SchedulingSite(intervalMinutes: 5, feederLimitKw: 20, chargerKw: 6.6, horizonSteps: 2880)
        let car = ActiveEV(id: "a", stationId: "A", arrivalStep: 0, estimatedDepartureStep: departure, remainingKwh: 0.5, maxChargeKw: 6.6)
        return StepView(
            step: step, time: Timestamp(millisecondsSinceEpoch: 1_780_000_200_000), site: site, evs: [car], importPrices: prices[...],
            exportPrices: prices.map { _ in 0 }[...], importLimitsKw: limits?[...])
    }

    @Test("Without a limit lp charges 6 kW in the cheap second step; a utility limit of 0 kW there moves it to now")
    func perStepLimits() throws {
        var lp = DispatchPolicy()
        #expect(try lp.schedule(Self.view()) == [0])
        let now = try lp.schedule(Self.view(limits: [10, 0]))
        #expect(abs(now[0] - 6) < 1e-3)
        // Greedy rules read this step's limit: 4 kW here.
        #expect(SortedGreedyPolicy(order: .leastLaxity).schedule(Self.view(limits: [4, 20])) == [4])
    }

    @Test("A car past its estimate is planned to leave at the end of this step: full power now, capped by its need")
    func staleEstimate() throws {
        var lp = DispatchPolicy()
        let power = try lp.schedule(Self.view(departure: 3, step: 5))
        #expect(abs(power[0] - 6) < 1e-3)
    }

    @Test("A view with no prices is refused by name, not crashed on")
    func noPrices() {
        var lp = DispatchPolicy()
        #expect(
            throws: SchedulingError.dispatchFailed(
                policy: "lp", step: "2026-05-28T20:30:00Z", message: "the view has no prices or limits for this step")
        ) { _ = try lp.schedule(Self.view(prices: [])) }
    }

    /// A solver that always fails.
    struct Broken: LPSolver {
        var identity: (name: String, version: String) { ("broken", "0") }
        func solve(_ lp: LinearProgram, options: SolverOptions) throws(LPError) -> LPSolution { throw .numericalInstability }
    }

    @Test("The dispatcher it is given solves each window")
    func injectedDispatcher() {
        var lp = DispatchPolicy(dispatcher: Dispatcher(solver: Broken()))
        do {
            _ = try lp.schedule(Self.view())
            Issue.record("the broken solver was not used")
        } catch {
            guard case .dispatchFailed(let policy, _, let message) = error else { return }
            #expect(policy == "lp")
            #expect(message.contains("\"feeder\"") && message.contains("numerical instability"), "\(message)")
        }
    }
}
