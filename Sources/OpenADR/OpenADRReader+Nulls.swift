public import ChargeShareDomain

extension OpenADRReader {
    /// Removes the `null`s that stand for "absent" where the 3.0.1 schema has no `nullable`:
    /// `intervalPeriod` (of a program, an event and each interval), its `randomizeStart`, and a
    /// program's `timeZoneOffset`. The document's own text reads them so ("a randomizeStart of
    /// default null indicates no randomization"), and the PyPI `openadr3-client` sends every
    /// unset member as `null`; refusing them would refuse that client's ordinary bodies
    /// (scripts/service-interop.sh). Every other `null` still follows the schema, and what is
    /// stored and returned has these members left out, so it validates against the schema.
    public static func droppingAbsentNulls(_ json: JSONValue) -> JSONValue {
        guard case .object(var members) = json else { return json }
        members.removeAll { ($0.key == "intervalPeriod" || $0.key == "timeZoneOffset") && $0.value == .null }
        members = members.map { member in
            switch member.key {
            case "intervalPeriod": (member.key, withoutNullRandomizeStart(member.value))
            case "intervals":
                if case .array(let intervals) = member.value {
                    (
                        member.key,
                        .array(
                            intervals.map { interval in
                                guard case .object(var fields) = interval else { return interval }
                                fields.removeAll { $0.key == "intervalPeriod" && $0.value == .null }
                                fields = fields.map { $0.key == "intervalPeriod" ? ($0.key, withoutNullRandomizeStart($0.value)) : $0 }
                                return .object(fields)
                            })
                    )
                } else {
                    member
                }
            default: member
            }
        }
        return .object(members)
    }

    private static func withoutNullRandomizeStart(_ period: JSONValue) -> JSONValue {
        guard case .object(let fields) = period else { return period }
        return .object(fields.filter { !($0.key == "randomizeStart" && $0.value == .null) })
    }
}
