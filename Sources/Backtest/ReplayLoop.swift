import ChargeShareDomain
import Scheduling

/// The rolling-horizon loop: steps through a replay, shows the policy only what it would know
/// live (`StepView`), applies its decision clamped to each car's bounds, and lets every car leave
/// at its real departure. It never repairs a limit breach.
enum ReplayLoop {
    /// Replays `policy` over the whole of `replay`.
    /// - Parameter progress: called after each step with (steps done, steps in all).
    static func run(_ policy: inout some SchedulingPolicy, on replay: Replay, progress: ((Int, Int) -> Void)?) throws(BacktestError)
        -> PolicyOutcome
    {
        let fleet = replay.fleet, config = replay.config
        let importPrices = replay.importPrices, exportPrices = replay.exportPrices
        let entries = fleet.entries
        let h = config.intervalHours
        var delivered = [Double](repeating: 0, count: entries.count)  // net energy into the battery
        var discharged = [Double](repeating: 0, count: entries.count)
        var load = [Double](repeating: 0, count: fleet.steps)
        var v2gRevenue = 0.0
        var solveMs: [Double] = []
        var active: [Int] = []
        var next = 0
        let clock = ContinuousClock()
        let site = config.site
        var step = 0
        while step < fleet.steps {
            while next < entries.count, entries[next].arrivalStep <= step {
                if entries[next].departureStep > entries[next].arrivalStep { active.append(next) }
                next += 1
            }
            active.removeAll { entries[$0].departureStep <= step }
            var cars: [Int] = []
            var evs: [ActiveEV] = []
            for i in active {
                let ev = activeEV(entries[i], delivered: delivered[i], step: step, config: config)
                if ev.remainingKwh > 1e-6 || ev.dischargeableKwh > 1e-6 && ev.maxDischargeKw > 0 {
                    cars.append(i)
                    evs.append(ev)
                }
            }
            if evs.isEmpty {
                // Nothing to decide: jump to the next arrival.
                step = next < entries.count ? max(step + 1, entries[next].arrivalStep) : fleet.steps
                progress?(min(step, fleet.steps), fleet.steps)
                continue
            }
            let end = min(step + config.horizonSteps, importPrices.count)
            let time = fleet.time(ofStep: step, config: config)
            let view = StepView(
                step: step, time: time, site: site, evs: evs, importPrices: importPrices[step..<end],
                exportPrices: exportPrices[step..<end], forecasts: Forecasts(expectedSessions: replay.expected?.sessions(at: time) ?? []))
            let started = clock.now
            let decision: [Double]
            do { decision = try policy.schedule(view) } catch {
                switch error {
                case .dispatchFailed(let name, let at, let message): throw .dispatchFailed(policy: name, step: at, message: message)
                }
            }
            solveMs.append(OfflineOptimalPlanner.milliseconds(clock.now - started))
            guard decision.count == evs.count, decision.allSatisfy(\.isFinite) else {
                throw .dispatchFailed(
                    policy: policy.name, step: "\(view.time)", message: "returned \(decision.count) finite powers for \(evs.count) cars")
            }
            var total = 0.0
            for (k, i) in cars.enumerated() {
                let ev = evs[k]
                let p = max(-min(ev.maxDischargeKw, ev.dischargeableKwh / h), min(decision[k], ev.maxChargeKw, ev.headroomKwh / h))
                delivered[i] += p * h
                if p < 0 {
                    discharged[i] -= p * h
                    v2gRevenue -= p * h * exportPrices[step]
                }
                total += p
            }
            load[step] = total
            step += 1
            progress?(step, fleet.steps)
        }
        return PolicyOutcome(
            policy: policy.name, replay: replay, deliveredKwh: delivered, dischargedKwh: discharged,
            loadKw: load, v2gRevenue: v2gRevenue, solveMs: solveMs)
    }

    static func activeEV(_ e: ReplayFleet.Entry, delivered: Double, step: Int, config: ReplayConfig) -> ActiveEV {
        var remaining = e.demandKwh - delivered
        var dischargeable = 0.0
        var headroom = max(0, remaining)
        if let v2g = config.v2g {
            let level = v2g.arrivalKwh + delivered
            remaining = min(v2g.batteryKwh, v2g.arrivalKwh + e.demandKwh) - level
            dischargeable = max(0, level - v2g.minimumKwh)
            headroom = max(0, v2g.batteryKwh - level)
        }
        return ActiveEV(
            id: e.record.id, stationId: e.record.stationId, arrivalStep: e.arrivalStep,
            estimatedDepartureStep: max(config.departures == .actual ? e.departureStep : e.estimatedDepartureStep, step + 1), remainingKwh: remaining,
            maxChargeKw: config.chargerKw, maxDischargeKw: config.v2g?.dischargeKw ?? 0,
            dischargeableKwh: dischargeable, headroomKwh: headroom)
    }
}
