import ChargeShareDomain
import LinearProgramming

/// One subproblem's share of the result, keyed by problem indices.
struct SubproblemOutcome: Sendable {
    var sessions: [(index: Int, schedule: DispatchResult.SessionSchedule)] = []
    var sites: [(index: Int, flows: DispatchResult.SiteFlows)] = []
    var feeders: [(index: Int, flows: DispatchResult.FeederFlows)] = []
    var rows = 0
    var columns = 0
    var nonzeros = 0
    var iterations = 0
    var mip = false
    /// Sessions started from a previous window's plan (`FeederModel.warmStartedSessions`).
    var warmStartedSessions = 0
    var warnings: [String] = []
    /// True when the LP's simplex method began from a previous window's basis (`DispatchBasis`).
    var startedFromBasis = false
    /// The LP's optimal basis by key, when asked for and the LP needed no MIP re-solve.
    var basis: [DispatchBasis.Key: BasisStatus] = [:]
    /// Largest excess over a hard limit plus the violation its uncontrollable load forces, kW:
    /// solver noise only.
    var hardLimitExcessKw = 0.0
}

extension FeederModel {
    /// Power below this is reported as 0 (solver noise), kW.
    static let powerNoise = 1e-9
    /// A forced interval's violation from its excess over the limit: excesses within the spec's
    /// 1e-6 kW tolerance for hard limits are solver noise and reported as 0.
    static func violation(_ excessKw: Double) -> Double { excessKw <= 1e-6 ? 0 : excessKw }

    /// Congestion prices below the tie-breaker's size are reported as 0, per kWh.
    static let priceNoise = 1e-6

    /// The schedule, netted site flows, feeder flows and congestion prices of `solution`.
    ///
    /// Flows are recomputed from the session powers (not read from gi/ge), so sessions, sites and
    /// feeders always add up, and a site never both imports and exports in one interval.
    func outcome(_ solution: LPSolution, index: ProblemIndex) -> SubproblemOutcome {
        let p = index.problem
        let T = p.intervals
        let hours = p.intervalHours
        let x = solution.columnValues
        func clamped(_ column: Int, _ upper: Double) -> Double {
            guard column >= 0 else { return 0 }
            let v = min(max(x[column], 0), upper)
            return v < Self.powerNoise ? 0 : v
        }
        var outcome = SubproblemOutcome(
            rows: lp.rows.count, columns: lp.columns.count, nonzeros: lp.nonzeros,
            iterations: solution.iterations, mip: solution.isMIP, warmStartedSessions: warmStartedSessions)
        for f in feeders {
            let feeder = p.feeders[f]
            var feederNet = [Double](repeating: 0, count: T)
            for k in index.sitesOfFeeder[f] {
                let site = p.sites[k]
                var net = (0..<T).map { site.baseLoadKw[$0] - site.pvKw[$0] }
                for s in index.sessionsOfSite[k] {
                    let schedule = sessionSchedule(s, index: index, clamped)
                    for t in 0..<T { net[t] += schedule.chargeKw[t] - schedule.dischargeKw[t] }
                    outcome.sessions.append((s, schedule))
                }
                let columns = sites[k]
                let curtailed = (0..<T).map { t in clamped(columns?.curtailColumn[t] ?? -1, site.pvKw[t]) }
                for t in 0..<T { net[t] += curtailed[t] }
                let importKw = net.map { max(0, $0) }
                let violation = (0..<T).map { t -> Double in
                    guard let limit = site.importLimitKw?[t] else { return 0 }
                    let column = columns?.violationColumn[t] ?? -1
                    let forced = column >= 0 ? lp.columns[column].upperBound : 0
                    outcome.hardLimitExcessKw = max(outcome.hardLimitExcessKw, importKw[t] - limit - forced)
                    return column >= 0 ? Self.violation(importKw[t] - limit) : 0
                }
                outcome.sites.append(
                    (
                        k,
                        DispatchResult.SiteFlows(
                            id: site.id, importKw: importKw, exportKw: net.map { max(0, -$0) }, curtailedPvKw: curtailed,
                            peakKw: importKw.max() ?? 0, limitViolationKw: violation
                        )
                    ))
                for t in 0..<T { feederNet[t] += net[t] }
            }
            let rows = feederRows[f]
            let violation = (0..<T).map { t -> Double in
                outcome.hardLimitExcessKw = max(outcome.hardLimitExcessKw, -feederNet[t] - feeder.exportLimitKw[t])
                guard let limit = feeder.importLimitKw?[t] else { return 0 }
                let column = rows?.violationColumn[t] ?? -1
                let forced = column >= 0 ? lp.columns[column].upperBound : 0
                outcome.hardLimitExcessKw = max(outcome.hardLimitExcessKw, feederNet[t] - limit - forced)
                return column >= 0 ? Self.violation(feederNet[t] - limit) : 0
            }
            let congestion = (0..<T).map { t -> Double in
                guard let row = rows?.importRow[t], row >= 0, let duals = solution.rowDuals else { return 0 }
                let price = -duals[row] / hours
                return price < Self.priceNoise ? 0 : price
            }
            outcome.feeders.append(
                (
                    f,
                    DispatchResult.FeederFlows(
                        id: feeder.id, netImportKw: feederNet, limitViolationKw: violation, congestionPricePerKwh: congestion
                    )
                ))
        }
        return outcome
    }

    private func sessionSchedule(
        _ s: Int, index: ProblemIndex, _ clamped: (Int, Double) -> Double
    ) -> DispatchResult.SessionSchedule {
        let p = index.problem
        let plan = index.plans[s]
        var charge = [Double](repeating: 0, count: p.intervals)
        var discharge = [Double](repeating: 0, count: p.intervals)
        var energy = plan.initialKwh
        if let columns = sessions[s] {
            for (j, t) in plan.run.enumerated() {
                charge[t] = clamped(columns.charge + j, plan.maxChargeKw)
                if columns.discharge >= 0 { discharge[t] = clamped(columns.discharge + j, plan.maxDischargeKw) }
                energy += p.intervalHours * (plan.chargeEfficiency * charge[t] - discharge[t] / plan.dischargeEfficiency)
            }
        }
        let session = p.sessions[s]
        return DispatchResult.SessionSchedule(
            id: session.id, chargerId: session.chargerId, chargeKw: charge, dischargeKw: discharge,
            finalKwh: energy, unmetKwh: ProblemIndex.unmet(required: plan.requiredKwh, finalKwh: energy)
        )
    }
}
