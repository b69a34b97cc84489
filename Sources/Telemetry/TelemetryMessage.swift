public import ChargeShareDomain

/// The OCPP 2.0.1 requests the telemetry contract carries.
public enum TelemetryAction: String, Sendable, CaseIterable {
    case transactionEvent = "TransactionEvent"
    case meterValues = "MeterValues"
    case notifyEvent = "NotifyEvent"
    case notifyEVChargingNeeds = "NotifyEVChargingNeeds"
    case statusNotification = "StatusNotification"
}

/// One accepted telemetry message: its envelope and what it means to the engine
/// (`../shared/spec/telemetry.md` §2).
public struct TelemetryMessage: Sendable, Equatable {
    /// The idempotency key: a second message with this id is a duplicate, whatever its body.
    public var messageId: String
    public var stationId: String
    /// 0 = the station as a whole.
    public var evseId: Int
    /// When the edge recorded the message.
    public var recordedAt: Timestamp
    public var action: TelemetryAction
    /// The payload as received (canonical JSON is what the store keeps for audit).
    public var payload: JSONValue {
        didSet { canonicalText = nil }
    }
    /// `canonicalPayload`, computed by the reader (on its thread, not the store's).
    var canonicalText: String?

    /// The payload in RFC 8785 canonical form, so a resend with its members in another order is
    /// the same body: what the store keeps for audit and compares.
    public var canonicalPayload: String {
        canonicalText ?? Self.canonical(payload)
    }

    static func canonical(_ payload: JSONValue) -> String {
        (try? CanonicalJSON.bytes(payload)).map { String(decoding: $0, as: UTF8.self) } ?? JSONWriter().string(payload)
    }

    /// Meter samples (MeterValues, and `meterValue` inside TransactionEvent), in the engine's units.
    public var meterSamples: [MeterSample] = []
    /// Temperatures from NotifyEvent.
    public var deviceReadings: [DeviceReading] = []
    /// Connector status (StatusNotification) and fault or state events (NotifyEvent).
    public var events: [StationEvent] = []
    /// The session update a TransactionEvent carries.
    public var transaction: TransactionUpdate?
    /// What the EV or driver wants (NotifyEVChargingNeeds).
    public var chargingNeeds: ChargingNeeds?

    public init(messageId: String, stationId: String, evseId: Int, recordedAt: Timestamp, action: TelemetryAction, payload: JSONValue) {
        self.messageId = messageId
        self.stationId = stationId
        self.evseId = evseId
        self.recordedAt = recordedAt
        self.action = action
        self.payload = payload
    }
}

/// A TransactionEvent: one step of a session's life.
public struct TransactionUpdate: Sendable, Equatable {
    public enum Kind: String, Sendable { case started = "Started", updated = "Updated", ended = "Ended" }

    /// `transactionInfo.transactionId`: names the session.
    public var transactionId: String
    public var kind: Kind
    /// Orders the events of one station.
    public var seqNo: Int
    public var time: Timestamp
    /// The EVSE the payload names (`evse.id`), else the envelope's.
    public var evseId: Int
    /// `transactionInfo.chargingState`, when given.
    public var chargingState: String?
    /// `transactionInfo.stoppedReason`, when given.
    public var stoppedReason: String?
    public var triggerReason: String
}

/// NotifyEVChargingNeeds: the target and departure of the session on an EVSE.
public struct ChargingNeeds: Sendable, Equatable {
    public var evseId: Int
    /// `chargingNeeds.departureTime`, when given.
    public var departure: Timestamp?
    /// `acChargingParameters.energyAmount` or `dcChargingParameters.energyAmount`, Wh.
    public var energyWh: Double?
    /// `dcChargingParameters.stateOfCharge`, percent, when given.
    public var stateOfChargePercent: Double?
    public var requestedEnergyTransfer: String
}

/// A connector's status or a device event.
public struct StationEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// StatusNotification: `Available`, `Occupied`, `Reserved`, `Unavailable` or `Faulted`.
        case status(String)
        /// NotifyEvent data with trigger `Alerting` or `Delta` (other than temperatures): a fault
        /// or state change of `component`/`variable` to `value`.
        case device(component: String, variable: String, trigger: String, value: String)
    }

    public var time: Timestamp
    public var evseId: Int?
    public var connectorId: Int?
    public var kind: Kind
}
