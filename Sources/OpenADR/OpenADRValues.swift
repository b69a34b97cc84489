public import ChargeShareDomain

/// A `valuesMap`: a type and its values (`{"type": "GROUP", "values": ["feeder-1"]}`).
public struct OpenADRValuesMap: Sendable, Equatable {
    /// 1 to 128 characters, e.g. `GROUP`, `IMPORT_CAPACITY_LIMIT`.
    public var type: String
    /// Numbers, strings, booleans or points (`{"x": …, "y": …}`), as given.
    public var values: [JSONValue]

    public init(type: String, values: [JSONValue]) {
        self.type = type
        self.values = values
    }

    /// The values that are strings (target values are compared as strings).
    public var strings: [String] { values.compactMap(\.stringValue) }
}

/// An `intervalPeriod`: a start, a duration (default `PT0S`) and a randomisation (ignored).
public struct OpenADRIntervalPeriod: Sendable, Equatable {
    public var start: Timestamp
    /// `nil` when absent (the schema's default `PT0S`).
    public var duration: OpenADRDuration?
    /// Read and kept in the document, but never applied: limits hold from `start` exactly.
    public var randomizeStart: OpenADRDuration?

    public init(start: Timestamp, duration: OpenADRDuration?, randomizeStart: OpenADRDuration? = nil) {
        self.start = start
        self.duration = duration
        self.randomizeStart = randomizeStart
    }
}

/// The two capacity-limit payloads the engine acts on (values in kW).
public enum CapacityLimitKind: String, Sendable, Equatable, CaseIterable {
    case importCapacity = "IMPORT_CAPACITY_LIMIT"
    case exportCapacity = "EXPORT_CAPACITY_LIMIT"
}

/// One feeder's capacity limit from one interval of an event: what becomes a `utility_limits`
/// row and, for dispatch, a `GridLimit`.
public struct EventLimit: Sendable, Equatable {
    /// The interval's client-assigned `id`.
    public var intervalId: Int
    public var feederId: String
    public var kind: CapacityLimitKind
    /// Span [start, end).
    public var start: Timestamp
    public var end: Timestamp
    /// The cap, kW (≥ 0).
    public var valueKw: Double

    public init(intervalId: Int, feederId: String, kind: CapacityLimitKind, start: Timestamp, end: Timestamp, valueKw: Double) {
        self.intervalId = intervalId
        self.feederId = feederId
        self.kind = kind
        self.start = start
        self.end = end
        self.valueKw = valueKw
    }

    /// The row id in `utility_limits`: `<eventId>/<intervalId>/<feederId>/import` or `…/export`.
    public func rowId(eventId: String) -> String {
        "\(eventId)/\(intervalId)/\(feederId)/\(kind == .importCapacity ? "import" : "export")"
    }

    /// The limit as dispatch applies it, with the event's priority (`nil` = lowest precedence).
    public func gridLimit(eventId: String, priority: Int?) -> GridLimit {
        GridLimit(
            feederId: feederId, start: start, end: end, importLimitKw: kind == .importCapacity ? valueKw : nil,
            exportLimitKw: kind == .exportCapacity ? valueKw : nil, priority: priority, source: "openadr:\(rowId(eventId: eventId))")
    }
}

/// A program body as read from a `POST`/`PUT` (server fields removed).
public struct ProgramDraft: Sendable, Equatable {
    public var programName: String
    public var targets: [OpenADRValuesMap]
    /// The body's members in their order, without `id`, `createdDateTime`, `modificationDateTime`
    /// and `objectType`.
    public var document: JSONValue
}

/// An event body as read from a `POST`/`PUT` (server fields removed), with its limits resolved.
public struct EventDraft: Sendable, Equatable {
    public var programID: String
    /// `nil` when absent or null: the lowest precedence (docs/openadr.md).
    public var priority: Int?
    public var targets: [OpenADRValuesMap]
    /// Feeders named by `GROUP` targets, in order, without repeats.
    public var feederIds: [String]
    /// Every capacity limit of every interval, per feeder, in interval then feeder order.
    public var limits: [EventLimit]
    /// The body's members in their order, without the server fields.
    public var document: JSONValue
}

/// A stored program or event: the document as `GET` returns it (the body as written plus `id`,
/// `createdDateTime`, `modificationDateTime` and `objectType`), and who owns it.
public struct OpenADRObject: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case program = "PROGRAM"
        case event = "EVENT"
    }

    public var kind: Kind
    public var id: String
    /// The client id of the utility that created it.
    public var owner: String
    public var created: Timestamp
    public var modified: Timestamp
    /// The full object as the 3.0.1 schema defines it.
    public var document: JSONValue

    public init(kind: Kind, id: String, owner: String, created: Timestamp, modified: Timestamp, body: JSONValue) {
        self.kind = kind
        self.id = id
        self.owner = owner
        self.created = created
        self.modified = modified
        let server: [(key: String, value: JSONValue)] = [
            ("id", .string(id)), ("createdDateTime", .string(created.description)),
            ("modificationDateTime", .string(modified.description)), ("objectType", .string(kind.rawValue)),
        ]
        document = .object(server + (body.objectValue ?? []).filter { !OpenADRReader.serverFields.contains($0.key) })
    }

    /// The document as compact JSON text.
    public var json: String { JSONWriter().string(document) }
}
