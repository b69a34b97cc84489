import LinearProgramming

/// The least total violation when V2G can lower a forced one (spec §2: violations are the
/// minimum possible).
///
/// Each violation column is capped at what uncontrollable load forces with no EV power, so
/// without V2G no EV can add to a violation. With V2G a discharge can lower a forced violation,
/// and another EV could use that room instead: the violation would then stay at its cap when 0
/// was possible. Where a subproblem has both, it is solved lexicographically: first for the least
/// Σ Δh·(vs + vf) alone, then for the least cost with that total as a bound.
extension FeederModel {
    /// The violation columns (site and feeder).
    var violationColumns: [Int] {
        sites.values.flatMap { $0.violationColumn.filter { $0 >= 0 } }
            + feederRows.values.flatMap { $0.violationColumn.filter { $0 >= 0 } }
    }

    /// True when some session may discharge (then a forced violation may be lowered).
    var hasDischarge: Bool { sessions.values.contains { $0.discharge >= 0 } }

    /// The same model with every cost 0 but Δh on each of `columns` (the violation columns): its
    /// optimum is the least total violation, kWh.
    func leastViolationProgram(_ columns: [Int], hours: Double) -> LinearProgram {
        var stage = lp
        for j in stage.columns.indices { stage.setCost(of: LinearProgram.ColumnID(j), 0) }
        stage.objectiveConstant = 0
        for j in columns { stage.setCost(of: LinearProgram.ColumnID(j), hours) }
        return stage
    }

    /// Adds Σ Δh·(vs + vf) ≤ `leastKwh` over `columns` (+ 1e-9 relative, so rounding cannot make
    /// it infeasible).
    mutating func boundViolations(_ columns: [Int], toAtMost leastKwh: Double, hours: Double) {
        let terms = columns.sorted().map { (LinearProgram.ColumnID($0), hours) }
        lp.addRow("least_violation", terms: terms, upperBound: leastKwh + 1e-9 * max(1, leastKwh))
    }
}
