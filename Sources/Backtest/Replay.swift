import ChargeShareDomain
public import ChargeShareDatasets
public import Scheduling

/// The rolling-horizon replay: steps through time, shows each policy only what it would know
/// live, applies its decision, and lets every car leave at its real departure.
public struct Replay: Sendable {
    public let fleet: ReplayFleet
    public let config: ReplayConfig
    public let prices: PriceSignal
    /// Import price per kWh of every step plus a horizon of look-ahead.
    public let importPrices: [Double]
    /// Export price per kWh, same steps: the import price with V2G (net metering), else min(0, import).
    public let exportPrices: [Double]

    /// Largest price magnitude per kWh, the dispatch contract's cap (docs/dispatch-contract.md).
    public static let maximumPricePerKwh = 1e4

    /// Prepares a replay.
    /// - Throws: `BacktestError` for bad settings, no sessions, a span longer than
    ///   `ReplayFleet.maximumSpanDays`, or prices that do not cover the period or are not finite
    ///   within ±`maximumPricePerKwh`.
    public init(sessions: [SessionRecord], config: ReplayConfig, prices: PriceSignal) throws(BacktestError) {
        try config.validate()
        let fleet = try ReplayFleet(sessions: sessions, config: config)
        var importPrices: [Double] = []
        let total = fleet.steps + config.horizonSteps
        importPrices.reserveCapacity(total)
        for k in 0..<total {
            let time = fleet.time(ofStep: min(k, fleet.steps - 1), config: config)
            let price = try prices.price(at: time)
            guard price.isFinite, abs(price) <= Self.maximumPricePerKwh else {
                throw .prices(
                    "the price at \(time) is \(price) per kWh; prices must be finite and within ±\(Int(Self.maximumPricePerKwh)) per kWh (the dispatch contract's cap)"
                )
            }
            importPrices.append(price)
        }
        self.fleet = fleet
        self.config = config
        self.prices = prices
        self.importPrices = importPrices
        exportPrices = config.v2g == nil ? importPrices.map { min(0, $0) } : importPrices
    }

    /// Replays `policy` over the whole period.
    /// - Parameter progress: called after each step with (steps done, steps in all).
    public func run(_ policy: inout some SchedulingPolicy, progress: ((Int, Int) -> Void)? = nil) throws(BacktestError) -> PolicyOutcome {
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
                let ev = activeEV(entries[i], delivered: delivered[i], step: step)
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
            let view = StepView(
                step: step, time: fleet.time(ofStep: step, config: config), site: site, evs: evs,
                importPrices: importPrices[step..<end], exportPrices: exportPrices[step..<end])
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
            policy: policy.name, replay: self, deliveredKwh: delivered, dischargedKwh: discharged,
            loadKw: load, v2gRevenue: v2gRevenue, solveMs: solveMs)
    }

    func activeEV(_ e: ReplayFleet.Entry, delivered: Double, step: Int) -> ActiveEV {
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
