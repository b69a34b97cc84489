/// A load limit a utility set on a feeder for a time span (an OpenADR 3 `IMPORT_CAPACITY_LIMIT`
/// or `EXPORT_CAPACITY_LIMIT` interval, or a co-op's manual cap). The service stores them;
/// dispatch and the service's `GET /v1/feeders/{id}/limits` apply them through the one function
/// `GridLimit.effective` (docs/openadr.md).
public struct GridLimit: Sendable, Equatable {
    /// Feeder the limit applies to.
    public var feederId: String
    /// Start of the span (inclusive).
    public var start: Timestamp
    /// End of the span (exclusive).
    public var end: Timestamp
    /// Most net import, kW, or `nil` when the limit caps only export.
    public var importLimitKw: Double?
    /// Most net export, kW, or `nil` when the limit caps only import.
    public var exportLimitKw: Double?
    /// OpenADR `priority`: a lower number is a higher priority; `nil` (an event without one) has
    /// the lowest precedence, below every number.
    public var priority: Int?
    /// Where it came from (an OpenADR event id, an operator's note), for audit.
    public var source: String

    public init(
        feederId: String, start: Timestamp, end: Timestamp, importLimitKw: Double?, exportLimitKw: Double? = nil, priority: Int? = nil,
        source: String
    ) {
        self.feederId = feederId
        self.start = start
        self.end = end
        self.importLimitKw = importLimitKw
        self.exportLimitKw = exportLimitKw
        self.priority = priority
        self.source = source
    }

    /// The import limit written for an interval of a feeder with no limit of its own when a
    /// utility limit caps other intervals: the contract's largest quantity, which never binds.
    public static let uncappedKw = 1e6

    /// True when the span overlaps [`from`, `to`).
    public func overlaps(from: Timestamp, to: Timestamp) -> Bool { start < to && from < end }

    /// True when `self` takes precedence over `other` by priority alone: a lower number wins, and
    /// any number wins over none.
    public func outranks(_ other: GridLimit) -> Bool {
        switch (priority, other.priority) {
        case (let a?, let b?): return a < b
        case (.some, nil): return true
        default: return false
        }
    }

    /// The feeder with its limits as dispatch applies them over a window: `importLimits` and
    /// `exportLimits` of the feeder's own series. The one function behind both problem assembly
    /// (`ProblemAssembly.problem`) and the service's effective-limit series, so what the service
    /// shows is what dispatch uses.
    /// - Complexity: O(intervals × limits).
    public static func effective(feeder: Feeder, limits: [GridLimit], start: Timestamp, intervalMinutes: Int, intervals: Int) -> Feeder {
        var result = feeder
        result.importLimitKw = importLimits(
            feederId: feeder.id, base: feeder.importLimitKw, limits: limits, start: start, intervalMinutes: intervalMinutes, intervals: intervals)
        result.exportLimitKw = exportLimits(
            feederId: feeder.id, base: feeder.exportLimitKw, limits: limits, start: start, intervalMinutes: intervalMinutes, intervals: intervals)
        return result
    }

    /// The import limit of each interval of a window.
    ///
    /// Per interval, among this feeder's import limits whose span overlaps any part of it (so a
    /// limit that starts mid-interval already holds for the whole interval): the highest priority
    /// wins (the lowest number; a limit without priority only when no other has one); among those
    /// of equal priority, the lowest value. The result is then capped by the feeder's own limit:
    /// `min(base, winner)`. So a higher-priority event may loosen a lower-priority one, but no
    /// event lifts the feeder above its registry limit.
    ///
    /// - Parameters:
    ///   - base: the feeder's limit without utility limits, or `nil` for none.
    ///   - limits: limits of any feeders; those of other feeders are ignored.
    /// - Returns: `base` unchanged when no limit changes it, else one value per interval; an
    ///   interval no limit touches keeps `base`, or `uncappedKw` when the feeder has none.
    /// - Complexity: O(intervals × limits).
    public static func importLimits(
        feederId: String, base: Series?, limits: [GridLimit], start: Timestamp, intervalMinutes: Int, intervals: Int
    ) -> Series? {
        let relevant = limits.filter { $0.feederId == feederId && $0.importLimitKw != nil }
        guard !relevant.isEmpty else { return base }
        let winners = resolve(relevant, value: \.importLimitKw, start: start, intervalMinutes: intervalMinutes, intervals: intervals)
        guard winners.contains(where: { $0 != nil }) else { return base }
        let values = (0..<intervals).map { t in
            switch (base.map { $0[t] }, winners[t]) {
            case (let b?, let w?): return min(b, w)
            case (let b?, nil): return b
            case (nil, let w?): return w
            case (nil, nil): return uncappedKw
            }
        }
        if let base, values == base.expanded(count: intervals) { return base }
        return .values(values)
    }

    /// The export limit of each interval of a window, by the rule of `importLimits` (highest
    /// priority, then lowest value, then capped by the feeder's own export limit).
    ///
    /// - Returns: `base` unchanged when no limit changes it, else one value per interval.
    /// - Complexity: O(intervals × limits).
    public static func exportLimits(
        feederId: String, base: Series, limits: [GridLimit], start: Timestamp, intervalMinutes: Int, intervals: Int
    ) -> Series {
        let relevant = limits.filter { $0.feederId == feederId && $0.exportLimitKw != nil }
        guard !relevant.isEmpty else { return base }
        let winners = resolve(relevant, value: \.exportLimitKw, start: start, intervalMinutes: intervalMinutes, intervals: intervals)
        guard winners.contains(where: { $0 != nil }) else { return base }
        let values = (0..<intervals).map { t in winners[t].map { min(base[t], $0) } ?? base[t] }
        return values == base.expanded(count: intervals) ? base : .values(values)
    }

    /// Per interval, the value of the winning limit among those overlapping it (highest priority,
    /// then lowest value), or `nil` when none overlaps. `limits` all carry a `value`.
    static func resolve(
        _ limits: [GridLimit], value: KeyPath<GridLimit, Double?>, start: Timestamp, intervalMinutes: Int, intervals: Int
    ) -> [Double?] {
        let dt = Int64(intervalMinutes) * 60_000
        return (0..<max(0, intervals)).map { t in
            let from = start.adding(milliseconds: Int64(t) * dt), to = start.adding(milliseconds: Int64(t + 1) * dt)
            var winner: GridLimit?
            for limit in limits where limit.overlaps(from: from, to: to) {
                guard let best = winner else {
                    winner = limit
                    continue
                }
                if limit.outranks(best) || (!best.outranks(limit) && (limit[keyPath: value] ?? .infinity) < (best[keyPath: value] ?? .infinity)) {
                    winner = limit
                }
            }
            return winner?[keyPath: value]
        }
    }
}
