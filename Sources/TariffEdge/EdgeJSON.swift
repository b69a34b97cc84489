/// A JSON value as the edge verifier sees it: numbers are IEEE doubles (I-JSON, RFC 7493) and
/// object members are unordered, which is all RFC 8785 canonicalisation needs.
public enum EdgeJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([EdgeJSON])
    case object([String: EdgeJSON])

    /// The member named `key` of an object, or `nil`.
    public subscript(key: String) -> EdgeJSON? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The string, when the value is a JSON string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, when the value is a JSON number.
    public var numberValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// The elements, when the value is a JSON array.
    public var arrayValue: [EdgeJSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members, when the value is a JSON object.
    public var objectValue: [String: EdgeJSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
