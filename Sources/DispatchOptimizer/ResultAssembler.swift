import ChargeShareDomain
import LinearProgramming

/// Merges subproblem outcomes into one `DispatchResult` in the request's order and prices it.
enum ResultAssembler {
    static func assemble(
        index: ProblemIndex, outcomes: [SubproblemOutcome], method: SolverMethod, seconds: Double,
        solver: (name: String, version: String), coarseIterations: Int? = nil
    ) -> DispatchResult {
        let p = index.problem
        let hours = p.intervalHours
        var sessions = [DispatchResult.SessionSchedule?](repeating: nil, count: p.sessions.count)
        var sites = [DispatchResult.SiteFlows?](repeating: nil, count: p.sites.count)
        var feeders = [DispatchResult.FeederFlows?](repeating: nil, count: p.feeders.count)
        for outcome in outcomes {
            for (i, s) in outcome.sessions { sessions[i] = s }
            for (i, s) in outcome.sites { sites[i] = s }
            for (i, f) in outcome.feeders { feeders[i] = f }
        }
        // Every session, site and feeder belongs to exactly one subproblem (validation guarantees
        // the references); compactMap only drops nothing.
        let sessionList = sessions.compactMap { $0 }
        let siteList = sites.compactMap { $0 }
        let feederList = feeders.compactMap { $0 }

        var importCost = 0.0, exportRevenue = 0.0, demandCharges = 0.0, violationKwh = 0.0
        for (k, flows) in siteList.enumerated() {
            for t in 0..<p.intervals {
                importCost += hours * index.importPrice[k][t] * flows.importKw[t]
                exportRevenue += hours * index.exportPrice[k][t] * flows.exportKw[t]
                violationKwh += hours * flows.limitViolationKw[t]
            }
            demandCharges += p.sites[k].demandChargePerKw * flows.peakKw
        }
        for flows in feederList { violationKwh += hours * flows.limitViolationKw.reduce(0, +) }
        let dischargedKwh = sessionList.reduce(0) { $0 + hours * $1.dischargeKw.reduce(0, +) }
        let unmetKwh = sessionList.reduce(0) { $0 + $1.unmetKwh }
        let objective = DispatchResult.Objective(
            importCost: importCost, exportRevenue: exportRevenue, demandCharges: demandCharges,
            degradationCost: p.degradationCostPerKwh * dischargedKwh, unmetPenalty: p.unmetEnergyPenaltyPerKwh * unmetKwh,
            violationPenalty: p.limitViolationPenaltyPerKwh * violationKwh
        )
        let (profiles, warnings) = ChargingProfileBuilder.profiles(index: index, schedules: sessionList)
        let violated =
            siteList.contains { $0.limitViolationKw.contains { DispatchResult.rounded($0) > 0 } }
            || feederList.contains { $0.limitViolationKw.contains { DispatchResult.rounded($0) > 0 } }
        var solver = DispatchResult.SolverInfo(
            name: solver.name, version: solver.version, method: method.rawValue, seconds: seconds,
            rows: outcomes.reduce(0) { $0 + $1.rows }, columns: outcomes.reduce(0) { $0 + $1.columns },
            nonzeros: outcomes.reduce(0) { $0 + $1.nonzeros }, mip: outcomes.contains { $0.mip },
            iterations: outcomes.reduce(0) { $0 + $1.iterations }, subproblems: outcomes.count,
            warmStartedSessions: 0, basisStartedSubproblems: outcomes.reduce(0) { $0 + ($1.startedFromBasis ? 1 : 0) }
        )
        // The builder counts every session started from a plan; a coarser solve's plan is not a
        // previous window's.
        let started = outcomes.reduce(0) { $0 + $1.warmStartedSessions }
        if let coarseIterations {
            solver.coarseStartedSessions = started
            solver.coarseIterations = coarseIterations
        } else {
            solver.warmStartedSessions = started
        }
        return DispatchResult(
            windowId: p.windowId, start: p.start, intervalMinutes: p.intervalMinutes, intervals: p.intervals,
            currency: p.currency, status: violated ? .optimalWithViolations : .optimal, objective: objective,
            sites: siteList, feeders: feederList, sessions: sessionList, chargingProfiles: profiles, solver: solver,
            warnings: outcomes.flatMap(\.warnings) + warnings
        )
    }
}
