/// The second body of `POST /v1/dispatch` (docs/cloud-dispatch.md): a window to assemble from
/// the engine's state (registry, live sessions, utility limits, stored prices) instead of a full
/// `DispatchProblem`.
///
/// ```json
/// {"windowId": "F0@2026-06-01T10:00Z", "start": "2026-06-01T10:00:00Z", "intervals": 32,
///  "intervalMinutes": 15, "feeders": ["F0"], "prices": {"importPerKwh": 0.25}}
/// ```
public struct AssemblyRequest: Sendable, Equatable {
    /// Idempotency key, 1 to 128 characters (as the contract's `windowId`).
    public var windowId: String
    /// Start of interval 0; a whole minute.
    public var start: Timestamp
    /// Number of intervals, 1 to `DispatchProblem.maximumIntervals`.
    public var intervals: Int
    /// One of `DispatchProblem.allowedIntervalMinutes`; 15 when absent.
    public var intervalMinutes: Int
    /// Feeders to include: at least one, unique, each 1 to 255 characters.
    public var feederIds: [String]
    /// The window's prices, or `nil` to use the stored series `priceSeries`.
    public var prices: Prices?
    /// Currency of `prices` (ISO 4217); only with `prices` (stored prices carry their own).
    public var currency: String
    /// Stored price series used without `prices`; `nil` = the caller's default.
    public var priceSeries: String?

    public init(
        windowId: String, start: Timestamp, intervals: Int, intervalMinutes: Int = 15, feederIds: [String], prices: Prices? = nil,
        currency: String = "EUR", priceSeries: String? = nil
    ) {
        self.windowId = windowId
        self.start = start
        self.intervals = intervals
        self.intervalMinutes = intervalMinutes
        self.feederIds = feederIds
        self.prices = prices
        self.currency = currency
        self.priceSeries = priceSeries
    }

    /// End of the last interval.
    public var end: Timestamp { start.adding(milliseconds: Int64(intervals) * Int64(intervalMinutes) * 60_000) }

    /// Members only a full problem has.
    static let problemOnlyKeys = [
        "sites", "chargers", "sessions", "degradationCostPerKwh", "unmetEnergyPenaltyPerKwh", "limitViolationPenaltyPerKwh", "tieBreak",
    ]

    /// True when `json` is to be read as an assembly request rather than a full problem: its
    /// `feeders` is an array whose first element is a string (a problem's feeders are objects);
    /// or, when `feeders` has no first element (absent, empty, not an array), when no member only
    /// a problem has is present, so the errors speak of the body the caller meant.
    public static func matches(_ json: JSONValue) -> Bool {
        switch json["feeders"]?.arrayValue?.first {
        case .string?: return true
        case .some: return false
        case nil: return json.objectValue != nil && problemOnlyKeys.allSatisfy { json[$0] == nil }
        }
    }
}

/// Reads an `AssemblyRequest` with the contract's rules, reporting every error with its JSON path.
public enum AssemblyRequestReader {
    static let keys: Set<String> = ["windowId", "start", "intervals", "intervalMinutes", "feeders", "prices", "currency", "priceSeries"]

    /// Validates a parsed body.
    /// - Throws: `InvalidProblem` listing every issue (unknown fields included).
    public static func read(_ json: JSONValue) throws(InvalidProblem) -> AssemblyRequest {
        var f = JSONFields()
        guard let root = f.object(json, at: "$", allowed: keys) else { throw InvalidProblem(issues: f.allIssues) }
        let windowId = f.string(root, "windowId", at: "")
        if let windowId, !(1...128).contains(windowId.count) { f.fail("windowId", "must be 1 to 128 characters") }
        let start = ProblemReader.timestamp(root, "start", at: "", &f)
        if let start, !start.isWholeMinute { f.fail("start", "must be a whole minute") }
        let intervalMinutes = f.integer(root, "intervalMinutes", at: "", required: false) ?? 15
        if !DispatchProblem.allowedIntervalMinutes.contains(intervalMinutes) {
            f.fail("intervalMinutes", "must be one of 1, 5, 10, 15, 20, 30, 60")
        }
        var count = f.integer(root, "intervals", at: "", required: true)
        if let c = count, !(1...DispatchProblem.maximumIntervals).contains(c) {
            f.fail("intervals", "must be an integer from 1 to \(DispatchProblem.maximumIntervals)")
            count = nil
        }
        var feederIds: [String] = []
        if let list = f.array(root, "feeders", at: "", required: true) {
            if list.isEmpty { f.fail("feeders", "at least one feeder id is required") }
            var seen: Set<String> = []
            for (i, value) in list.enumerated() {
                let path = JSONFields.join("feeders", i)
                guard case .string(let id) = value else {
                    f.fail(path, "expected a feeder id (a string), got \(value.typeName)")
                    continue
                }
                if !(1...255).contains(id.count) {
                    f.fail(path, "must be 1 to 255 characters")
                } else if !seen.insert(id).inserted {
                    f.fail(path, "duplicate feeder id \(Displayed.quoted(id))")
                } else {
                    feederIds.append(id)
                }
            }
        }
        var prices: Prices?
        if let p = f.member(root, "prices", at: "", required: false) {
            prices = ProblemReader.readPrices(p, at: "prices", count: count, &f)
        }
        let currency = f.string(root, "currency", at: "", required: false)
        if let currency {
            if !ProblemReader.isCurrencyCode(currency) {
                f.fail("currency", "must be an ISO 4217 currency code, got \(Displayed.quoted(currency))")
            } else if f.member(root, "prices", at: "", required: false) == nil {
                f.fail("currency", "only with prices: stored prices carry their own currency")
            }
        }
        let series = f.string(root, "priceSeries", at: "", required: false)
        if let series {
            if !(1...255).contains(series.count) {
                f.fail("priceSeries", "must be 1 to 255 characters")
            } else if f.member(root, "prices", at: "", required: false) != nil {
                f.fail("priceSeries", "give prices or priceSeries, not both")
            }
        }
        guard f.issues.isEmpty, let windowId, let start, let count else { throw InvalidProblem(issues: f.allIssues) }
        return AssemblyRequest(
            windowId: windowId, start: start, intervals: count, intervalMinutes: intervalMinutes, feederIds: feederIds, prices: prices,
            currency: currency ?? "EUR", priceSeries: series)
    }
}
