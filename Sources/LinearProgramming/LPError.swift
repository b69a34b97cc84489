/// Why a linear program could not be solved. Every GLPK return code and non-optimal status maps
/// to one case (see the GLPK reference manual, `glp_simplex`, `glp_interior`, `glp_intopt`).
public enum LPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model would be rejected by (or crash) the solver; the text names the offender.
    case invalidModel(String)
    /// No feasible solution exists (status `GLP_NOFEAS`, or `GLP_ENOPFS` from the presolver).
    case infeasible
    /// The objective is unbounded (status `GLP_UNBND`).
    case unbounded
    /// Neither a primal nor a dual feasible solution exists (`GLP_ENOFEAS`).
    case infeasibleAndDualInfeasible
    /// The solver stopped with a status that is not optimal (`GLP_UNDEF`, `GLP_FEAS`, `GLP_INFEAS`).
    case notOptimal(status: String)
    /// `GLP_EBADB`: the initial basis is invalid.
    case invalidBasis
    /// `GLP_ESING`: the basis matrix is singular.
    case singularMatrix
    /// `GLP_ECOND`: the basis matrix is ill-conditioned.
    case illConditioned
    /// `GLP_EBOUND`: a double-bounded variable has incorrect bounds.
    case invalidBounds
    /// `GLP_EFAIL`: the solver failed.
    case solverFailed
    /// `GLP_EOBJLL`: the objective fell below its lower limit.
    case objectiveLowerLimitReached
    /// `GLP_EOBJUL`: the objective rose above its upper limit.
    case objectiveUpperLimitReached
    /// `GLP_EITLIM`: the iteration limit was reached.
    case iterationLimit
    /// `GLP_ETMLIM`: the time limit was reached.
    case timeLimit
    /// `GLP_ENODFS`: no dual feasible solution (the LP has no finite optimum).
    case noDualFeasibleSolution
    /// `GLP_EROOT`: the MIP's root LP optimum was not provided.
    case rootRelaxationNotOptimal
    /// `GLP_ESTOP`: the search was stopped by the application.
    case stopped
    /// `GLP_EMIPGAP`: the relative MIP gap tolerance was reached before proving optimality.
    case mipGapReached
    /// `GLP_ENOCVG`: the interior-point method did not converge.
    case noConvergence
    /// `GLP_EINSTAB`: numerical instability.
    case numericalInstability
    /// `GLP_EDATA`: invalid data.
    case invalidData
    /// `GLP_ERANGE`: a result is out of range.
    case resultOutOfRange
    /// A return code this wrapper does not know.
    case unknownReturnCode(Int)
    /// Reading or writing a file failed.
    case ioFailure(String)

    /// True for `.notOptimal`.
    public var isNotOptimal: Bool {
        if case .notOptimal = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .invalidModel(let why): return "invalid model: \(why)"
        case .infeasible: return "the problem has no feasible solution"
        case .unbounded: return "the objective is unbounded"
        case .infeasibleAndDualInfeasible: return "the problem has neither a primal nor a dual feasible solution"
        case .notOptimal(let status): return "the solver stopped without an optimum (status \(status))"
        case .invalidBasis: return "invalid initial basis"
        case .singularMatrix: return "singular basis matrix"
        case .illConditioned: return "ill-conditioned basis matrix"
        case .invalidBounds: return "incorrect bounds on a double-bounded variable"
        case .solverFailed: return "the solver failed"
        case .objectiveLowerLimitReached: return "objective lower limit reached"
        case .objectiveUpperLimitReached: return "objective upper limit reached"
        case .iterationLimit: return "iteration limit reached"
        case .timeLimit: return "time limit reached"
        case .noDualFeasibleSolution: return "no dual feasible solution"
        case .rootRelaxationNotOptimal: return "root LP relaxation not optimal"
        case .stopped: return "search stopped by the application"
        case .mipGapReached: return "MIP gap tolerance reached before optimality was proven"
        case .noConvergence: return "the interior-point method did not converge"
        case .numericalInstability: return "numerical instability"
        case .invalidData: return "invalid data"
        case .resultOutOfRange: return "result out of range"
        case .unknownReturnCode(let code): return "unknown solver return code \(code)"
        case .ioFailure(let why): return "I/O failure: \(why)"
        }
    }
}
