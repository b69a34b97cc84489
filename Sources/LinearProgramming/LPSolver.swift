/// Something that solves a `LinearProgram`: the seam between the dispatch model and the solver
/// algorithm. `GLPKSolver` is the engine's backend; tests may give the dispatcher a double, and a
/// structure-aware algorithm (issue 15) can plug in here.
public protocol LPSolver: Sendable {
    /// The solver's name and version as reported in a dispatch result, e.g. ("GLPK", "5.0").
    var identity: (name: String, version: String) { get }

    /// Solves `lp` to optimality (or, for integer columns, to `options.mipGap`), or throws why it
    /// could not. Must not crash on any model that passes `LinearProgram.validate()`.
    func solve(_ lp: LinearProgram, options: SolverOptions) throws(LPError) -> LPSolution
}

extension GLPKSolver: LPSolver {
    public var identity: (name: String, version: String) { ("GLPK", Self.version) }
}
