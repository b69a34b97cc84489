public import ChargeShareDomain

/// Which chargers failed and when: a simulator's `labels.json` (`{"chargers": [{"chargerId",
/// "failedAt": RFC 3339 or null}, …]}`; other members are ignored).
public struct FailureLabels: Sendable, Equatable {
    /// Failure time per charger id; chargers that did not fail are absent.
    public var failures: [String: Timestamp]
    /// Every charger the file names.
    public var chargerIds: [String]
    /// The run's first day (UTC midnight) and length, when the file gives them (`start`, `days`).
    public var start: Timestamp?
    public var days: Int?

    public init(failures: [String: Timestamp], chargerIds: [String], start: Timestamp? = nil, days: Int? = nil) {
        self.failures = failures
        self.chargerIds = chargerIds
        self.start = start
        self.days = days
    }

    /// The most charger-days a labelled run may span (what training holds in memory grows with it).
    public static let maximumChargerDays = 2_000_000

    /// Reads a labels file.
    /// - Throws: `InvalidProblem` naming each bad entry by its JSON path.
    public static func read(_ bytes: [UInt8]) throws(InvalidProblem) -> FailureLabels {
        let json = try InvalidProblem.parse(bytes)
        guard let list = json["chargers"]?.arrayValue else {
            throw InvalidProblem(issues: [ValidationIssue(path: "chargers", message: "is required (an array)")])
        }
        var issues = IssueList()
        var failures: [String: Timestamp] = [:]
        var ids: [String] = []
        var seen = Set<String>()
        for (i, entry) in list.enumerated() {
            guard let id = entry["chargerId"]?.stringValue, !id.isEmpty else {
                issues.append("chargers[\(i)].chargerId", "is required (a non-empty string)")
                continue
            }
            if !seen.insert(id).inserted { issues.append("chargers[\(i)].chargerId", "\(Displayed.quoted(id)) is listed twice") }
            ids.append(id)
            switch entry["failedAt"] ?? .null {
            case .null: break
            case .string(let text):
                if let t = Timestamp(rfc3339: text) { failures[id] = t } else { issues.append("chargers[\(i)].failedAt", "is not an RFC 3339 time") }
            default: issues.append("chargers[\(i)].failedAt", "must be an RFC 3339 time or null")
            }
        }
        var start: Timestamp?
        if let text = json["start"]?.stringValue {
            start = Timestamp(rfc3339: text)
            if start == nil || start?.utcMidnight != start { issues.append("start", "must be an RFC 3339 UTC midnight") }
        }
        var days: Int?
        if let value = json["days"] {
            if case .integer(let n) = value, (1...3660).contains(n) { days = n } else { issues.append("days", "must be an integer 1 to 3660") }
        }
        if let days, ids.count * days > Self.maximumChargerDays {
            issues.append("days", "\(ids.count) chargers × \(days) days is more than the \(Self.maximumChargerDays) charger-days a run may hold")
        }
        guard issues.all.isEmpty else { throw InvalidProblem(issues: issues.all) }
        return FailureLabels(failures: failures, chargerIds: ids, start: start, days: days)
    }
}
