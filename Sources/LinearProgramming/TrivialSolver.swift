/// Solves models with no rows or no columns, which GLPK cannot take (`glp_add_rows` and
/// `glp_add_cols` abort on a count of zero).
///
/// With no rows, each column is optimised on its own bounds. With no columns, every row's
/// activity is zero and must lie within its bounds.
enum TrivialSolver {
    static func solve(_ lp: LinearProgram) throws(LPError) -> LPSolution {
        for row in lp.rows where row.lowerBound > 0 || row.upperBound < 0 {
            throw .infeasible
        }
        let direction = lp.sense == .minimize ? 1.0 : -1.0
        var values: [Double] = []
        values.reserveCapacity(lp.columns.count)
        for column in lp.columns {
            var lower = column.lowerBound
            var upper = column.upperBound
            if column.kind != .continuous {
                lower = lower.rounded(.up)
                upper = upper.rounded(.down)
                if lower > upper { throw .infeasible }
            }
            let cost = direction * column.cost
            let value: Double
            if cost > 0 {
                guard lower.isFinite else { throw .unbounded }
                value = lower
            } else if cost < 0 {
                guard upper.isFinite else { throw .unbounded }
                value = upper
            } else {
                value = lower.isFinite ? lower : (upper.isFinite ? min(0, upper) : 0)
            }
            values.append(value)
        }
        return LPSolution(
            objectiveValue: lp.objectiveValue(of: values), columnValues: values,
            rowActivities: Array(repeating: 0, count: lp.rows.count),
            rowDuals: lp.hasIntegerColumns ? nil : Array(repeating: 0, count: lp.rows.count),
            iterations: 0, method: .dualSimplex, isMIP: lp.hasIntegerColumns, seconds: 0
        )
    }
}
