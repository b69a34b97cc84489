import ChargeShareDomain

extension JSONSchema {
    /// One schema object with its keywords read once, so validation looks nothing up by name
    /// (the telemetry reader validates every payload; looking keywords up in the schema's JSON
    /// at every value cost more than the checks). Validation applies them exactly as the
    /// keywords read: `check` below is the draft-06 subset, keyword by keyword.
    final class Node: @unchecked Sendable {
        /// `$ref`: the reference as written and the definition's name (siblings are ignored, as
        /// draft-06 says).
        var ref: (text: String, name: String)?
        /// `type`: the allowed type names (empty when `type` is neither a string nor an array).
        var types: [String]?
        var enumValues: [JSONValue]?
        var properties: [String: Node] = [:]
        var required: [String] = []
        enum Additional {
            case allowed
            case forbidden
            case schema(Node)
        }
        var additional = Additional.allowed
        var items: Node?
        var minItems: Double?, maxItems: Double?, minLength: Double?, maxLength: Double?, minimum: Double?, maximum: Double?

        /// Reads the keywords of `schema` (an object; anything else constrains nothing).
        init(_ schema: JSONValue) {
            guard case .object = schema else { return }
            if case .string(let text) = schema["$ref"] ?? .null {
                ref = (text, text.hasPrefix("#/definitions/") ? String(text.dropFirst("#/definitions/".count)) : text)
            }
            if let type = schema["type"] { types = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? [] }
            enumValues = schema["enum"]?.arrayValue
            // `properties[key]` of the JSON is its first member of that name: keep the first.
            for member in (schema["properties"]?.objectValue ?? []).reversed() { properties[member.key] = Node(member.value) }
            required = (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            switch schema["additionalProperties"] {
            case .bool(false): additional = .forbidden
            case .some(let extra) where extra.objectValue != nil: additional = .schema(Node(extra))
            default: additional = .allowed
            }
            if let items = schema["items"], case .object = items { self.items = Node(items) }
            minItems = schema["minItems"]?.doubleValue
            maxItems = schema["maxItems"]?.doubleValue
            minLength = schema["minLength"]?.doubleValue
            maxLength = schema["maxLength"]?.doubleValue
            minimum = schema["minimum"]?.doubleValue
            maximum = schema["maximum"]?.doubleValue
        }
    }

    func check(_ node: Node, _ value: JSONValue, _ path: inout PathStack, _ issues: inout [ValidationIssue], _ limit: Int, depth: Int) {
        guard issues.count < limit else { return }
        func fail(_ message: String) { if issues.count < limit { issues.append(ValidationIssue(path: path.text, message: message)) } }
        if let ref = node.ref {
            guard depth < 32, let target = definitions[ref.name] else { return fail("schema reference \(ref.text) cannot be resolved") }
            return check(target, value, &path, &issues, limit, depth: depth + 1)
        }
        if let allowed = node.types, !allowed.contains(where: { Self.matches(value, type: $0) }) {
            return fail("expected \(allowed.joined(separator: " or ")), got \(value.typeName)")
        }
        if let options = node.enumValues, !options.contains(value) {
            let shown = options.compactMap(\.stringValue)
            return fail(
                shown.count == options.count
                    ? "\(Displayed.quoted(value.stringValue ?? "\(value)")) is not one of \(shown.joined(separator: ", "))"
                    : "value is not one of the schema's")
        }
        switch value {
        case .object(let members):
            for key in node.required where value[key] == nil {
                if issues.count < limit { issues.append(ValidationIssue(path: path.appending(key), message: "is required")) }
            }
            for member in members {
                if let sub = node.properties[member.key] {
                    path.steps.append(.key(member.key))
                    check(sub, member.value, &path, &issues, limit, depth: depth)
                    path.steps.removeLast()
                } else {
                    switch node.additional {
                    case .allowed: break
                    case .forbidden:
                        if issues.count < limit { issues.append(ValidationIssue(path: path.appending(member.key), message: "unknown field")) }
                    case .schema(let extra):
                        path.steps.append(.key(member.key))
                        check(extra, member.value, &path, &issues, limit, depth: depth)
                        path.steps.removeLast()
                    }
                }
            }
        case .array(let elements):
            if let min = node.minItems, Double(elements.count) < min { fail("needs at least \(Int(min)) item(s)") }
            if let max = node.maxItems, Double(elements.count) > max { fail("has more than \(Int(max)) items") }
            if let items = node.items {
                for (i, element) in elements.enumerated() {
                    path.steps.append(.index(i))
                    check(items, element, &path, &issues, limit, depth: depth)
                    path.steps.removeLast()
                }
            }
        case .string(let s):
            guard node.maxLength != nil || node.minLength != nil else { return }
            let length = s.unicodeScalars.count
            if let max = node.maxLength, Double(length) > max { fail("is \(length) characters, more than \(Int(max))") }
            if let min = node.minLength, Double(length) < min { fail("is \(length) characters, fewer than \(Int(min))") }
        case .integer, .number:
            let d = value.doubleValue ?? 0
            if let min = node.minimum, d < min { fail("\(Self.text(d)) is below the minimum \(Self.text(min))") }
            if let max = node.maximum, d > max { fail("\(Self.text(d)) is above the maximum \(Self.text(max))") }
        default: break
        }
    }
}
