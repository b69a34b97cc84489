public import ChargeShareDomain

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
