extension DispatchProblem {
    /// The run A_s = [a_s, b_s) of intervals that lie wholly inside `[arrival, departure)`.
    ///
    /// Interval t covers `[start + tΔ, start + (t+1)Δ)`. The range is empty when no interval fits.
    /// - Complexity: O(1).
    public func usableIntervals(arrival: Timestamp, departure: Timestamp) -> Range<Int> {
        let delta = intervalMilliseconds
        let fromStart = arrival.millisecondsSinceEpoch - start.millisecondsSinceEpoch
        let first = max(0, min(intervals, Int(ceilDiv(fromStart, delta))))
        let untilEnd = departure.millisecondsSinceEpoch - start.millisecondsSinceEpoch
        let last = max(0, min(intervals, Int(floorDiv(untilEnd, delta))))
        return first..<max(first, last)
    }

    /// The usable intervals of `session`.
    public func usableIntervals(of session: Session) -> Range<Int> {
        usableIntervals(arrival: session.arrival, departure: session.departure)
    }

    /// Hours from the window end to `departure`; 0 when it departs within the window.
    public func hoursAfterWindow(until departure: Timestamp) -> Double {
        let ms = departure.millisecondsSinceEpoch - end.millisecondsSinceEpoch
        return ms > 0 ? Double(ms) / 3_600_000 : 0
    }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inline(__always)
func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { -floorDiv(-a, b) }
