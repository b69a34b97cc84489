import ChargeShareDomain
import LinearProgramming

/// Where each session's columns start the simplex method (docs/dispatch-model.md, "Greedy start"
/// and "Warm starts"). Only which bound a nonbasic column sits at changes, plus, with a warm
/// start, one charge column basic in place of `unmet`: the basis stays nonsingular.
extension FeederModelBuilder {
    /// The previous window's power of the session over its run, or `nil` when the previous plan
    /// covers none of it (a new session, or a plan with other intervals).
    func previousPower(_ plan: SessionPlan) -> [(charge: Double, discharge: Double)?]? {
        guard let warmStart else { return nil }
        let id = problem.sessions[plan.index].id
        guard warmStart.plans[id] != nil else { return nil }
        let step = problem.intervalMilliseconds
        let start = problem.start.millisecondsSinceEpoch
        let power = plan.run.map { t in
            warmStart.power(
                session: id, at: start + Int64(t) * step, lengthMs: step, maxChargeKw: plan.maxChargeKw, maxDischargeKw: plan.maxDischargeKw)
        }
        return power.contains { $0 != nil } ? power : nil
    }

    /// Where the session's power columns start (docs/dispatch-model.md, "Starting basis"): at the
    /// upper bound where the previous window's plan had them there, for a session that plan
    /// covers; otherwise the session's own cheapest intervals at full power (`GreedyStart`).
    mutating func hintStart(_ plan: SessionPlan, _ columns: FeederModel.SessionColumns, previous: [(charge: Double, discharge: Double)?]?) {
        guard let previous else {
            for j in GreedyStart(plan: plan, price: index.importPrice[plan.site], hours: hours, capacity: &capacity).full {
                model.lp.hintAtUpperBound(LinearProgram.ColumnID(columns.charge + j))
            }
            return
        }
        model.warmStartedSessions += 1
        for (j, power) in previous.enumerated() {
            guard let power else { continue }
            if power.charge >= plan.maxChargeKw - Self.atBoundKw {
                model.lp.hintAtUpperBound(LinearProgram.ColumnID(columns.charge + j))
                capacity?.use(plan.maxChargeKw, site: plan.site, interval: plan.run.lowerBound + j)
            }
            if columns.discharge >= 0, plan.maxDischargeKw > 0, power.discharge >= plan.maxDischargeKw - Self.atBoundKw {
                model.lp.hintAtUpperBound(LinearProgram.ColumnID(columns.discharge + j))
            }
        }
    }

    /// The interval whose charge column starts basic in the session's energy (or target) row in
    /// place of `unmet`: the first the previous plan had strictly between 0 and full power (the
    /// session's marginal interval then), if any.
    static func marginalInterval(_ plan: SessionPlan, previous: [(charge: Double, discharge: Double)?]?) -> Int? {
        previous?.firstIndex { power in
            guard let power else { return false }
            return power.charge > atBoundKw && power.charge < plan.maxChargeKw - atBoundKw
        }
    }

    /// A previous power this close to a column's upper bound counts as at the bound, kW.
    static let atBoundKw = 1e-6
}
