/// Where one row's auxiliary variable or one column sits in a simplex basis.
public enum BasisStatus: UInt8, Sendable, Equatable {
    case basic
    /// Nonbasic at its lower bound.
    case atLower
    /// Nonbasic at its upper bound.
    case atUpper
    /// Nonbasic and free (no bounds), at zero.
    case free
    /// Nonbasic and fixed (equal bounds).
    case fixed

    /// Nonbasic at either bound: the solver settles which one a variable of another type takes.
    public var isBasic: Bool { self == .basic }
}

/// A complete simplex basis: the status of every row's auxiliary variable and every column.
///
/// A basis is valid when exactly as many variables are basic as the model has rows, and usable
/// when those basic columns (with unit columns for basic rows) form a nonsingular matrix.
public struct LPBasis: Sendable, Equatable {
    /// One status per row (its auxiliary variable Σ a_j x_j).
    public var rows: [BasisStatus]
    /// One status per column.
    public var columns: [BasisStatus]

    public init(rows: [BasisStatus], columns: [BasisStatus]) {
        self.rows = rows
        self.columns = columns
    }

    /// Basic rows and columns together.
    public var basicCount: Int {
        rows.reduce(0) { $0 + ($1.isBasic ? 1 : 0) } + columns.reduce(0) { $0 + ($1.isBasic ? 1 : 0) }
    }

    /// True when the basis has one status per row and column of `lp` and one basic variable per
    /// row (it may still be singular, which only the solver finds out).
    public func fits(_ lp: LinearProgram) -> Bool {
        rows.count == lp.rows.count && columns.count == lp.columns.count && basicCount == lp.rows.count
    }
}

/// Which starting basis a simplex solve began from.
public enum SimplexStart: String, Sendable, Equatable {
    /// The model's complete basis (`LinearProgram.startingBasis`), e.g. a previous optimum.
    case basis
    /// The model's hints (`LinearProgram.hintBasic`, `hintAtUpperBound`).
    case hints
    /// The solver's all-slack basis.
    case slack
}
