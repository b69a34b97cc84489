public import ChargeShareDomain

/// Where historical charging sessions are kept (ACN-Data's CSV through `chargeshare ingest`):
/// each session once, by its `sessionId`. Forecasting trains on them.
public protocol HistoricalSessionStore {
    /// Stores a batch in one transaction: each accepted session once, each rejection recorded
    /// (in the same `rejects` as telemetry).
    /// - Returns: what the batch did: a session whose id is stored already, or a rejected line
    ///   whose id is, counts as a duplicate (`duplicateLines` names the rejected ones).
    /// - Throws: `StoreError`; the store is then as it was before the batch.
    func ingest(_ batch: HistoricalSessionBatch) throws(StoreError) -> IngestOutcome
    /// How many sessions are stored.
    func historicalSessionCount() throws(StoreError) -> Int
    /// Every stored session, by arrival then id.
    func historicalSessions() throws(StoreError) -> [HistoricalSession]
}

/// One historical session: when a car came and left, what its driver asked for and what it got.
public struct HistoricalSession: Sendable, Equatable {
    /// The idempotency key (ACN `session_id`).
    public var sessionId: String
    /// The charging station (ACN `station_id`, an EVSE such as `CA-305`).
    public var stationId: String
    public var arrival: Timestamp
    /// When the car actually left.
    public var departure: Timestamp
    /// The driver's stated departure (ACN: the actual one when the driver gave none).
    public var estimatedDeparture: Timestamp
    /// Energy the driver asked for, Wh (ACN: the delivered energy when the driver gave none).
    public var requestedWh: Double
    /// Energy delivered, Wh.
    public var deliveredWh: Double
    /// Whether the driver entered a request.
    public var claimed: Bool

    public init(
        sessionId: String, stationId: String, arrival: Timestamp, departure: Timestamp, estimatedDeparture: Timestamp,
        requestedWh: Double, deliveredWh: Double, claimed: Bool
    ) {
        self.sessionId = sessionId
        self.stationId = stationId
        self.arrival = arrival
        self.departure = departure
        self.estimatedDeparture = estimatedDeparture
        self.requestedWh = requestedWh
        self.deliveredWh = deliveredWh
        self.claimed = claimed
    }
}

/// Sessions read from one source, accepted or rejected, by line.
public struct HistoricalSessionBatch: Sendable {
    /// An accepted session, or a rejected line with its number and reason.
    public enum Item: Sendable {
        case accepted(line: Int, session: HistoricalSession)
        /// `text`: the line as received; `sessionId`: the line's, when it has a readable one (a
        /// rejected line whose id is stored already counts as a duplicate).
        case rejected(line: Int, reason: String, text: String, sessionId: String?)
    }

    /// Where the lines came from (a file path, `stdin`).
    public var source: String
    /// When they were received.
    public var receivedAt: Timestamp
    public var items: [Item]

    public init(source: String, receivedAt: Timestamp, items: [Item]) {
        self.source = source
        self.receivedAt = receivedAt
        self.items = items
    }
}
