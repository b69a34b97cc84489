/// A load limit a utility set on a feeder for a time span (an OpenADR 3 `IMPORT_CAPACITY_LIMIT`
/// or `EXPORT_CAPACITY_LIMIT` interval, or a co-op's manual cap). The service issue stores them;
/// dispatch applies them through `GridLimit.importLimits`.
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
    /// Where it came from (an OpenADR event id, an operator's note), for audit.
    public var source: String

    public init(feederId: String, start: Timestamp, end: Timestamp, importLimitKw: Double?, exportLimitKw: Double? = nil, source: String) {
        self.feederId = feederId
        self.start = start
        self.end = end
        self.importLimitKw = importLimitKw
        self.exportLimitKw = exportLimitKw
        self.source = source
    }

    /// The import limit written for an interval of a feeder with no limit of its own when a
    /// utility limit caps other intervals: the contract's largest quantity, which never binds.
    public static let uncappedKw = 1e6

    /// True when the span overlaps [`from`, `to`).
    public func overlaps(from: Timestamp, to: Timestamp) -> Bool { start < to && from < end }

    /// The import limit of each interval of a window: the feeder's own limit, lowered by every
    /// utility limit whose span overlaps any part of the interval (the strictest applies, so a
    /// limit that starts mid-interval already holds for the whole interval).
    ///
    /// - Parameters:
    ///   - base: the feeder's limit without utility limits, or `nil` for none.
    ///   - limits: limits of any feeders; those of other feeders are ignored.
    /// - Returns: `base` unchanged when no limit applies, else one value per interval; an
    ///   interval no limit touches keeps `base`, or `uncappedKw` when the feeder has none.
    /// - Complexity: O(intervals × limits).
    public static func importLimits(
        feederId: String, base: Series?, limits: [GridLimit], start: Timestamp, intervalMinutes: Int, intervals: Int
    ) -> Series? {
        let relevant = limits.filter { $0.feederId == feederId && $0.importLimitKw != nil }
        let dt = Int64(intervalMinutes) * 60_000
        var values: [Double?] = (0..<intervals).map { t in base.map { $0[t] } }
        var changed = false
        for t in 0..<intervals {
            let from = start.adding(milliseconds: Int64(t) * dt), to = start.adding(milliseconds: Int64(t + 1) * dt)
            for limit in relevant where limit.overlaps(from: from, to: to) {
                guard let cap = limit.importLimitKw else { continue }
                if values[t].map({ cap < $0 }) ?? true {
                    values[t] = cap
                    changed = true
                }
            }
        }
        guard changed else { return base }
        return .values(values.map { $0 ?? uncappedKw })
    }

    /// The export limit of each interval of a window: the feeder's own export limit, lowered by
    /// every utility limit with an export cap whose span overlaps any part of the interval (the
    /// strictest applies), like `importLimits`.
    ///
    /// - Returns: `base` unchanged when no limit applies, else one value per interval.
    /// - Complexity: O(intervals × limits).
    public static func exportLimits(
        feederId: String, base: Series, limits: [GridLimit], start: Timestamp, intervalMinutes: Int, intervals: Int
    ) -> Series {
        let relevant = limits.filter { $0.feederId == feederId && $0.exportLimitKw != nil }
        guard !relevant.isEmpty else { return base }
        let dt = Int64(intervalMinutes) * 60_000
        var values = (0..<intervals).map { base[$0] }
        var changed = false
        for t in 0..<intervals {
            let from = start.adding(milliseconds: Int64(t) * dt), to = start.adding(milliseconds: Int64(t + 1) * dt)
            for limit in relevant where limit.overlaps(from: from, to: to) {
                guard let cap = limit.exportLimitKw, cap < values[t] else { continue }
                values[t] = cap
                changed = true
            }
        }
        return changed ? .values(values) : base
    }
}
