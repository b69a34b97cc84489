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

    /// Steps the window of `view` spans: to the latest estimated departure of the cars plugged
    /// in (adacharge's choice), at most `view.site.horizonSteps`, at least 1.
    static func horizon(_ view: StepView) -> Int {
        max(1, min(view.site.horizonSteps, view.evs.map { $0.estimatedDepartureStep - view.step }.max() ?? 1))
    }

    public func schedule(_ view: StepView) throws(SchedulingError) -> [Double] {
        let horizon = Self.horizon(view)
        let problem = ProblemAssembly.window(
            name: "step-\(view.step)", start: view.time, intervals: horizon, site: view.site,
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
        let seconds = view.site.intervalMinutes * 60
        var power: [String: Double] = [:]
        for profile in result.chargingProfiles {
            power[profile.sessionId] = profile.replay(windowStart: view.time, intervalSeconds: seconds, count: 1)[0]
        }
        return view.evs.map { power[$0.id] ?? 0 }
    }
}
