public import ChargeShareDomain

/// A program body as read from a `POST`/`PUT` (server fields removed).
public struct ProgramDraft: Sendable, Equatable {
    public internal(set) var programName: String
    public internal(set) var targets: [OpenADRValuesMap]
    /// The body's members in their order, without `id`, `createdDateTime`, `modificationDateTime`
    /// and `objectType`.
    public internal(set) var document: JSONValue
}

/// An event body as read from a `POST`/`PUT` (server fields removed), with its limits resolved.
public struct EventDraft: Sendable, Equatable {
    public internal(set) var programID: String
    /// `nil` when absent or null: the lowest precedence (docs/openadr.md).
    public internal(set) var priority: Int?
    public internal(set) var targets: [OpenADRValuesMap]
    /// Feeders named by `GROUP` targets, in order, without repeats.
    public internal(set) var feederIds: [String]
    /// Every capacity limit of every interval, per feeder, in interval then feeder order.
    public internal(set) var limits: [EventLimit]
    /// The body's members in their order, without the server fields.
    public internal(set) var document: JSONValue
}
