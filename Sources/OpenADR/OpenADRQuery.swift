public import ChargeShareDomain

/// The search parameters of `GET /programs` and `GET /events` (OpenADR 3.0.1): `programID`
/// (events only), `targetType`, `targetValues`, `skip` and `limit`.
///
/// Matching: with `targetType`, an object matches when one of its targets has that type and (when
/// `targetValues` are given) one of those values; with `targetValues` only, when one of its
/// targets of any type has one of them. Results come in creation order.
public struct OpenADRQuery: Sendable, Equatable {
    public var programID: String?
    public var targetType: String?
    /// Any of these (the query parameter repeated: `targetValues=a&targetValues=b`).
    public var targetValues: [String]
    /// Records to skip, ≥ 0.
    public var skip: Int
    /// Most records to return, 0 to `maximumLimit`.
    public var limit: Int

    /// The specification's largest `limit` (and the default when none is given).
    public static let maximumLimit = 50

    public init(programID: String? = nil, targetType: String? = nil, targetValues: [String] = [], skip: Int = 0, limit: Int = maximumLimit) {
        self.programID = programID
        self.targetType = targetType
        self.targetValues = targetValues
        self.skip = skip
        self.limit = limit
    }

    /// Reads the query parameters of a request, in order; `events` allows `programID`. Every
    /// problem is an issue whose path is the parameter's name (`limit: must be 0 to 50, got 80`).
    public static func read(_ items: [(name: String, value: String)], events: Bool) throws(InvalidProblem) -> OpenADRQuery {
        var query = OpenADRQuery()
        var issues: [ValidationIssue] = []
        var seen: Set<String> = []
        for (name, value) in items {
            if name != "targetValues", seen.contains(name) {
                issues.append(ValidationIssue(path: Displayed.path("", member: name), message: "given more than once"))
                continue
            }
            seen.insert(name)
            switch name {
            case "programID" where events:
                if OpenADRFields.isObjectID(value) {
                    query.programID = value
                } else {
                    issues.append(
                        ValidationIssue(path: name, message: "must be an objectID (letters, digits, _ and -), got \(Displayed.quoted(value))"))
                }
            case "targetType": query.targetType = value
            case "targetValues": query.targetValues.append(value)
            case "skip", "limit":
                let range = name == "skip" ? 0...Int(Int32.max) : 0...maximumLimit
                guard let n = Int(value), range.contains(n) else {
                    issues.append(
                        ValidationIssue(
                            path: name, message: "must be an integer \(range.lowerBound) to \(range.upperBound), got \(Displayed.quoted(value))"))
                    continue
                }
                if name == "skip" { query.skip = n } else { query.limit = n }
            default:
                issues.append(ValidationIssue(path: Displayed.path("", member: name), message: "unknown query parameter"))
            }
        }
        guard issues.isEmpty else { throw InvalidProblem(issues: issues) }
        return query
    }
}
