import ChargeShareDomain

/// The utility limits a full-problem body must honour (docs/cloud-dispatch.md, "Limits").
enum UtilityLimitMerge {
    /// `problem` with each feeder's import and export limit lowered, interval by interval, to the
    /// utility limits that touch the interval: the limit used is min(body's, utilities'), through
    /// `GridLimit.importLimits` and `GridLimit.exportLimits` (which resolve overlapping limits).
    /// Feeders without a utility limit keep the body's series unchanged.
    /// - Complexity: O(feeders × intervals × limits).
    static func apply(_ limits: [GridLimit], to problem: DispatchProblem) -> DispatchProblem {
        guard !limits.isEmpty else { return problem }
        var merged = problem
        merged.feeders = problem.feeders.map { f in
            var feeder = f
            feeder.importLimitKw = GridLimit.importLimits(
                feederId: f.id, base: f.importLimitKw, limits: limits, start: problem.start, intervalMinutes: problem.intervalMinutes,
                intervals: problem.intervals)
            feeder.exportLimitKw = GridLimit.exportLimits(
                feederId: f.id, base: f.exportLimitKw, limits: limits, start: problem.start, intervalMinutes: problem.intervalMinutes,
                intervals: problem.intervals)
            return feeder
        }
        return merged
    }
}
