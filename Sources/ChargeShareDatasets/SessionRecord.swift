public import ChargeShareDomain

/// One historical charging session, as the backtester replays it.
///
/// Times are instants (UTC internally); the files carry their own offsets.
public struct SessionRecord: Sendable, Equatable {
    public var id: String
    /// The charging station (EVSE) the car was plugged into.
    public var stationId: String
    public var arrival: Timestamp
    /// When the car actually left.
    public var departure: Timestamp
    /// The driver's stated departure: what a live scheduler is told. May be before or after `departure`.
    public var estimatedDeparture: Timestamp
    /// Energy the driver asked for, kWh.
    public var requestedKwh: Double
    /// Energy the real site delivered, kWh.
    public var deliveredKwh: Double
    /// Whether the driver entered a request (ACN `claimed`); unclaimed sessions copy delivered into requested.
    public var claimed: Bool

    public init(
        id: String, stationId: String, arrival: Timestamp, departure: Timestamp, estimatedDeparture: Timestamp,
        requestedKwh: Double, deliveredKwh: Double, claimed: Bool
    ) {
        self.id = id
        self.stationId = stationId
        self.arrival = arrival
        self.departure = departure
        self.estimatedDeparture = estimatedDeparture
        self.requestedKwh = requestedKwh
        self.deliveredKwh = deliveredKwh
        self.claimed = claimed
    }
}

/// Which energy figure a replay treats as the driver's demand.
public enum DemandBasis: String, Sendable, CaseIterable {
    /// Energy the real site delivered: the ACN research convention, because drivers over-request.
    case delivered
    /// Energy the driver typed in (delivered where no request was entered).
    case requested

    /// The demand of one session under this basis, kWh.
    public func energy(of session: SessionRecord) -> Double {
        switch self {
        case .delivered: session.deliveredKwh
        case .requested: session.requestedKwh
        }
    }
}
