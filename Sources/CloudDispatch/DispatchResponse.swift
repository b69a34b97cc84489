public import ChargeShareDomain
public import Store

/// What `CloudDispatcher.dispatch(body:)` returns.
public struct DispatchResponse: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        /// Solved now (a new window, or a stored one that was pending or failed).
        case created
        /// The stored result of the same request, returned unchanged.
        case replayed
    }

    public var status: Status
    public var windowId: String
    /// The `DispatchResult` JSON exactly as stored: a replay returns the same bytes.
    public var resultJSON: [UInt8]
    /// One report per site whose table was signed, stored or published by this call (empty on a
    /// replay whose tables were all stored already, and when no key store is configured).
    public var tariffs: [TariffPublication]

    public init(status: Status, windowId: String, resultJSON: [UInt8], tariffs: [TariffPublication]) {
        self.status = status
        self.windowId = windowId
        self.resultJSON = resultJSON
        self.tariffs = tariffs
    }
}

/// A stored window, as `GET /v1/dispatch/{windowId}` returns it.
public struct DispatchWindow: Sendable, Equatable {
    public var windowId: String
    public var feederIds: [String]
    public var start: Timestamp
    public var end: Timestamp
    public var created: Timestamp
    /// `pending` (stored, not solved yet), `optimal`, `optimalWithViolations` or `failed`.
    public var status: String
    /// The problem that was (or will be) solved: after assembly and utility limits.
    public var problemJSON: String
    /// The result JSON, once solved.
    public var resultJSON: String?
    /// Why the window is stale (its utility limits changed after it was dispatched), or `nil`.
    ///
    /// Placeholder: filled from `DispatchRecord.staleReason` once the OpenADR branch that adds
    /// stale marking is merged (see `init(_:)`); until then always `nil`.
    public var staleReason: String?

    /// The window of a stored record.
    public init(_ record: DispatchRecord) {
        windowId = record.problem.windowId
        feederIds = record.problem.feederIds
        start = record.problem.start
        end = record.problem.end
        created = record.problem.created
        status = record.outcome?.status ?? "pending"
        problemJSON = record.problem.problemJSON
        resultJSON = record.outcome?.resultJSON
        staleReason = record.staleReason
    }

    /// `{"windowId", "status", "feederIds", "start", "end", "created", "staleReason", "problem",
    /// "result"}`; `problem` and `result` are the stored JSON documents themselves (`result` null
    /// while pending or failed).
    public var json: JSONValue {
        func document(_ text: String?) -> JSONValue {
            guard let text else { return .null }
            return (try? JSONReader.parse(Array(text.utf8), options: .engine)) ?? .string(text)
        }
        return .object([
            ("windowId", .string(windowId)), ("status", .string(status)), ("feederIds", .array(feederIds.map(JSONValue.string))),
            ("start", .string(start.description)), ("end", .string(end.description)), ("created", .string(created.description)),
            ("staleReason", staleReason.map(JSONValue.string) ?? .null), ("problem", document(problemJSON)), ("result", document(resultJSON)),
        ])
    }
}
