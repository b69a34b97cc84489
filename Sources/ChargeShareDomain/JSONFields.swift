/// Reads typed fields out of `JSONValue` objects while collecting `ValidationIssue`s.
///
/// Every accessor records the issue and returns `nil` instead of throwing, so one pass over a
/// request reports all of its problems at once.
struct JSONFields {
    private var list = IssueList()

    /// The issues kept so far (at most `IssueList.limit`).
    var issues: [ValidationIssue] { list.issues }

    mutating func fail(_ path: String, _ message: String) { list.append(path, message) }

    /// All issues, with a trailing count of those left out.
    var allIssues: [ValidationIssue] { list.all }

    /// `path.key`, or `path["key"]` (escaped, cut) when the key is not a plain identifier.
    static func join(_ path: String, _ key: String) -> String { Displayed.path(path, member: key) }
    static func join(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

    /// The members of an object, reporting a type error otherwise. Unknown keys are reported too.
    mutating func object(_ value: JSONValue, at path: String, allowed: Set<String>) -> JSONValue? {
        guard case .object(let members) = value else {
            fail(path, "expected an object, got \(value.typeName)")
            return nil
        }
        for member in members where !allowed.contains(member.key) {
            fail(Self.join(path, member.key), "unknown field")
        }
        return value
    }

    /// The member `key`; `null` counts as absent. Reports `is required` when missing and `required`.
    mutating func member(_ object: JSONValue, _ key: String, at path: String, required: Bool) -> JSONValue? {
        let value = object[key]
        if value == nil || value == .null {
            if required { fail(Self.join(path, key), "is required") }
            return nil
        }
        return value
    }

    mutating func string(_ object: JSONValue, _ key: String, at path: String, required: Bool = true) -> String? {
        guard let value = member(object, key, at: path, required: required) else { return nil }
        guard case .string(let s) = value else {
            fail(Self.join(path, key), "expected a string, got \(value.typeName)")
            return nil
        }
        return s
    }

    /// An identifier: a string of 1 to 255 characters.
    mutating func identifier(_ object: JSONValue, _ key: String, at path: String) -> String? {
        guard let s = string(object, key, at: path) else { return nil }
        guard (1...255).contains(s.count) else {
            fail(Self.join(path, key), "must be 1 to 255 characters")
            return nil
        }
        return s
    }

    mutating func bool(_ object: JSONValue, _ key: String, at path: String) -> Bool? {
        guard let value = member(object, key, at: path, required: false) else { return nil }
        guard case .bool(let b) = value else {
            fail(Self.join(path, key), "expected a boolean, got \(value.typeName)")
            return nil
        }
        return b
    }

    mutating func integer(_ object: JSONValue, _ key: String, at path: String, required: Bool) -> Int? {
        guard let value = member(object, key, at: path, required: required) else { return nil }
        switch value {
        case .integer(let i): return i
        case .number(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        default:
            fail(Self.join(path, key), "expected an integer, got \(value.typeName == "a number" ? "a fraction" : value.typeName)")
            return nil
        }
    }

    /// A finite number that satisfies `rule`.
    mutating func number(
        _ object: JSONValue, _ key: String, at path: String, required: Bool, rule: NumberRule
    ) -> Double? {
        guard let value = member(object, key, at: path, required: required) else { return nil }
        return check(value, at: Self.join(path, key), rule: rule)
    }

    mutating func check(_ value: JSONValue, at path: String, rule: NumberRule) -> Double? {
        guard let d = value.doubleValue else {
            fail(path, "expected a number, got \(value.typeName)")
            return nil
        }
        guard d.isFinite else {
            fail(path, "must be a finite number")
            return nil
        }
        if let message = rule.violation(d) {
            fail(path, message)
            return nil
        }
        return d
    }

    /// A series: one number, or an array of exactly `count` numbers (length unchecked when `count` is nil).
    mutating func series(
        _ object: JSONValue, _ key: String, at path: String, count: Int?, required: Bool, rule: NumberRule
    ) -> Series? {
        guard let value = member(object, key, at: path, required: required) else { return nil }
        let fieldPath = Self.join(path, key)
        switch value {
        case .integer, .number:
            return check(value, at: fieldPath, rule: rule).map(Series.constant)
        case .array(let elements):
            if let count, elements.count != count {
                fail(fieldPath, "series has \(elements.count) values, expected \(count) (intervals)")
                return nil
            }
            var values: [Double] = []
            values.reserveCapacity(elements.count)
            var valid = true
            for (i, element) in elements.enumerated() {
                if let d = check(element, at: Self.join(fieldPath, i), rule: rule) { values.append(d) } else { valid = false }
            }
            return valid && count != nil ? .values(values) : nil
        default:
            fail(fieldPath, "expected a number or an array of numbers, got \(value.typeName)")
            return nil
        }
    }

    /// The elements of an array member.
    mutating func array(_ object: JSONValue, _ key: String, at path: String, required: Bool) -> [JSONValue]? {
        guard let value = member(object, key, at: path, required: required) else { return nil }
        guard case .array(let elements) = value else {
            fail(Self.join(path, key), "expected an array, got \(value.typeName)")
            return nil
        }
        return elements
    }
}

/// A range rule for numbers, with the message shown when it is broken.
///
/// Beyond the contract's signs, the engine caps magnitudes: no quantity above 1e6 (kW, kWh,
/// money per kW or kWh of penalty) and no price beyond ±1e4 per kWh. Larger values are typing
/// errors, and they would wreck the LP's numerics (a 1e300 kW bound makes GLPK's answers meaningless).
enum NumberRule {
    /// A price: any sign, |x| ≤ 1e4.
    case price
    case nonNegative
    case positive
    /// In (0, 1], for efficiencies.
    case efficiency

    static let largestQuantity = 1e6
    static let largestPrice = 1e4

    func violation(_ d: Double) -> String? {
        switch self {
        case .price: return abs(d) <= Self.largestPrice ? nil : "must be between -10000 and 10000"
        case .nonNegative: return d < 0 ? "must be >= 0" : d > Self.largestQuantity ? "must not exceed 1000000" : nil
        case .positive: return d <= 0 ? "must be > 0" : d > Self.largestQuantity ? "must not exceed 1000000" : nil
        case .efficiency: return d > 0 && d <= 1 ? nil : "must be in (0, 1]"
        }
    }
}
