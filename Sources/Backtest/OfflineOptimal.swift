public import ChargeShareDomain
import DispatchOptimizer
public import Scheduling

/// `offline-optimal`: one LP over the whole period with perfect knowledge (real departures, all
/// arrivals known in advance): the upper bound every report shows.
///
/// The period's LP is separable wherever no car is plugged in (no constraint links the two sides),
/// so it is solved as independent blocks of overlapping stays. This is the same optimum as one
/// monolithic LP, found faster; each block goes through the production `Dispatcher`. A block may
/// exceed the contract's 2,880 intervals per window (cars parked over a long weekend chain days
/// together): the planner hands the `Dispatcher` the problem value directly, so only the JSON
/// contract's cap is skipped, not any check of the model.
public struct OfflineOptimalPlanner: Sendable {
    public let tieBreak: TieBreak
    public let currency: String
    public let unmetPenaltyPerKwh: Double

    public init(tieBreak: TieBreak = .earliest, currency: String = "EUR", unmetPenaltyPerKwh: Double = 10) {
        self.tieBreak = tieBreak
        self.currency = currency
        self.unmetPenaltyPerKwh = unmetPenaltyPerKwh
    }

    /// Solves every block and returns a policy that replays the plan, with each block's solve time.
    public func plan(fleet: ReplayFleet, config: ReplayConfig, importPrices: [Double], exportPrices: [Double])
        throws(BacktestError) -> PlannedPolicy
    {
        var options = DispatchOptions()
        options.parallel = false
        let dispatcher = Dispatcher(options: options)
        var power: [String: [Int: Double]] = [:]
        var solveMs: [Double] = []
        let clock = ContinuousClock()
        for block in Self.blocks(fleet) {
            let length = block.end - block.start
            let cars = block.entries.map { e in
                ProblemAssembly.Car(
                    id: e.record.id, stationId: e.record.stationId, firstStep: e.arrivalStep - block.start,
                    endStep: e.departureStep - block.start, remainingKwh: e.demandKwh,
                    dischargeableKwh: config.v2g.map { $0.arrivalKwh - $0.minimumKwh } ?? 0)
            }
            let problem = ProblemAssembly.window(
                name: "offline-\(block.start)", start: fleet.time(ofStep: block.start, config: config), intervals: length,
                site: config.site, importPrices: Array(importPrices[block.start..<block.end]),
                exportPrices: Array(exportPrices[block.start..<block.end]), cars: cars, tieBreak: tieBreak,
                currency: currency, unmetPenaltyPerKwh: unmetPenaltyPerKwh)
            let started = clock.now
            let result: DispatchResult
            do { result = try dispatcher.dispatch(problem) } catch {
                throw .dispatchFailed(policy: "offline-optimal", step: "\(problem.start)", message: "\(error)")
            }
            solveMs.append(Self.milliseconds(clock.now - started))
            for s in result.sessions {
                var byStep: [Int: Double] = [:]
                for t in 0..<length where s.chargeKw[t] != 0 || s.dischargeKw[t] != 0 {
                    byStep[block.start + t] = s.chargeKw[t] - s.dischargeKw[t]
                }
                power[s.id] = byStep
            }
        }
        return PlannedPolicy(name: "offline-optimal", power: power, solveMs: solveMs)
    }

    /// Runs of steps where some car is plugged in, with the cars of each run.
    static func blocks(_ fleet: ReplayFleet) -> [(start: Int, end: Int, entries: [ReplayFleet.Entry])] {
        var blocks: [(start: Int, end: Int, entries: [ReplayFleet.Entry])] = []
        for e in fleet.entries where e.departureStep > e.arrivalStep && e.demandKwh > 0 {
            if let last = blocks.last, e.arrivalStep < last.end {
                blocks[blocks.count - 1].end = max(last.end, e.departureStep)
                blocks[blocks.count - 1].entries.append(e)
            } else {
                blocks.append((e.arrivalStep, e.departureStep, [e]))
            }
        }
        return blocks
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
    }
}

/// Replays a precomputed plan: power per session and step.
public struct PlannedPolicy: SchedulingPolicy {
    public let name: String
    let power: [String: [Int: Double]]
    /// Time spent computing the plan, per block, ms.
    public let solveMs: [Double]

    public func schedule(_ view: StepView) -> [Double] {
        view.evs.map { power[$0.id]?[view.step] ?? 0 }
    }
}
