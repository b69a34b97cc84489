/// A starting basis for the simplex method, given as hints by the model's builder.
///
/// GLPK starts from the all-slack basis: every row's auxiliary variable basic, every column at its
/// lower bound. Where a row's right-hand side is not 0 (an equality balance with base load, a
/// storage row with the initial energy) that start is infeasible, and phase 1 of the simplex
/// method spends one or more iterations on each such row — tens of thousands on a long window.
/// A builder that knows a feasible point (no EV power: imports equal base load, batteries keep
/// their initial energy, targets unmet) names for each such row the column that is basic in it
/// there, and the columns that sit at their upper bound.
extension LinearProgram {
    /// Makes `column` basic in place of row `row`'s auxiliary variable in the starting basis.
    /// Each row and each column may be named once; later hints for either are ignored.
    /// The hinted columns, restricted to the hinted rows, must form a nonsingular (e.g.
    /// triangular) matrix; otherwise the solver falls back to its own starting basis.
    public mutating func hintBasic(_ column: ColumnID, in row: RowID) {
        guard column.index < columns.count, row.index < rows.count,
            basicHintRows.insert(row.index).inserted
        else { return }
        guard basicHintColumns.insert(column.index).inserted else {
            basicHintRows.remove(row.index)
            return
        }
        basisHints.append(BasisHint(row: row.index, column: column.index))
    }

    /// Starts nonbasic `column` at its upper bound instead of its lower bound.
    public mutating func hintAtUpperBound(_ column: ColumnID) {
        guard column.index < columns.count, columns[column.index].upperBound.isFinite else { return }
        upperBoundHints.append(column.index)
    }

    /// True when the model carries starting-basis hints.
    public var hasStartingBasis: Bool { !basisHints.isEmpty || !upperBoundHints.isEmpty }

    /// The complete basis the hints describe: hinted columns basic in place of their rows'
    /// auxiliary variables, every other row basic, upper-bound hints at their upper bound and
    /// every other column at its lower bound.
    public var hintedBasis: LPBasis {
        var basis = LPBasis(
            rows: Array(repeating: .basic, count: rows.count), columns: Array(repeating: .atLower, count: columns.count))
        for column in upperBoundHints { basis.columns[column] = .atUpper }
        for hint in basisHints {
            basis.rows[hint.row] = .atLower
            basis.columns[hint.column] = .basic
        }
        return basis
    }
}

/// One hint: `column` is basic in place of `row`'s auxiliary variable.
public struct BasisHint: Sendable, Equatable {
    public let row: Int
    public let column: Int
}
