/// One stored energy price: import and export per kWh over `[start, start + intervalMinutes)`.
///
/// A market's day-ahead prices or a site's supplier tariff is a run of points (a *price series*,
/// kept by name in the engine database); `PricePoint.prices(_:start:intervalMinutes:intervals:)`
/// puts a series onto a window's intervals.
public struct PricePoint: Sendable, Equatable {
    public var start: Timestamp
    /// Length of the span the price holds for, minutes (> 0).
    public var intervalMinutes: Int
    /// Price paid per kWh drawn from the grid.
    public var importPerKwh: Double
    /// Price received per kWh fed back; never above `importPerKwh`.
    public var exportPerKwh: Double
    /// ISO 4217 code.
    public var currency: String
    /// Where it came from (a market feed, a file), for audit.
    public var source: String

    public init(start: Timestamp, intervalMinutes: Int, importPerKwh: Double, exportPerKwh: Double = 0, currency: String = "EUR", source: String) {
        self.start = start
        self.intervalMinutes = intervalMinutes
        self.importPerKwh = importPerKwh
        self.exportPerKwh = exportPerKwh
        self.currency = currency
        self.source = source
    }

    /// End of the span (exclusive).
    public var end: Timestamp { start.adding(milliseconds: Int64(intervalMinutes) * 60_000) }

    /// Why a series cannot price a window.
    public enum Gap: Error, Equatable, CustomStringConvertible {
        /// Interval `interval` (starting at `at`) is not wholly covered by the points.
        case uncovered(interval: Int, at: Timestamp)
        /// The points overlapping the window are in more than one currency.
        case mixedCurrencies([String])

        public var description: String {
            switch self {
            case .uncovered(let t, let at): "no price for interval \(t) (from \(at))"
            case .mixedCurrencies(let codes): "the prices are in more than one currency (\(codes.joined(separator: ", ")))"
            }
        }
    }

    /// The window's prices from non-overlapping `points`: each interval's price is the
    /// time-weighted mean of the points overlapping it, so hourly prices give every quarter hour
    /// of their hour the same price and quarter-hour prices average into an hour.
    ///
    /// - Returns: the prices (a constant series when every interval has the same price) and their
    ///   currency.
    /// - Throws: `Gap` when an interval is not wholly covered, or the currencies differ.
    /// - Complexity: O(intervals + points) after sorting the points.
    public static func prices(_ points: [PricePoint], start: Timestamp, intervalMinutes: Int, intervals: Int) throws(Gap) -> (
        prices: Prices, currency: String
    ) {
        let dt = Int64(intervalMinutes) * 60_000
        let windowEnd = start.adding(milliseconds: dt * Int64(intervals))
        let sorted = points.filter { $0.start < windowEnd && start < $0.end }.sorted { $0.start < $1.start }
        let currencies = Set(sorted.map(\.currency)).sorted()
        guard currencies.count <= 1 else { throw .mixedCurrencies(currencies) }
        var importPrices: [Double] = [], exportPrices: [Double] = []
        var first = 0
        for t in 0..<intervals {
            let from = start.adding(milliseconds: Int64(t) * dt).millisecondsSinceEpoch
            let to = from + dt
            while first < sorted.count, sorted[first].end.millisecondsSinceEpoch <= from { first += 1 }
            var covered: Int64 = 0, importSum = 0.0, exportSum = 0.0
            var i = first
            while i < sorted.count, sorted[i].start.millisecondsSinceEpoch < to {
                let overlap = min(to, sorted[i].end.millisecondsSinceEpoch) - max(from, sorted[i].start.millisecondsSinceEpoch)
                if overlap > 0 {
                    covered += overlap
                    importSum += Double(overlap) * sorted[i].importPerKwh
                    exportSum += Double(overlap) * sorted[i].exportPerKwh
                }
                i += 1
            }
            guard covered == dt else { throw .uncovered(interval: t, at: Timestamp(millisecondsSinceEpoch: from)) }
            importPrices.append(importSum / Double(dt))
            exportPrices.append(exportSum / Double(dt))
        }
        return (Prices(importPerKwh: compact(importPrices), exportPerKwh: compact(exportPrices)), currencies.first ?? "EUR")
    }

    /// A constant series when every value is the same, else the values.
    static func compact(_ values: [Double]) -> Series {
        guard let first = values.first, values.allSatisfy({ $0 == first }) else { return .values(values) }
        return .constant(first)
    }
}

/// Reads a window's prices given apart from a problem: the contract's `prices` object
/// (`{"importPerKwh": series, "exportPerKwh": series}`), with its rules.
public enum PricesReader {
    /// Parses and validates `bytes` for a window of `intervals` intervals.
    /// - Throws: `InvalidProblem` with every error and its JSON path.
    public static func read(_ bytes: [UInt8], intervals: Int) throws(InvalidProblem) -> Prices {
        let json = try InvalidProblem.parse(bytes)
        var f = JSONFields()
        let prices = ProblemReader.readPrices(json, at: "$", count: intervals, &f)
        guard f.issues.isEmpty, let prices else { throw InvalidProblem(issues: f.allIssues) }
        return prices
    }
}
