import ChargeShareDomain

extension JSONSchema {
    /// One schema object with its keywords read once, so validation looks nothing up by name
    /// (the telemetry reader validates every payload; looking keywords up in the schema's JSON
    /// at every value cost more than the checks). Validation applies them exactly as the
    /// keywords read: `check` below is the draft-06 subset, keyword by keyword.
    final class Node: @unchecked Sendable {
        /// `$ref`: the reference as written and the index of its definition in
        /// `JSONSchema.definitions` (`nil` when it names none). Siblings are ignored, as draft-06 says.
        let ref: (text: String, index: Int?)?
        /// `type`: the allowed type names, for messages, and the same as a mask of `TypeBits`
        /// (empty when `type` is neither a string nor an array).
        let types: [String]?
        let typeMask: UInt8
        let enumValues: [JSONValue]?
        /// `enum` when every option is a string: looked up by hash instead of compared one by one.
        let enumStrings: Set<String>?
        /// `properties`, as names and schemas in two arrays: an object has a few, and comparing
        /// names costs less than hashing them.
        let propertyNames: [String]
        let propertyNodes: [Node]
        let required: [String]
        enum Additional {
            case allowed
            case forbidden
            case schema(Node)
        }
        let additional: Additional
        let items: Node?
        let minItems: Double?, maxItems: Double?, minLength: Double?, maxLength: Double?, minimum: Double?, maximum: Double?

        /// The schema of property `name`, if the schema names it.
        func property(_ name: String) -> Node? {
            var i = 0
            while i < propertyNames.count {
                if propertyNames[i] == name { return propertyNodes[i] }
                i += 1
            }
            return nil
        }

        /// Reads the keywords of `schema` (an object; anything else constrains nothing);
        /// `definitions` gives each definition's index by name, to resolve `$ref`.
        init(_ schema: JSONValue, definitions: [String: Int]) {
            let isObject: Bool
            if case .object = schema { isObject = true } else { isObject = false }
            let schema = isObject ? schema : .object([])
            if case .string(let text) = schema["$ref"] ?? .null {
                let name = text.hasPrefix("#/definitions/") ? String(text.dropFirst("#/definitions/".count)) : text
                ref = (text, definitions[name])
            } else {
                ref = nil
            }
            if let type = schema["type"] {
                let names = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
                types = names
                typeMask = names.reduce(0) { $0 | TypeBits.named($1) }
            } else {
                types = nil
                typeMask = 0
            }
            let options = schema["enum"]?.arrayValue
            enumValues = options
            let strings = options?.compactMap(\.stringValue)
            enumStrings = strings.flatMap { $0.count == options?.count ? Set($0) : nil }
            // `properties[key]` of the JSON is its first member of that name: keep the first.
            // The parser refuses duplicate names, so each name is there once.
            let properties = schema["properties"]?.objectValue ?? []
            propertyNames = properties.map(\.key)
            propertyNodes = properties.map { Node($0.value, definitions: definitions) }
            required = (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            switch schema["additionalProperties"] {
            case .bool(false): additional = .forbidden
            case .some(let extra) where extra.objectValue != nil: additional = .schema(Node(extra, definitions: definitions))
            default: additional = .allowed
            }
            if let items = schema["items"], case .object = items { self.items = Node(items, definitions: definitions) } else { items = nil }
            minItems = schema["minItems"]?.doubleValue
            maxItems = schema["maxItems"]?.doubleValue
            minLength = schema["minLength"]?.doubleValue
            maxLength = schema["maxLength"]?.doubleValue
            minimum = schema["minimum"]?.doubleValue
            maximum = schema["maximum"]?.doubleValue
        }
    }

    /// JSON Schema's type names as bits, so a value's type is checked by one mask test.
    enum TypeBits {
        static let object: UInt8 = 1, array: UInt8 = 2, string: UInt8 = 4, boolean: UInt8 = 8, null: UInt8 = 16
        static let number: UInt8 = 32, integer: UInt8 = 64

        /// The bit of a type name (0 for a name JSON Schema does not have: it matches nothing).
        static func named(_ name: String) -> UInt8 {
            switch name {
            case "object": object
            case "array": array
            case "string": string
            case "boolean": boolean
            case "null": null
            case "number": number
            case "integer": integer
            default: 0
            }
        }

        /// Every type name `value` satisfies: an integer is also a number, and a number with no
        /// fraction is also an integer.
        static func of(_ value: JSONValue) -> UInt8 {
            switch value {
            case .object: object
            case .array: array
            case .string: string
            case .bool: boolean
            case .null: null
            case .integer: number | integer
            case .number(let d): d.isFinite && d.rounded() == d ? number | integer : number
            }
        }
    }

    /// Whether `value` is one of an `enum`'s `options` (`strings`: the same options, when all are strings).
    static func isOneOf(_ value: JSONValue, _ options: [JSONValue], strings: Set<String>?) -> Bool {
        guard let strings else { return options.contains(value) }
        guard case .string(let s) = value else { return false }
        return strings.contains(s)
    }

    func check(_ node: Node, _ value: JSONValue, _ path: inout PathStack, _ issues: inout [ValidationIssue], _ limit: Int, depth: Int) {
        guard issues.count < limit else { return }
        func fail(_ message: String) { if issues.count < limit { issues.append(ValidationIssue(path: path.text, message: message)) } }
        if let ref = node.ref {
            guard depth < 32, let index = ref.index else { return fail("schema reference \(ref.text) cannot be resolved") }
            return check(definitions[index], value, &path, &issues, limit, depth: depth + 1)
        }
        if let allowed = node.types, node.typeMask & TypeBits.of(value) == 0 {
            return fail("expected \(allowed.joined(separator: " or ")), got \(value.typeName)")
        }
        if let options = node.enumValues, !Self.isOneOf(value, options, strings: node.enumStrings) {
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
                if let sub = node.property(member.key) {
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
