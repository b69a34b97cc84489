public import ChargeShareDomain

/// An hourly price series keyed by the UTC hour it starts, price per kWh.
///
/// Lookups inside a missing hour (a gap in the source) carry the last earlier price forward;
/// `gaps` lists every missing hour so reports can say so.
public struct HourlyPrices: Sendable, Equatable {
    /// Start of the first hour.
    public let first: Timestamp
    /// Price per kWh for each consecutive hour from `first`; gaps already filled forward.
    public let perKwh: [Double]
    /// Hours (UTC starts) that were missing from the source and were filled forward.
    public let gaps: [Timestamp]
    /// Currency of the prices.
    public let currency: String

    public init(first: Timestamp, perKwh: [Double], gaps: [Timestamp], currency: String) {
        self.first = first
        self.perKwh = perKwh
        self.gaps = gaps
        self.currency = currency
    }

    /// Builds a gap-free series from sparse hourly points (starts on whole UTC hours, sorted, unique).
    public init(points: [(hour: Timestamp, perKwh: Double)], currency: String) {
        precondition(!points.isEmpty, "HourlyPrices needs at least one point")
        let hour: Int64 = 3_600_000
        let first = points[0].hour
        let count = Int((points[points.count - 1].hour.millisecondsSinceEpoch - first.millisecondsSinceEpoch) / hour) + 1
        var values = [Double](repeating: .nan, count: count)
        for p in points { values[Int((p.hour.millisecondsSinceEpoch - first.millisecondsSinceEpoch) / hour)] = p.perKwh }
        var gaps: [Timestamp] = []
        for i in values.indices where values[i].isNaN {
            values[i] = values[i - 1]
            gaps.append(first.adding(milliseconds: Int64(i) * hour))
        }
        self.init(first: first, perKwh: values, gaps: gaps, currency: currency)
    }

    /// End of the last hour.
    public var end: Timestamp { first.adding(milliseconds: Int64(perKwh.count) * 3_600_000) }

    /// Whether `time` lies inside the series.
    public func covers(_ time: Timestamp) -> Bool { time >= first && time < end }

    /// The price of the hour holding `time`, or `nil` outside the series.
    public func price(at time: Timestamp) -> Double? {
        guard covers(time) else { return nil }
        return perKwh[Int((time.millisecondsSinceEpoch - first.millisecondsSinceEpoch) / 3_600_000)]
    }
}
