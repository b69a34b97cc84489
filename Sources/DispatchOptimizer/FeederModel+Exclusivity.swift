import ChargeShareDomain
import LinearProgramming

extension FeederModel {
    /// Session-intervals where `solution` both charges and discharges (min(pc, pd) > 1e-6 kW).
    func simultaneous(_ solution: LPSolution, index: ProblemIndex) -> [SessionInterval] {
        var found: [SessionInterval] = []
        for (s, columns) in sessions where columns.discharge >= 0 {
            for (j, t) in index.plans[s].run.enumerated() {
                let pc = solution.columnValues[columns.charge + j]
                let pd = solution.columnValues[columns.discharge + j]
                if min(pc, pd) > 1e-6 { found.append(SessionInterval(session: s, interval: t)) }
            }
        }
        return found
    }

    /// Session-intervals of V2G sessions where burning energy could pay: the site's import or
    /// export price is ≤ 0 (the only case in which the relaxation charges and discharges at once).
    func pricedForSimultaneity(index: ProblemIndex) -> Set<SessionInterval> {
        var pairs = Set<SessionInterval>()
        for (s, columns) in sessions where columns.discharge >= 0 {
            let plan = index.plans[s]
            for t in plan.run where index.importPrice[plan.site][t] <= 0 || index.exportPrice[plan.site][t] <= 0 {
                pairs.insert(SessionInterval(session: s, interval: t))
            }
        }
        return pairs
    }

    /// Every session-interval where a session may both charge and discharge.
    func allBidirectional(index: ProblemIndex) -> Set<SessionInterval> {
        var pairs = Set<SessionInterval>()
        for (s, columns) in sessions where columns.discharge >= 0 {
            for t in index.plans[s].run { pairs.insert(SessionInterval(session: s, interval: t)) }
        }
        return pairs
    }

    /// Adds a binary z per pair: pc ≤ maxCharge·z and pd ≤ maxDischarge·(1 − z).
    mutating func addExclusivity(_ pairs: Set<SessionInterval>, index: ProblemIndex) {
        for pair in pairs.sorted(by: { ($0.session, $0.interval) < ($1.session, $1.interval) })
        where binaries[pair] == nil {
            guard let columns = sessions[pair.session] else { continue }
            let plan = index.plans[pair.session]
            let j = pair.interval - plan.run.lowerBound
            let z = lp.addColumn("z_s\(pair.session)_t\(pair.interval)", kind: .binary)
            binaries[pair] = z.index
            lp.addRow(
                "zc_s\(pair.session)_t\(pair.interval)",
                terms: [(LinearProgram.ColumnID(columns.charge + j), 1), (z, -plan.maxChargeKw)], upperBound: 0)
            lp.addRow(
                "zd_s\(pair.session)_t\(pair.interval)",
                terms: [(LinearProgram.ColumnID(columns.discharge + j), 1), (z, plan.maxDischargeKw)],
                upperBound: plan.maxDischargeKw)
        }
    }

    /// The model with every binary fixed at its value in `solution`: an LP whose duals price the
    /// MIP optimum.
    func fixingBinaries(at solution: LPSolution) -> FeederModel {
        var fixed = self
        for (_, column) in binaries {
            let value = solution.columnValues[column].rounded()
            let id = LinearProgram.ColumnID(column)
            fixed.lp.setKind(of: id, .continuous)
            fixed.lp.setBounds(of: id, lower: value, upper: value)
        }
        return fixed
    }
}
