public import StrictJSON

/// One thing wrong with a request, and where: `sessions[3].departure: departure must be after arrival`.
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    /// JSON path of the offending value (`$` for the document itself).
    public let path: String
    /// What is wrong, in plain words.
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// A request that was rejected; `issues` lists every problem found, in document order.
public struct InvalidProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let issues: [ValidationIssue]

    public init(issues: [ValidationIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }

    /// Parses an input document with the engine's JSON rules; a syntax error is one issue at `$`.
    /// The one entry point of every reader of the contract's files (problem, flows, registry,
    /// prices, pricing).
    public static func parse(_ bytes: [UInt8]) throws(InvalidProblem) -> JSONValue {
        do {
            return try JSONReader.parse(bytes, options: .engine)
        } catch {
            throw InvalidProblem(issues: [ValidationIssue(path: "$", message: "invalid JSON at \(error)")])
        }
    }
}

/// The issues a reader collects in one pass: kept up to `limit`, then counted, so a huge bad
/// document costs bounded memory and still says how much more was wrong. Every field reader
/// (`JSONFields` here, `OpenADRFields` in the OpenADR module) keeps its issues in one.
public struct IssueList: Sendable {
    /// Stop keeping issues after this many; `all` ends with a count of the rest.
    public static let limit = 200

    public private(set) var issues: [ValidationIssue] = []
    private var suppressed = 0

    public init() {}

    public mutating func append(_ path: String, _ message: String) {
        if issues.count < Self.limit {
            issues.append(ValidationIssue(path: path, message: message))
        } else {
            suppressed += 1
        }
    }

    /// The issues kept, with a trailing count of those left out.
    public var all: [ValidationIssue] {
        suppressed == 0 ? issues : issues + [ValidationIssue(path: "$", message: "\(suppressed) more errors not shown")]
    }
}
