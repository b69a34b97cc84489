import ChargeShareDomain
import LinearProgramming

/// Builds the LP of `../shared/spec/dispatch.md` §2 for a set of feeders, in phases: sessions
/// (columns and energy rows), then sites and feeders (balance, limit and peak rows).
///
/// Each phase also hints the simplex method's starting basis at the point where no EV charges or
/// discharges (imports = base load − PV, batteries keep their initial energy, targets unmet,
/// forced violations at their cap), which is feasible, so phase 1 has next to nothing to do.
///
/// The LP has the same optimum as the spec's model but is smaller (docs/dispatch-model.md):
/// charge-only sessions need one energy row, sites that cannot export have no flow columns,
/// and limit rows or violation columns that cannot matter are never created.
struct FeederModelBuilder {
    /// Cost per kWh of the tie-breaker at a session's last usable interval (spec: at most 1e-6).
    static let tieBreakPerKwh = 1e-6

    let index: ProblemIndex
    let names: Bool
    /// The previous window's plan, when the caller has one.
    let warmStart: WarmStart?
    /// Where each session's columns start, by session (problem index); set by `placeStarts`.
    var starts: [Int: SessionStart] = [:]
    var model: FeederModel
    /// Per site and interval: true when the site can export (PV or a V2G session plugged in).
    var exportCapable: [Int: [Bool]] = [:]
    /// Sums over the sites of the feeder being built.
    var accumulator: FeederAccumulator

    var problem: DispatchProblem { index.problem }
    var hours: Double { problem.intervalHours }

    init(index: ProblemIndex, feeders: [Int], names: Bool, warmStart: WarmStart? = nil) {
        self.index = index
        self.warmStart = warmStart
        self.names = names
        model = FeederModel(lp: LinearProgram(keepsNames: names), feeders: feeders)
        accumulator = FeederAccumulator(intervals: index.problem.intervals)
        placeStarts(feeders: feeders)
    }

    /// The finished model.
    static func build(index: ProblemIndex, feeders: [Int], names: Bool = false, warmStart: WarmStart? = nil) -> FeederModel {
        var builder = FeederModelBuilder(index: index, feeders: feeders, names: names, warmStart: warmStart)
        for f in feeders {
            for k in index.sitesOfFeeder[f] {
                builder.markExportCapable(site: k)
                for s in index.sessionsOfSite[k] { builder.addSession(s) }
                builder.addSite(k)
            }
            builder.addFeeder(f)
        }
        if let basis = warmStart?.basis { builder.model.carry(basis, problem: index.problem) }
        return builder.model
    }

    /// A site can export in interval t when it has PV then, or a session that may discharge.
    mutating func markExportCapable(site k: Int) {
        let pv = problem.sites[k].pvKw
        var capable = (0..<problem.intervals).map { pv[$0] > 0 }
        for s in index.sessionsOfSite[k] where index.plans[s].isBidirectional {
            for t in index.plans[s].run { capable[t] = true }
        }
        exportCapable[k] = capable
    }

    /// Columns and energy rows of session s.
    ///
    /// - Power: 0 ≤ pc[s,t] ≤ min(charger, vehicle) kW; 0 ≤ pd[s,t] ≤ min(charger, vehicle) kW when V2G.
    /// - Charge-only (one row, e is monotone so only its end matters):
    ///   required − initial ≤ Σ_t Δh·η_c·pc[s,t] + unmet[s] ≤ battery − initial.
    /// - V2G (per interval): e[s,t+1] − e[s,t] − Δh·η_c·pc[s,t] + Δh/η_d·pd[s,t] = 0, e[s,a_s] = initial,
    ///   min(minKwh, initial) ≤ e ≤ battery; target e[s,b_s] + unmet[s] ≥ required.
    /// - Costs: Δh·importPrice on pc where the site's import is substituted, Δh·degradation on pd,
    ///   unmetPenalty on unmet, and the tie-breaker on pc.
    mutating func addSession(_ s: Int) {
        let plan = index.plans[s]
        guard !plan.run.isEmpty else { return }
        let k = plan.site
        let capable = exportCapable[k] ?? []
        let price = index.importPrice[k]
        let n = plan.run.count
        let tieBreak = problem.tieBreak == .earliest ? Self.tieBreakPerKwh * hours : 0
        var columns = FeederModel.SessionColumns(charge: model.lp.columns.count)
        for (j, t) in plan.run.enumerated() {
            let energyCost = capable[t] ? 0 : hours * price[t]
            addColumn(
                ModelKey(.charge, s, t), upperBound: plan.maxChargeKw,
                cost: energyCost + tieBreak * Double(j + 1) / Double(n)
            )
        }
        let start = starts[s]
        let basic = Self.marginalInterval(plan, previous: start?.previous)
        if plan.isBidirectional {
            addStorage(plan, &columns, basic: basic)
        } else {
            addChargeOnlyEnergy(plan, &columns, basic: basic)
        }
        hintStart(plan, columns, start: start)
        model.sessions[s] = columns
    }

    private mutating func addChargeOnlyEnergy(_ plan: SessionPlan, _ columns: inout FeederModel.SessionColumns, basic: Int?) {
        let s = plan.index
        let gain = hours * plan.chargeEfficiency
        let headroom = plan.batteryKwh - plan.initialKwh
        let mostDeliverable = gain * plan.maxChargeKw * Double(plan.run.count)
        let need = plan.requiredKwh - plan.initialKwh
        var terms = (0..<plan.run.count).map { (LinearProgram.ColumnID(columns.charge + $0), gain) }
        let upper = mostDeliverable > headroom ? headroom : Double.infinity
        if need > 0 {
            let unmet = addColumn(ModelKey(.unmet, s), upperBound: need, cost: problem.unmetEnergyPenaltyPerKwh)
            columns.unmet = unmet.index
            terms.append((unmet, 1))
            let row = addRow(ModelKey(.energyRow, s), terms: terms, lowerBound: need, upperBound: upper)
            if let basic { model.lp.hintBasic(LinearProgram.ColumnID(columns.charge + basic), in: row) }
            model.lp.hintBasic(unmet, in: row)
        } else if upper.isFinite {
            addRow(ModelKey(.energyRow, s), terms: terms, upperBound: upper)
        }
    }

    private mutating func addStorage(_ plan: SessionPlan, _ columns: inout FeederModel.SessionColumns, basic: Int?) {
        let s = plan.index
        let n = plan.run.count
        columns.discharge = model.lp.columns.count
        for t in plan.run {
            addColumn(ModelKey(.discharge, s, t), upperBound: plan.maxDischargeKw, cost: hours * problem.degradationCostPerKwh)
        }
        columns.energy = model.lp.columns.count
        for t in plan.run {
            addColumn(ModelKey(.energy, s, t + 1), lowerBound: plan.floorKwh, upperBound: plan.batteryKwh)
        }
        for j in 0..<n {
            var terms: [(LinearProgram.ColumnID, Double)] = [
                (LinearProgram.ColumnID(columns.energy + j), 1),
                (LinearProgram.ColumnID(columns.charge + j), -hours * plan.chargeEfficiency),
                (LinearProgram.ColumnID(columns.discharge + j), hours / plan.dischargeEfficiency),
            ]
            if j > 0 { terms.append((LinearProgram.ColumnID(columns.energy + j - 1), -1)) }
            let rhs = j == 0 ? plan.initialKwh : 0
            let row = addRow(ModelKey(.storageRow, s, plan.run.lowerBound + j), terms: terms, lowerBound: rhs, upperBound: rhs)
            model.lp.hintBasic(LinearProgram.ColumnID(columns.energy + j), in: row)
        }
        if plan.requiredKwh > plan.floorKwh {
            let unmet = addColumn(
                ModelKey(.unmet, s), upperBound: plan.requiredKwh - plan.floorKwh, cost: problem.unmetEnergyPenaltyPerKwh
            )
            columns.unmet = unmet.index
            let row = addRow(
                ModelKey(.targetRow, s), terms: [(LinearProgram.ColumnID(columns.energy + n - 1), 1), (unmet, 1)],
                lowerBound: plan.requiredKwh
            )
            if let basic { model.lp.hintBasic(LinearProgram.ColumnID(columns.charge + basic), in: row) }
            if plan.requiredKwh > plan.initialKwh { model.lp.hintBasic(unmet, in: row) }
        }
    }
}
