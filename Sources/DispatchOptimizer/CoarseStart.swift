import ChargeShareDomain
import LinearProgramming

/// A start for a large feeder's window that no earlier window covers, from the same window solved
/// on longer intervals (docs/dispatch-model.md, "Coarse start").
///
/// The window with a quarter (or half) as many intervals has a quarter as many charge columns
/// and its own coarse start, so 15 minutes start from 30, and 30 from an hour: the hourly LP is
/// solved cold, each finer one from the plan of the coarser. Each plan's energy per session and
/// interval fills the finer intervals inside it earliest first at full power (`WarmStart`). A
/// coarse plan is only a start: the simplex method still proves the optimum of the window as
/// given, so the value never depends on it.
struct CoarseStart {
    /// The coarser solve's plan, by session id.
    let warmStart: WarmStart
    /// Simplex iterations the coarser solves took, all levels together.
    let iterations: Int

    /// Share of each subproblem's time budget the coarser solves may use (all levels together,
    /// each level a third of the one above): what they leave is the window's own.
    static let budgetShare = 1.0 / 3

    /// Solves the coarser window of the feeder groups of `groups` with at least `minimum`
    /// sessions (one or more), with `solver`, or returns `nil` when none is that large, the
    /// intervals cannot be merged (`coarserFactor`), or the coarser solve fails or runs out of
    /// its share of the budget (the greedy start is used then; one failing group drops the
    /// coarse start of all). Sessions that cover no whole coarser interval get no plan, so they
    /// start greedily.
    static func solve(
        _ problem: DispatchProblem, index: ProblemIndex, groups: [[Int]], minimum: Int, options: DispatchOptions, solver: any LPSolver
    ) -> CoarseStart? {
        let minimum = max(1, minimum)
        let large = groups.filter { group in
            group.reduce(0) { $0 + index.sitesOfFeeder[$1].reduce(0) { $0 + index.sessionsOfSite[$1].count } } >= minimum
        }
        guard !large.isEmpty, let factor = problem.coarserFactor else { return nil }
        var options = options
        options.mpsDirectory = nil
        options.lpRelaxationOnly = true
        options.timeLimitSeconds = options.timeLimitSeconds.map { $0 * budgetShare }
        let coarse = problem.restricted(toFeeders: Set(large.joined())).coarsened(by: factor)
        guard var result = try? Dispatcher(options: options, solver: solver).dispatch(coarse) else { return nil }
        let covering = Set(coarse.sessions.filter { !coarse.usableIntervals(of: $0).isEmpty }.map(\.id))
        result.sessions.removeAll { !covering.contains($0.id) }
        return CoarseStart(warmStart: WarmStart(previous: result), iterations: result.solver.iterations + result.solver.coarseIterations)
    }
}
