public import ChargeShareDomain
public import LinearProgramming

/// Why a dispatch could not be produced.
public enum DispatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request broke the contract; every issue has its JSON path.
    case invalidProblem(InvalidProblem)
    /// The solver failed on the subproblem of `feederId`. The model is always feasible and
    /// bounded by construction, so this points at a solver limit (time, iterations, numerics).
    case solverFailed(feederId: String, LPError)
    /// The subproblem of `feederId` was not solved within `DispatchOptions.timeLimitSeconds`.
    case timeLimit(feederId: String, seconds: Double)
    /// The window would need more LP columns than `Dispatcher.maximumColumns`.
    case problemTooLarge(columns: Int, limit: Int)
    /// Writing an MPS file failed.
    case exportFailed(String)

    public var description: String {
        switch self {
        case .invalidProblem(let invalid): return invalid.description
        case .solverFailed(let feeder, let error): return "feeder \(Displayed.quoted(feeder)): \(error)"
        case .timeLimit(let feeder, let seconds):
            return "feeder \(Displayed.quoted(feeder)): not solved within the time limit of \(seconds) s (raise it with --time-limit)"
        case .problemTooLarge(let columns, let limit):
            return
                "the window needs up to \(columns) LP columns, more than the limit of \(limit): use longer intervals, a shorter window or fewer sessions per request"
        case .exportFailed(let why): return why
        }
    }
}
