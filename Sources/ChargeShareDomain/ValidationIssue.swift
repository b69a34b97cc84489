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
}
