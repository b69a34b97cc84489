public import ChargeShareDomain

/// Why `CloudDispatcher` refused or failed a request. Every case names what was wrong and where
/// (`issues`: JSON paths into the body, or `$`); `kind` says which class of failure it is, so
/// the HTTP layer can choose a status without matching on cases (docs/cloud-dispatch.md).
public enum CloudDispatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is not JSON (or too large to read): one issue at `$`.
    case malformedBody(ValidationIssue)
    /// The body is JSON but breaks the contract (either body shape): every issue with its path.
    case invalidBody([ValidationIssue])
    /// Feeders the registry does not hold, each at its path (`feeders[1]`, `feeders[0].id`).
    case unknownFeeders([ValidationIssue])
    /// An assembly request with no `prices` whose stored series does not cover the window.
    case noPrices(ValidationIssue)
    /// The window id is stored with a different request.
    case conflict(windowId: String, message: String)
    /// No window is stored under this id.
    case windowNotFound(windowId: String)
    /// The solver (or problem assembly) failed on a valid request; the window stays stored and
    /// the same request solves it again.
    case dispatchFailed(windowId: String, message: String)
    /// The store could not be read or written.
    case storeFailed(message: String)

    /// The class of a failure, for mapping to a protocol status.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Unreadable body (suggested HTTP 400).
        case malformed
        /// Readable but invalid body, unknown references, no prices (suggested 422).
        case invalid
        /// Same window id, different request (suggested 409).
        case conflict
        /// Unknown window id (suggested 404).
        case notFound
        /// The engine failed: solver or store (suggested 500, or 503 for the store).
        case failed
    }

    public var kind: Kind {
        switch self {
        case .malformedBody: .malformed
        case .invalidBody, .unknownFeeders, .noPrices: .invalid
        case .conflict: .conflict
        case .windowNotFound: .notFound
        case .dispatchFailed, .storeFailed: .failed
        }
    }

    /// What is wrong, each at its JSON path (`$` when it concerns the whole request).
    public var issues: [ValidationIssue] {
        switch self {
        case .malformedBody(let issue), .noPrices(let issue): [issue]
        case .invalidBody(let issues), .unknownFeeders(let issues): issues
        case .conflict(_, let message), .dispatchFailed(_, let message): [ValidationIssue(path: "$", message: message)]
        case .windowNotFound(let id): [ValidationIssue(path: "$", message: "no window \(Displayed.quoted(id)) is stored")]
        case .storeFailed(let message): [ValidationIssue(path: "$", message: message)]
        }
    }

    /// A one-line summary for a response's `detail`; `issues` holds the particulars.
    public var detail: String {
        switch self {
        case .malformedBody: "the body is not a JSON document the engine reads"
        case .invalidBody(let issues): "the body breaks the dispatch contract (\(issues.count) error\(issues.count == 1 ? "" : "s"))"
        case .unknownFeeders(let issues): "the body names \(issues.count) feeder\(issues.count == 1 ? "" : "s") the registry does not hold"
        case .noPrices: "no prices for the window"
        case .conflict(let id, _): "window \(Displayed.quoted(id)) is stored with a different request"
        case .windowNotFound(let id): "no window \(Displayed.quoted(id)) is stored"
        case .dispatchFailed(let id, _): "window \(Displayed.quoted(id)) could not be solved; the same request tries again"
        case .storeFailed: "the engine database is unavailable"
        }
    }

    /// One line per issue: `path: message`.
    public var description: String { issues.map(\.description).joined(separator: "\n") }

    /// The error as a JSON object: `{"kind": …, "errors": [{"path": …, "message": …}]}`.
    public var json: JSONValue {
        .object([
            ("kind", .string(kind.rawValue)),
            ("errors", .array(issues.map { .object([("path", .string($0.path)), ("message", .string($0.message))]) })),
        ])
    }
}
