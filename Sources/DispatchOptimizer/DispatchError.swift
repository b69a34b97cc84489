public import ChargeShareDomain
public import LinearProgramming

/// Why a dispatch could not be produced.
public enum DispatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request broke the contract; every issue has its JSON path.
    case invalidProblem(InvalidProblem)
    /// The solver failed on the subproblem of `feederId`. The model is always feasible and
    /// bounded by construction, so this points at a solver limit (time, iterations, numerics).
    case solverFailed(feederId: String, LPError)
    /// Writing an MPS file failed.
    case exportFailed(String)

    public var description: String {
        switch self {
        case .invalidProblem(let invalid): return invalid.description
        case .solverFailed(let feeder, let error): return "feeder \"\(feeder)\": \(error)"
        case .exportFailed(let why): return why
        }
    }
}
