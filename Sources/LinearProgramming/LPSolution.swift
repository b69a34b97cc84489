/// Which algorithm solves the (relaxed) LP.
public enum SolverMethod: String, Sendable, CaseIterable {
    case primalSimplex
    case dualSimplex
    case interiorPoint
}

/// Settings for one solve.
public struct SolverOptions: Sendable {
    public var method: SolverMethod
    /// Use the solver's presolver.
    public var presolve: Bool
    /// Scale the model before solving.
    public var scaling: Bool
    /// Give up after this many seconds; `nil` = no limit.
    public var timeLimitSeconds: Double?
    /// Start the simplex method from the model's complete basis or its starting-basis hints,
    /// when it has them (`LinearProgram.startingBasis`, `LinearProgram.hintBasic`); false starts
    /// from GLPK's all-slack basis.
    public var startingBasis: Bool = true
    /// Give up after this many simplex iterations; `nil` = no limit.
    public var iterationLimit: Int?
    /// Relative MIP gap at which branch-and-bound may stop; 0 proves optimality.
    public var mipGap: Double
    /// Print the solver's own log to standard output.
    public var verbose: Bool

    public init(
        method: SolverMethod = .dualSimplex, presolve: Bool = false, scaling: Bool = true,
        timeLimitSeconds: Double? = nil, iterationLimit: Int? = nil, mipGap: Double = 0, verbose: Bool = false,
        startingBasis: Bool = true
    ) {
        self.startingBasis = startingBasis
        self.method = method
        self.presolve = presolve
        self.scaling = scaling
        self.timeLimitSeconds = timeLimitSeconds
        self.iterationLimit = iterationLimit
        self.mipGap = mipGap
        self.verbose = verbose
    }
}

/// An optimal solution.
public struct LPSolution: Sendable {
    /// Objective value including the constant term.
    public var objectiveValue: Double
    /// One value per column.
    public var columnValues: [Double]
    /// One activity Σ a_j x_j per row.
    public var rowActivities: [Double]
    /// One dual value (shadow price, ∂objective/∂bound) per row; `nil` for a MIP solution.
    public var rowDuals: [Double]?
    /// Simplex iterations used (for the interior-point method: its iterations).
    public var iterations: Int
    public var method: SolverMethod
    /// True when branch-and-bound was run.
    public var isMIP: Bool
    /// Wall time of the solver call.
    public var seconds: Double
    /// The optimal basis, for a simplex solve without integer columns; `nil` otherwise.
    public var basis: LPBasis?
    /// Which basis the simplex method started from; `nil` when it did not run.
    public var start: SimplexStart?

    public init(
        objectiveValue: Double, columnValues: [Double], rowActivities: [Double], rowDuals: [Double]?,
        iterations: Int, method: SolverMethod, isMIP: Bool, seconds: Double
    ) {
        self.objectiveValue = objectiveValue
        self.columnValues = columnValues
        self.rowActivities = rowActivities
        self.rowDuals = rowDuals
        self.iterations = iterations
        self.method = method
        self.isMIP = isMIP
        self.seconds = seconds
    }
}
