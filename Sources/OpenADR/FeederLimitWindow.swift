public import ChargeShareDomain

/// The window of `GET /v1/feeders/{id}/limits?start=&end=&intervalMinutes=`, and the response
/// body for a feeder's effective limits over it (`GridLimit.effective`, what dispatch uses).
public struct FeederLimitWindow: Sendable, Equatable {
    public var start: Timestamp
    public var intervalMinutes: Int
    public var intervals: Int

    /// Most intervals one request may ask for (a year of quarter-hours is 35,040).
    public static let maximumIntervals = 50_000

    public init(start: Timestamp, intervalMinutes: Int, intervals: Int) {
        self.start = start
        self.intervalMinutes = intervalMinutes
        self.intervals = intervals
    }

    /// End of the last interval.
    public var end: Timestamp { start.adding(milliseconds: Int64(intervals) * Int64(intervalMinutes) * 60_000) }

    /// Reads `start` and `end` (RFC 3339, required) and `intervalMinutes` (1 to 1440, default 15):
    /// `end` after `start` by a whole number of intervals, at most `maximumIntervals`. Each problem
    /// names its parameter.
    public static func read(_ items: [(name: String, value: String)]) throws(InvalidProblem) -> FeederLimitWindow {
        var issues: [ValidationIssue] = []
        var values: [String: String] = [:]
        for (name, value) in items {
            guard ["start", "end", "intervalMinutes"].contains(name) else {
                issues.append(ValidationIssue(path: Displayed.path("", member: name), message: "unknown query parameter"))
                continue
            }
            if values[name] != nil { issues.append(ValidationIssue(path: name, message: "given more than once")) }
            values[name] = value
        }
        func time(_ name: String) -> Timestamp? {
            guard let text = values[name] else {
                issues.append(ValidationIssue(path: name, message: "is required (RFC 3339, e.g. 2026-06-01T17:00:00Z)"))
                return nil
            }
            guard let t = Timestamp(rfc3339: text) else {
                issues.append(ValidationIssue(path: name, message: "expected an RFC 3339 date-time, got \(Displayed.quoted(text))"))
                return nil
            }
            return t
        }
        let start = time("start"), end = time("end")
        var minutes: Int? = 15
        if let text = values["intervalMinutes"] {
            minutes = Int(text).flatMap { (1...1440).contains($0) ? $0 : nil }
            if minutes == nil {
                issues.append(ValidationIssue(path: "intervalMinutes", message: "must be an integer 1 to 1440, got \(Displayed.quoted(text))"))
            }
        }
        if issues.isEmpty, let start, let end, let minutes {
            let span = end.millisecondsSinceEpoch - start.millisecondsSinceEpoch, step = Int64(minutes) * 60_000
            if span <= 0 {
                issues.append(ValidationIssue(path: "end", message: "must be after start"))
            } else if span % step != 0 {
                issues.append(ValidationIssue(path: "end", message: "must be start plus a whole number of \(minutes)-minute intervals"))
            } else if span / step > Int64(maximumIntervals) {
                issues.append(ValidationIssue(path: "end", message: "at most \(maximumIntervals) intervals, got \(span / step)"))
            } else {
                return FeederLimitWindow(start: start, intervalMinutes: minutes, intervals: Int(span / step))
            }
        }
        throw InvalidProblem(issues: issues)
    }

    /// The response body: `{"feederId", "start", "end", "intervalMinutes", "intervals": [{"start",
    /// "end", "importLimitKw", "exportLimitKw"}]}` for `feeder` as `GridLimit.effective` returned
    /// it; an import limit of `null` means none (no registry limit and no utility limit).
    public func json(_ feeder: Feeder) -> JSONValue {
        let step = Int64(intervalMinutes) * 60_000
        let rows: [JSONValue] = (0..<intervals).map { t in
            let from = start.adding(milliseconds: Int64(t) * step)
            let importKw = feeder.importLimitKw.map { $0[t] }.flatMap { $0 >= GridLimit.uncappedKw ? nil : $0 }
            return .object([
                ("start", .string(from.description)), ("end", .string(from.adding(milliseconds: step).description)),
                ("importLimitKw", importKw.map(JSONValue.number) ?? .null), ("exportLimitKw", .number(feeder.exportLimitKw[t])),
            ])
        }
        return .object([
            ("feederId", .string(feeder.id)), ("start", .string(start.description)), ("end", .string(end.description)),
            ("intervalMinutes", .integer(intervalMinutes)), ("intervals", .array(rows)),
        ])
    }
}
