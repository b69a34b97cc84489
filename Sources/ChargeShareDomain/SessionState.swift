/// A charging session as the engine database knows it now, built from telemetry
/// (`../shared/spec/telemetry.md` §2): what problem assembly turns into a contract `Session`.
///
/// Energies are what the charger's meter and the EV reported; nothing here is a battery model
/// (docs/telemetry.md, "Problem assembly", says how a `Session` is formed from them).
public struct SessionState: Sendable, Equatable {
    /// Whether the session has ended (an `Ended` TransactionEvent is stored).
    public enum State: String, Sendable, CaseIterable {
        case active
        case ended
    }

    /// The charging station's OCPP identity.
    public var stationId: String
    /// The EVSE of the station the session is on.
    public var evseId: Int
    /// OCPP transaction id (unique per station).
    public var transactionId: String
    public var state: State
    /// Time of the session's first TransactionEvent.
    public var started: Timestamp
    /// Time of its `Ended` event, if any.
    public var ended: Timestamp?
    /// Energy the meter counted into the EV so far, Wh (rise of the import register).
    public var energyWh: Double
    /// Latest state of charge the EV reported, percent.
    public var lastSocPercent: Double?
    /// Energy the EV or driver asked for (NotifyEVChargingNeeds `energyAmount`), Wh.
    public var targetWh: Double?
    /// Estimated departure (NotifyEVChargingNeeds `departureTime`).
    public var departure: Timestamp?

    public init(
        stationId: String, evseId: Int, transactionId: String, state: State, started: Timestamp, ended: Timestamp? = nil,
        energyWh: Double = 0, lastSocPercent: Double? = nil, targetWh: Double? = nil, departure: Timestamp? = nil
    ) {
        self.stationId = stationId
        self.evseId = evseId
        self.transactionId = transactionId
        self.state = state
        self.started = started
        self.ended = ended
        self.energyWh = energyWh
        self.lastSocPercent = lastSocPercent
        self.targetWh = targetWh
        self.departure = departure
    }

    /// The station and EVSE, the key the registry maps to a charger.
    public var evse: StationEVSE { StationEVSE(stationId: stationId, evseId: evseId) }
}
