public import ChargeShareDomain
import DispatchOptimizer

/// `lp`: the production dispatch engine, called every step exactly as a live deployment calls it.
///
/// Each step becomes a `DispatchProblem` window from now to the latest estimated departure (at most
/// the horizon). It goes through the contract's JSON encoding and `ProblemReader` validation, the
/// `Dispatcher` solves it, and the power applied is what the session's OCPP charging profile
/// commands for the first interval: the artefact a charger would receive. Nothing is re-implemented.
public struct DispatchPolicy: SchedulingPolicy {
    public let name: String
    /// How ties between equally cheap schedules are broken (`earliest` = ACN's quick-charge idea).
    public let tieBreak: TieBreak
    let dispatcher: Dispatcher
    /// Penalty per kWh not delivered: far above any price, so energy comes first and cost second.
    public let unmetPenaltyPerKwh: Double
    /// Currency written into the problems.
    public let currency: String

    public init(name: String = "lp", tieBreak: TieBreak = .earliest, currency: String = "EUR", unmetPenaltyPerKwh: Double = 10) {
        self.name = name
        self.tieBreak = tieBreak
        self.currency = currency
        self.unmetPenaltyPerKwh = unmetPenaltyPerKwh
        var options = DispatchOptions()
        options.parallel = false  // one feeder; parallelism comes from replaying policies side by side
        dispatcher = Dispatcher(options: options)
    }

    public func schedule(_ view: StepView) throws(BacktestError) -> [Double] {
        let horizon = min(view.config.horizonSteps, view.evs.map { $0.estimatedDepartureStep - view.step }.max() ?? 1)
        let problem = ProblemAssembly.window(
            name: "step-\(view.step)", start: view.time, intervals: horizon, config: view.config,
            importPrices: Array(view.importPrices.prefix(horizon)), exportPrices: Array(view.exportPrices.prefix(horizon)),
            cars: view.evs.map { ev in
                ProblemAssembly.Car(
                    id: ev.id, stationId: ev.stationId, firstStep: 0,
                    endStep: ev.estimatedDepartureStep - view.step, remainingKwh: ev.remainingKwh,
                    dischargeableKwh: ev.dischargeableKwh)
            },
            tieBreak: tieBreak, currency: currency, unmetPenaltyPerKwh: unmetPenaltyPerKwh)
        let result: DispatchResult
        do {
            result = try dispatcher.dispatch(ProblemReader.read(problem.json))
        } catch {
            throw .dispatchFailed(policy: name, step: "\(view.time)", message: "\(error)")
        }
        let seconds = view.config.intervalMinutes * 60
        var power: [String: Double] = [:]
        for profile in result.chargingProfiles {
            power[profile.sessionId] = profile.replay(windowStart: view.time, intervalSeconds: seconds, count: 1)[0]
        }
        return view.evs.map { power[$0.id] ?? 0 }
    }
}

/// Builds dispatch windows for the backtester's site model (one feeder, one site, one charger per station).
enum ProblemAssembly {
    /// A car to schedule in a window, by step offsets within the window.
    struct Car {
        let id: String
        let stationId: String
        /// First interval the car may use.
        let firstStep: Int
        /// First interval the car is gone (may lie beyond the window).
        let endStep: Int
        let remainingKwh: Double
        let dischargeableKwh: Double
    }

    static func window(
        name: String, start: Timestamp, intervals: Int, config: ReplayConfig, importPrices: [Double],
        exportPrices: [Double], cars: [Car], tieBreak: TieBreak, currency: String, unmetPenaltyPerKwh: Double
    ) -> DispatchProblem {
        let dt = config.intervalMilliseconds
        let feeder = Feeder(
            id: "feeder", importLimitKw: .constant(config.feederLimitKw),
            exportLimitKw: .constant(config.v2g?.exportLimitKw ?? 0))
        let site = Site(id: "site", feederId: "feeder", exportLimitKw: .constant(config.v2g?.exportLimitKw ?? 0))
        var chargers: [Charger] = []
        var used: [String: Int] = [:]
        var sessions: [Session] = []
        for car in cars {
            // Two cars on one station only happen with overlapping records; keep both on separate EVSEs.
            let count = used[car.stationId, default: 0]
            used[car.stationId] = count + 1
            let chargerId = count == 0 ? car.stationId : "\(car.stationId)~\(count + 1)"
            chargers.append(
                Charger(
                    id: chargerId, siteId: "site", maxChargeKw: config.chargerKw,
                    maxDischargeKw: config.v2g?.dischargeKw ?? 0, chargeEfficiency: 1, dischargeEfficiency: 1))
            let arrival = start.adding(milliseconds: Int64(car.firstStep) * dt)
            let departure = start.adding(milliseconds: Int64(car.endStep) * dt)
            if let v2g = config.v2g {
                let initial = v2g.minimumKwh + max(0, car.dischargeableKwh)
                let target = max(0, min(v2g.batteryKwh, initial + car.remainingKwh))  // below the level after a cheap-hour top-up
                sessions.append(
                    Session(
                        id: car.id, chargerId: chargerId, arrival: arrival, departure: departure,
                        batteryKwh: v2g.batteryKwh, initialKwh: min(initial, v2g.batteryKwh), targetKwh: target,
                        minKwh: v2g.minimumKwh, v2g: true))
            } else {
                let need = max(car.remainingKwh, 1e-6)
                sessions.append(
                    Session(
                        id: car.id, chargerId: chargerId, arrival: arrival, departure: departure,
                        batteryKwh: need, initialKwh: 0, targetKwh: need))
            }
        }
        func series(_ values: [Double]) -> Series {
            values.allSatisfy({ $0 == values[0] }) ? .constant(values[0]) : .values(values)
        }
        return DispatchProblem(
            windowId: name, start: start, intervalMinutes: config.intervalMinutes, intervals: intervals, currency: currency,
            prices: Prices(importPerKwh: series(importPrices), exportPerKwh: series(exportPrices)),
            degradationCostPerKwh: config.v2g?.degradationCostPerKwh ?? 0, unmetEnergyPenaltyPerKwh: unmetPenaltyPerKwh,
            feeders: [feeder], sites: [site], chargers: chargers, sessions: sessions, tieBreak: tieBreak)
    }
}
