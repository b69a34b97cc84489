public import ChargeShareDomain
public import DispatchOptimizer

/// `lp`: the production dispatch engine, called every step exactly as a live deployment calls it.
///
/// Each step becomes a `DispatchProblem` window from now to the latest estimated departure (at most
/// the site's horizon cap), with the view's per-step feeder limits when it has them. It goes through the contract's JSON encoding and `ProblemReader` validation, the
/// `Dispatcher` solves it, and the power applied is what the session's OCPP charging profile
/// commands for the first interval: the artefact a charger would receive. Nothing is re-implemented.
///
/// With `expected` terms (`lp+expected` in the backtester), the view's expected sessions join the
/// window as virtual sessions (`ProblemAssembly.virtualEntries`) that hold capacity for cars not
/// yet arrived; only the real cars' powers are returned.
public struct DispatchPolicy: SchedulingPolicy {
    public let name: String
    /// How ties between equally cheap schedules are broken (`earliest` = ACN's quick-charge idea).
    public let tieBreak: TieBreak
    let dispatcher: Dispatcher
    /// Penalty per kWh not delivered: far above any price, so energy comes first and cost second.
    public let unmetPenaltyPerKwh: Double
    /// Currency written into the problems.
    public let currency: String
    /// How to plan for the view's expected sessions (`Forecasts.expectedSessions`); `nil` =
    /// ignore them (plain `lp`).
    public let expected: ProblemAssembly.ExpectedSessionTerms?
    /// Start each step's solve from the previous step's plan and optimal basis (`WarmStart`), as a
    /// live deployment does; the optimum does not depend on it.
    public var warmStarts = true
    /// The plan and bases of the previous step.
    var previous: WarmStart?

    /// - Parameter dispatcher: the engine that solves each window; by default GLPK on one thread
    ///   (parallelism comes from replaying policies side by side). The seam for another
    ///   `LPSolver` or other `DispatchOptions`.
    public init(
        name: String = "lp", tieBreak: TieBreak = .earliest, currency: String = "EUR", unmetPenaltyPerKwh: Double = 10,
        expected: ProblemAssembly.ExpectedSessionTerms? = nil, dispatcher: Dispatcher? = nil
    ) {
        self.name = name
        self.expected = expected
        self.tieBreak = tieBreak
        self.currency = currency
        self.unmetPenaltyPerKwh = unmetPenaltyPerKwh
        var options = DispatchOptions()
        options.parallel = false
        self.dispatcher = dispatcher ?? Dispatcher(options: options)
    }

    /// Steps the window of `view` spans: to the latest estimated departure of the cars plugged
    /// in (adacharge's choice), at most `view.site.horizonSteps` and the steps the view has
    /// prices (and limits) for, at least 1.
    static func horizon(_ view: StepView) -> Int {
        let known = min(view.importPrices.count, view.exportPrices.count, view.importLimitsKw?.count ?? Int.max)
        return max(1, min(view.site.horizonSteps, known, view.evs.map { $0.estimatedDepartureStep - view.step }.max() ?? 1))
    }

    /// The window of `view` with the expected sessions `terms` plan for: the cars' window
    /// (`horizon`), widened to the departure of every expected session still to arrive in it,
    /// within the same caps; and those sessions (the part of each not yet arrived at the step's
    /// start). Without `terms` or expected sessions, the cars' window and none.
    static func window(_ view: StepView, expected terms: ProblemAssembly.ExpectedSessionTerms?) -> (intervals: Int, expected: [ExpectedSession]) {
        let base = horizon(view)
        guard terms != nil, !view.forecasts.expectedSessions.isEmpty else { return (base, []) }
        let dt = view.site.intervalMilliseconds
        let end = view.time.adding(milliseconds: Int64(base) * dt)
        let ahead = view.forecasts.expectedSessions.compactMap { $0.notArrived(at: view.time) }.filter { $0.arrival < end }
        let known = min(view.importPrices.count, view.exportPrices.count, view.importLimitsKw?.count ?? Int.max)
        let latest = ahead.map { Int(($0.departure.millisecondsSinceEpoch - view.time.millisecondsSinceEpoch) / dt) }.max() ?? base
        return (max(base, min(view.site.horizonSteps, known, latest)), ahead)
    }

    public mutating func schedule(_ view: StepView) throws(SchedulingError) -> [Double] {
        guard !view.evs.isEmpty else { return [] }
        guard !view.importPrices.isEmpty, !view.exportPrices.isEmpty, view.importLimitsKw.map({ !$0.isEmpty }) ?? true else {
            throw .dispatchFailed(policy: name, step: "\(view.time)", message: "the view has no prices or limits for this step")
        }
        let (horizon, expectedSessions) = Self.window(view, expected: expected)
        let problem = ProblemAssembly.window(
            name: "step-\(view.step)", start: view.time, intervals: horizon, site: view.site,
            importPrices: Array(view.importPrices.prefix(horizon)), exportPrices: Array(view.exportPrices.prefix(horizon)),
            importLimitsKw: view.importLimitsKw.map { Array($0.prefix(horizon)) },
            cars: view.evs.map { ev in
                // A car still plugged in after its estimate is taken to leave at the end of this step.
                ProblemAssembly.Car(
                    id: ev.id, stationId: ev.stationId, firstStep: 0,
                    endStep: max(ev.estimatedDepartureStep - view.step, 1), remainingKwh: ev.remainingKwh,
                    dischargeableKwh: ev.dischargeableKwh)
            },
            expected: expectedSessions, expectedTerms: expected ?? ProblemAssembly.ExpectedSessionTerms(), tieBreak: tieBreak,
            currency: currency, unmetPenaltyPerKwh: unmetPenaltyPerKwh)
        let result: DispatchResult
        do {
            let parsed = try ProblemReader.read(problem.json)
            if warmStarts {
                (result, previous) = try dispatcher.dispatchRolling(parsed, warmStart: previous)
            } else {
                result = try dispatcher.dispatch(parsed)
            }
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
