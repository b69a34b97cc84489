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
