public import ChargeShareDomain

/// A JSON Schema validator for the subset of draft-06 the official OCPP 2.0.1 schemas use:
/// `$ref` (to `#/definitions/…`), `type`, `enum`, `properties`, `required`,
/// `additionalProperties`, `items`, `minItems`, `maxItems`, `minLength`, `maxLength`, `minimum`,
/// `maximum`. Annotations (`description`, `comment`, `javaType`, `default`) are ignored, and so is
/// `format` (as validators do by default); the telemetry reader checks date-times itself, more
/// strictly. A keyword outside the subset makes `init` fail, so a new schema cannot be
/// half-checked silently.
public struct JSONSchema: Sendable {
    /// Why a schema cannot be used.
    public struct Unsupported: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    private let root: JSONValue
    private let definitions: [String: JSONValue]

    /// Keywords that only annotate.
    static let annotations: Set<String> = ["$schema", "$id", "description", "comment", "javaType", "default", "format", "additionalItems"]
    /// Keywords that constrain, all of which `validate` applies.
    static let constraints: Set<String> = [
        "$ref", "type", "enum", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "minLength",
        "maxLength", "minimum", "maximum", "definitions",
    ]

    /// Parses a schema and checks that it uses only the supported keywords.
    public init(_ text: String) throws(Unsupported) {
        do { root = try JSONReader.parse(text) } catch { throw Unsupported(description: "schema is not JSON: \(error)") }
        var defs: [String: JSONValue] = [:]
        if case .object(let members) = root["definitions"] ?? .null {
            for member in members { defs[member.key] = member.value }
        }
        definitions = defs
        try Self.checkKeywords(root, at: "#", root: root)
    }

    private static func checkKeywords(_ schema: JSONValue, at path: String, root: JSONValue) throws(Unsupported) {
        guard case .object(let members) = schema else { return }
        for member in members {
            guard annotations.contains(member.key) || constraints.contains(member.key) else {
                throw Unsupported(description: "\(path): keyword \(member.key) is not supported")
            }
            switch member.key {
            case "properties", "definitions":
                if case .object(let children) = member.value {
                    for child in children { try checkKeywords(child.value, at: "\(path)/\(member.key)/\(child.key)", root: root) }
                }
            case "items", "additionalProperties":
                if member.key == "items", case .array = member.value {
                    throw Unsupported(description: "\(path)/items: the tuple form of items is not supported")
                }
                try checkKeywords(member.value, at: "\(path)/\(member.key)", root: root)
            case "$ref":
                let ref = member.value.stringValue ?? ""
                let name = ref.hasPrefix("#/definitions/") ? String(ref.dropFirst("#/definitions/".count)) : nil
                guard let name, root["definitions"]?[name] != nil else { throw Unsupported(description: "\(path): $ref \(ref) cannot be resolved") }
            default: break
            }
        }
    }

    /// Every way `value` breaks the schema, at most `limit`, each with its JSON path under `path`.
    public func validate(_ value: JSONValue, at path: String = "$", limit: Int = 20) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var stack = PathStack(root: path)
        check(root, value, &stack, &issues, limit, depth: 0)
        return issues
    }

    /// Where the validator is in the document, rendered as a JSON path only when an issue needs it
    /// (building the string for every node would cost more than the checks).
    private struct PathStack {
        enum Step {
            case key(String)
            case index(Int)
        }

        let root: String
        var steps: [Step] = []

        var text: String {
            steps.reduce(root) { path, step in
                switch step {
                case .key(let key): Displayed.path(path, member: key)
                case .index(let i): "\(path)[\(i)]"
                }
            }
        }

        func appending(_ key: String) -> String { Displayed.path(text, member: key) }
    }

    private func check(
        _ schema: JSONValue, _ value: JSONValue, _ path: inout PathStack, _ issues: inout [ValidationIssue], _ limit: Int, depth: Int
    ) {
        guard issues.count < limit else { return }
        func fail(_ message: String) { if issues.count < limit { issues.append(ValidationIssue(path: path.text, message: message)) } }
        if case .string(let ref) = schema["$ref"] ?? .null {
            let name = ref.hasPrefix("#/definitions/") ? String(ref.dropFirst("#/definitions/".count)) : ref
            guard depth < 32, let target = definitions[name] else { return fail("schema reference \(ref) cannot be resolved") }
            return check(target, value, &path, &issues, limit, depth: depth + 1)
        }
        if let type = schema["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            guard allowed.contains(where: { Self.matches(value, type: $0) }) else {
                return fail("expected \(allowed.joined(separator: " or ")), got \(value.typeName)")
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            let shown = options.compactMap(\.stringValue)
            return fail(
                shown.count == options.count
                    ? "\(Displayed.quoted(value.stringValue ?? "\(value)")) is not one of \(shown.joined(separator: ", "))"
                    : "value is not one of the schema's")
        }
        switch value {
        case .object(let members):
            let properties = schema["properties"]
            for key in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where value[key] == nil {
                if issues.count < limit { issues.append(ValidationIssue(path: path.appending(key), message: "is required")) }
            }
            for member in members {
                if let sub = properties?[member.key] {
                    path.steps.append(.key(member.key))
                    check(sub, member.value, &path, &issues, limit, depth: depth)
                    path.steps.removeLast()
                } else if let extra = schema["additionalProperties"] {
                    if extra == .bool(false) {
                        if issues.count < limit { issues.append(ValidationIssue(path: path.appending(member.key), message: "unknown field")) }
                    } else if case .object = extra {
                        path.steps.append(.key(member.key))
                        check(extra, member.value, &path, &issues, limit, depth: depth)
                        path.steps.removeLast()
                    }
                }
            }
        case .array(let elements):
            if let min = schema["minItems"]?.doubleValue, Double(elements.count) < min { fail("needs at least \(Int(min)) item(s)") }
            if let max = schema["maxItems"]?.doubleValue, Double(elements.count) > max { fail("has more than \(Int(max)) items") }
            if let items = schema["items"], case .object = items {
                for (i, element) in elements.enumerated() {
                    path.steps.append(.index(i))
                    check(items, element, &path, &issues, limit, depth: depth)
                    path.steps.removeLast()
                }
            }
        case .string(let s):
            let length = s.unicodeScalars.count
            if let max = schema["maxLength"]?.doubleValue, Double(length) > max { fail("is \(length) characters, more than \(Int(max))") }
            if let min = schema["minLength"]?.doubleValue, Double(length) < min { fail("is \(length) characters, fewer than \(Int(min))") }
        case .integer, .number:
            let d = value.doubleValue ?? 0
            if let min = schema["minimum"]?.doubleValue, d < min { fail("\(Self.text(d)) is below the minimum \(Self.text(min))") }
            if let max = schema["maximum"]?.doubleValue, d > max { fail("\(Self.text(d)) is above the maximum \(Self.text(max))") }
        default: break
        }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .integer), ("number", .number), ("integer", .integer): return true
        case ("integer", .number(let d)): return d.isFinite && d.rounded() == d
        default: return false
        }
    }

    static func text(_ d: Double) -> String { d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : "\(d)" }
}
