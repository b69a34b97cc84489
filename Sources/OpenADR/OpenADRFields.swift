import ChargeShareDomain

/// Reads typed members out of a `JSONValue` while collecting `ValidationIssue`s, so one pass over
/// a body reports every problem with its JSON path (the domain's readers' style; paths start at
/// the document: `intervals[0].payloads[1].values`).
struct OpenADRFields {
    private var list = IssueList()

    /// The issues kept so far (at most `IssueList.limit`).
    var issues: [ValidationIssue] { list.issues }

    /// Records an issue; an empty path (the document itself) is written `$`.
    mutating func fail(_ path: String, _ message: String) { list.append(path.isEmpty ? "$" : path, message) }

    /// All issues, with a trailing count of those left out.
    var allIssues: [ValidationIssue] { list.all }

    static func join(_ path: String, _ key: String) -> String { Displayed.path(path, member: key) }
    static func join(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

    /// The object's members, or `nil` (reported) when `value` is not an object; members not in
    /// `allowed` are reported as unknown.
    mutating func object(_ value: JSONValue, at path: String, allowed: Set<String>) -> [(key: String, value: JSONValue)]? {
        guard case .object(let members) = value else {
            fail(path, "expected an object, got \(value.typeName)")
            return nil
        }
        for member in members where !allowed.contains(member.key) {
            fail(Self.join(path, member.key), "unknown field (not in the OpenADR 3.0.1 schema, or not supported)")
        }
        return members
    }

    /// The member `key`. `null` counts as absent where the schema says `nullable: true` (those
    /// members default to null), and is refused elsewhere.
    mutating func member(_ object: JSONValue, _ key: String, at path: String, required: Bool, nullable: Bool = false) -> JSONValue? {
        let value = object[key]
        if value == .null, !nullable {
            fail(Self.join(path, key), required ? "is required (null is not allowed)" : "must not be null (omit it instead)")
            return nil
        }
        if value == nil || value == .null {
            if required { fail(Self.join(path, key), "is required") }
            return nil
        }
        return value
    }

    /// A string member of `minLength...maxLength` characters (Unicode scalars).
    mutating func string(
        _ object: JSONValue, _ key: String, at path: String, required: Bool = false, nullable: Bool = false, length: ClosedRange<Int>? = nil
    ) -> String? {
        guard let value = member(object, key, at: path, required: required, nullable: nullable) else { return nil }
        guard case .string(let s) = value else {
            fail(Self.join(path, key), "expected a string, got \(value.typeName)")
            return nil
        }
        if let length, !length.contains(s.unicodeScalars.count) {
            fail(Self.join(path, key), "must be \(length.lowerBound) to \(length.upperBound) characters")
            return nil
        }
        return s
    }

    /// An `objectID`: 1 to 128 of `a-z A-Z 0-9 _ -`.
    mutating func objectID(_ object: JSONValue, _ key: String, at path: String, required: Bool) -> String? {
        guard let s = string(object, key, at: path, required: required, length: 1...128) else { return nil }
        guard Self.isObjectID(s) else {
            fail(Self.join(path, key), "must hold only letters, digits, _ and - (objectID), got \(Displayed.quoted(s))")
            return nil
        }
        return s
    }

    /// True for an `objectID` (`^[a-zA-Z0-9_-]*$`, 1 to 128 characters).
    static func isObjectID(_ s: String) -> Bool {
        (1...128).contains(s.unicodeScalars.count)
            && s.unicodeScalars.allSatisfy { c in
                (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
            }
    }

    mutating func bool(_ object: JSONValue, _ key: String, at path: String, nullable: Bool = false) -> Bool? {
        guard let value = member(object, key, at: path, required: false, nullable: nullable) else { return nil }
        guard case .bool(let b) = value else {
            fail(Self.join(path, key), "expected a boolean, got \(value.typeName)")
            return nil
        }
        return b
    }

    /// An integer in `range` (a JSON number without a fraction).
    mutating func integer(
        _ object: JSONValue, _ key: String, at path: String, required: Bool, nullable: Bool = false, range: ClosedRange<Int>
    ) -> Int? {
        guard let value = member(object, key, at: path, required: required, nullable: nullable) else { return nil }
        let i: Int
        switch value {
        case .integer(let n): i = n
        case .number(let d) where d == d.rounded() && abs(d) < 1e15: i = Int(d)
        default:
            fail(Self.join(path, key), "expected an integer, got \(value.typeName == "a number" ? "a fraction" : value.typeName)")
            return nil
        }
        guard range.contains(i) else {
            fail(Self.join(path, key), "must be \(range.lowerBound) to \(range.upperBound), got \(i)")
            return nil
        }
        return i
    }

    /// The elements of an array member.
    mutating func array(_ object: JSONValue, _ key: String, at path: String, required: Bool, nullable: Bool = false) -> [JSONValue]? {
        guard let value = member(object, key, at: path, required: required, nullable: nullable) else { return nil }
        guard case .array(let elements) = value else {
            fail(Self.join(path, key), "expected an array, got \(value.typeName)")
            return nil
        }
        return elements
    }

    /// An RFC 3339 date-time (the schema's `dateTime`, format `date-time`).
    mutating func dateTime(_ object: JSONValue, _ key: String, at path: String, required: Bool) -> Timestamp? {
        guard let s = string(object, key, at: path, required: required) else { return nil }
        guard let t = Timestamp(rfc3339: s) else {
            fail(Self.join(path, key), "expected an RFC 3339 date-time such as 2026-06-01T17:00:00Z, got \(Displayed.quoted(s))")
            return nil
        }
        return t
    }

    /// An ISO 8601 duration by the schema's pattern (any sign, calendar parts allowed).
    mutating func duration(_ object: JSONValue, _ key: String, at path: String) -> OpenADRDuration? {
        guard let s = string(object, key, at: path) else { return nil }
        guard let d = OpenADRDuration(s) else {
            fail(Self.join(path, key), "expected an ISO 8601 duration such as PT15M, PT1H or P1D, got \(Displayed.quoted(s))")
            return nil
        }
        return d
    }
}
