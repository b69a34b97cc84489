public import ChargeShareDomain

/// Why a telemetry message was rejected: where (a JSON path in the envelope) and what.
public struct TelemetryRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Reads one telemetry envelope (`../shared/spec/telemetry.md`): the envelope's fields, the
/// payload against the official OCPP 2.0.1 schema of its action, then the contract's rules, and
/// returns what the message means to the engine.
///
/// Rules beyond the schema (each a rejection with its path):
/// - unknown envelope fields; `messageId` 1–128 and `stationId` 1–48 characters; `evseId` ≥ 0;
///   `recordedAt` RFC 3339 in UTC;
/// - every timestamp the engine uses parses as RFC 3339, is not before 2000 and not more than a
///   day after the message was received (`departureTime`, which lies ahead by nature, may be up
///   to 7 days ahead: the longest session the engine keeps);
/// - a measurand's unit must be its own (energy defaults to Wh, other measurands to their unit);
///   an energy register is never negative; a voltage lies in 0–1,000 V, a state of charge in
///   0–100 %, a temperature in −60–200 °C;
/// - the payload's EVSE (MeterValues, StatusNotification, NotifyEVChargingNeeds) is the envelope's.
/// A decreasing register within one transaction needs the store's state and is checked there.
public struct TelemetryReader: Sendable {
    /// The instant the message arrived: "more than a day in the future" is measured from it.
    public let receivedAt: Timestamp

    public init(receivedAt: Timestamp) { self.receivedAt = receivedAt }

    /// Envelope fields.
    static let envelopeKeys: Set<String> = ["messageId", "stationId", "evseId", "recordedAt", "action", "payload"]
    /// Longest line read, bytes: far above any real OCPP message, so one cannot exhaust memory.
    public static let maximumBytes = 1 << 20
    static let earliest = Timestamp(millisecondsSinceEpoch: 946_684_800_000)  // 2000-01-01T00:00:00Z

    /// The five official schemas, parsed once.
    static let schemas: [TelemetryAction: JSONSchema] = {
        var out: [TelemetryAction: JSONSchema] = [:]
        for action in TelemetryAction.allCases {
            if let text = OCPPSchemas.byAction[action.rawValue], let schema = try? JSONSchema(text) { out[action] = schema }
        }
        return out
    }()

    /// Why a line of `byteCount` bytes, more than `maximumBytes`, is refused unread.
    public static func tooLong(_ byteCount: Int) -> TelemetryRejection {
        TelemetryRejection(path: "$", message: "message is \(byteCount) bytes, more than \(maximumBytes)")
    }

    /// Reads one message held in part of a buffer (a line of a batch).
    /// - Throws: `TelemetryRejection` naming the first rule the message breaks.
    public func read(_ line: ArraySlice<UInt8>) throws(TelemetryRejection) -> TelemetryMessage { try read(Array(line)) }

    /// Reads one message.
    /// - Throws: `TelemetryRejection` naming the first rule the message breaks.
    public func read(_ line: [UInt8]) throws(TelemetryRejection) -> TelemetryMessage {
        guard line.count <= Self.maximumBytes else { throw Self.tooLong(line.count) }
        let json: JSONValue
        do { json = try JSONReader.parse(line, options: JSONReader.Options(maximumDepth: 32)) } catch {
            throw reject("$", "invalid JSON at \(error)")
        }
        guard case .object(let members) = json else { throw reject("$", "expected an envelope object, got \(json.typeName)") }
        if let unknown = members.first(where: { !Self.envelopeKeys.contains($0.key) }) {
            throw reject(Displayed.path("", member: unknown.key), "unknown envelope field")
        }
        let messageId = try string(json, "messageId", 1...128)
        let stationId = try string(json, "stationId", 1...48)
        guard case .integer(let evseId) = json["evseId"] ?? .null, evseId >= 0 else {
            throw reject("evseId", json["evseId"] == nil ? "is required" : "must be an integer >= 0")
        }
        let recordedText = try string(json, "recordedAt", 1...64)
        guard let recordedAt = Timestamp(rfc3339: recordedText), ["Z", "z", "+00:00", "-00:00"].contains(where: { recordedText.hasSuffix($0) }) else {
            throw reject("recordedAt", "must be an RFC 3339 time in UTC, got \(Displayed.quoted(recordedText))")
        }
        try plausible(recordedAt, at: "recordedAt")
        let actionText = try string(json, "action", 1...64)
        guard let action = TelemetryAction(rawValue: actionText) else {
            throw reject(
                "action", "\(Displayed.quoted(actionText)) is not one of \(TelemetryAction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let payload = json["payload"], case .object = payload else {
            throw reject("payload", json["payload"] == nil ? "is required" : "expected an object, got \(json["payload"]?.typeName ?? "")")
        }
        guard let schema = Self.schemas[action] else { throw reject("action", "no schema for \(action.rawValue)") }
        if let issue = schema.validate(payload, at: "payload", limit: 1).first {
            throw reject(issue.path, "\(issue.message) (\(action.rawValue)Request schema)")
        }
        var message = TelemetryMessage(
            messageId: messageId, stationId: stationId, evseId: evseId, recordedAt: recordedAt, action: action, payload: payload)
        switch action {
        case .meterValues:
            try sameEVSE(payload, evseId)
            message.meterSamples = try samples(payload["meterValue"], at: "payload.meterValue", stationId: stationId, evseId: evseId)
        case .transactionEvent: try readTransaction(payload, into: &message)
        case .notifyEvent: try readEvents(payload, into: &message)
        case .notifyEVChargingNeeds:
            try sameEVSE(payload, evseId)
            message.chargingNeeds = try needs(payload, evseId: evseId)
        case .statusNotification:
            try sameEVSE(payload, evseId)
            let time = try instant(payload, "timestamp", at: "payload")
            message.events = [
                StationEvent(
                    time: time, evseId: evseId, connectorId: payload["connectorId"].flatMap(Self.int),
                    kind: .status(payload["connectorStatus"]?.stringValue ?? ""))
            ]
        }
        message.canonicalText = TelemetryMessage.canonical(payload)
        return message
    }

    // MARK: Envelope helpers

    func reject(_ path: String, _ message: String) -> TelemetryRejection { TelemetryRejection(path: path, message: message) }

    private func string(_ json: JSONValue, _ key: String, _ length: ClosedRange<Int>) throws(TelemetryRejection) -> String {
        guard let value = json[key] else { throw reject(key, "is required") }
        guard case .string(let s) = value else { throw reject(key, "expected a string, got \(value.typeName)") }
        // Characters as the schema counts them: Unicode scalars, so combining marks cannot hide length.
        guard length.contains(s.unicodeScalars.count) else { throw reject(key, "must be \(length.lowerBound) to \(length.upperBound) characters") }
        return s
    }

    /// Not before 2000, and at most `ahead` after the message arrived.
    /// (`path` is built only for a rejection.)
    func plausible(_ time: Timestamp, at path: @autoclosure () -> String, ahead: Int64 = 86_400_000) throws(TelemetryRejection) {
        if time < Self.earliest { throw reject(path(), "\(time) is before 2000") }
        if time > receivedAt.adding(milliseconds: ahead) {
            throw reject(path(), "\(time) is more than \(ahead / 86_400_000) day(s) after the message was received (\(receivedAt))")
        }
    }

    /// The RFC 3339 time at `object[key]`, checked by `plausible`.
    func instant(_ object: JSONValue, _ key: String, at path: @autoclosure () -> String, ahead: Int64 = 86_400_000) throws(TelemetryRejection)
        -> Timestamp
    {
        guard let text = object[key]?.stringValue, let time = Timestamp(rfc3339: text) else {
            throw reject(
                Displayed.path(path(), member: key),
                "must be an RFC 3339 time, got \(Displayed.quoted(object[key]?.stringValue ?? "\(object[key] ?? .null)"))")
        }
        try plausible(time, at: Displayed.path(path(), member: key), ahead: ahead)
        return time
    }

    private func sameEVSE(_ payload: JSONValue, _ evseId: Int) throws(TelemetryRejection) {
        if let id = payload["evseId"].flatMap(Self.int), id != evseId {
            throw reject("payload.evseId", "EVSE \(id) differs from the envelope's evseId \(evseId)")
        }
    }

    static func int(_ value: JSONValue) -> Int? {
        switch value {
        case .integer(let i): return i
        case .number(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }
}
