import LinearProgramming

/// A wall-clock budget shared by the solves of one subproblem.
struct Deadline {
    private let clock = ContinuousClock()
    private let end: ContinuousClock.Instant?

    /// A budget of `seconds` from `start`; `nil` or non-finite = none.
    init(seconds: Double?, from start: ContinuousClock.Instant) {
        guard let seconds, seconds.isFinite else {
            end = nil
            return
        }
        end = start.advanced(by: .milliseconds(Int64(max(0, min(seconds, 1e9)) * 1000)))
    }

    /// Seconds left, `nil` without a budget; throws `LPError.timeLimit` once it has run out.
    func remaining() throws(LPError) -> Double? {
        guard let end else { return nil }
        let left = clock.now.duration(to: end)
        guard left > .zero else { throw .timeLimit }
        return left.seconds
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
