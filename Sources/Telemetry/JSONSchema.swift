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

    /// The schema's keywords, read once (`Node`), and its definitions by name.
    let root: Node
    /// The definitions in document order; a `$ref` holds its definition's index.
    let definitions: [Node]

    /// Keywords that only annotate.
    static let annotations: Set<String> = ["$schema", "$id", "description", "comment", "javaType", "default", "format", "additionalItems"]
    /// Keywords that constrain, all of which `validate` applies.
    static let constraints: Set<String> = [
        "$ref", "type", "enum", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "minLength",
        "maxLength", "minimum", "maximum", "definitions",
    ]

    /// Parses a schema and checks that it uses only the supported keywords.
    public init(_ text: String) throws(Unsupported) {
        let json: JSONValue
        do { json = try JSONReader.parse(text) } catch { throw Unsupported(description: "schema is not JSON: \(error)") }
        let members = json["definitions"]?.objectValue ?? []
        var index: [String: Int] = [:]
        for (i, member) in members.enumerated() { index[member.key] = i }
        definitions = members.map { Node($0.value, definitions: index) }
        try Self.checkKeywords(json, at: "#", root: json)
        root = Node(json, definitions: index)
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
    struct PathStack {
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

    static func text(_ d: Double) -> String { d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : "\(d)" }
}
