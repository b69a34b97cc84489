import ChargeShareDomain
import GRDB
import Telemetry

/// Writes accepted telemetry inside one transaction: the message once, its meaning, and the
/// sessions it touches (refreshed once at the end of the batch).
struct TelemetryWriter {
    enum Outcome: Equatable {
        case stored
        /// The `messageId` is stored already, or a TransactionEvent repeats a stored one's
        /// `seqNo` with the same body.
        case duplicate
        /// Stored for audit; its TransactionEvent repeats a `seqNo` with another body, so it
        /// changes nothing else.
        case conflict
        /// Breaks a rule that needs the stored state.
        case rejected(String)
    }

    let db: Database
    let source: String
    let receivedMs: Int64
    /// Sessions to refresh at the end: (station, transaction).
    private var touched: Set<SessionKey> = []
    /// EVSEs whose charging needs changed: (station, EVSE).
    private var needsChanged: Set<StationEVSE> = []
    /// Samples stored so far, for `telemetry_totals`.
    private(set) var samplesStored = 0

    struct SessionKey: Hashable {
        let stationId: String
        let transactionId: String
    }

    init(db: Database, source: String, receivedMs: Int64) {
        self.db = db
        self.source = source
        self.receivedMs = receivedMs
    }

    mutating func reject(line: Int, reason: String, text: String) throws {
        // The same line rejected again (the same file ingested twice, whatever the clock says in
        // the reason) is recorded once.
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO rejects (source, line, received_ms, reason, text) VALUES (?, ?, ?, ?, ?)").execute(
            arguments: [source, line, receivedMs, reason, text])
    }

    func isStored(_ messageId: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM messages WHERE message_id = ?"), arguments: [messageId]) == true
    }

    /// An accepted message as envelope JSON, for the rejects table when the store refuses it.
    static func envelopeText(_ m: TelemetryMessage) -> String {
        JSONWriter().string(
            .object([
                ("messageId", .string(m.messageId)), ("stationId", .string(m.stationId)), ("evseId", .integer(m.evseId)),
                ("recordedAt", .string(m.recordedAt.description)), ("action", .string(m.action.rawValue)), ("payload", m.payload),
            ]))
    }

    mutating func store(_ m: TelemetryMessage) throws -> Outcome {
        // Canonical (RFC 8785), so a resend with its members in another order is the same body.
        let payload = m.canonicalPayload
        if let tx = m.transaction {
            if try isStored(m.messageId) { return .duplicate }
            if let kept = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT t.message_id, m.payload FROM transaction_events t JOIN messages m ON m.message_id = t.message_id
                        WHERE t.station_id = ? AND t.transaction_id = ? AND t.seq_no = ?
                        """), arguments: [m.stationId, tx.transactionId, tx.seqNo])
            {
                if (kept["payload"] as String) == payload { return .duplicate }
                _ = try insertMessage(m, payload)
                try db.cachedStatement(sql: "INSERT INTO conflicts (message_id, station_id, seq_no, kept_message_id) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [m.messageId, m.stationId, tx.seqNo, kept["message_id"] as String])
                return .conflict
            }
            if let reason = try decreasingRegister(m, tx) { return .rejected(reason) }
            _ = try insertMessage(m, payload)
        } else {
            // One statement both tests the id and stores the message.
            guard try insertMessage(m, payload) else { return .duplicate }
        }
        var insert = try BoundInsert(db, sql: Self.insertSample)
        for (ordinal, s) in m.meterSamples.enumerated() { samplesStored += try Self.insert(s, ordinal: ordinal, of: m, with: &insert) }
        for r in m.deviceReadings {
            try db.cachedStatement(
                sql: "INSERT INTO device_readings (message_id, station_id, evse_id, time_ms, component, variable, value) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ).execute(
                arguments: [m.messageId, r.stationId, r.evseId, r.time.millisecondsSinceEpoch, r.component, r.variable, r.value])
        }
        for e in m.events {
            var kind = "status", component: String?, variable: String?, trigger: String?, value = ""
            switch e.kind {
            case .status(let status): value = status
            case .device(let c, let v, let t, let actual): (kind, component, variable, trigger, value) = ("device", c, v, t, actual)
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO station_events (message_id, station_id, evse_id, connector_id, time_ms, kind, component, variable, trigger, value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    m.messageId, m.stationId, e.evseId, e.connectorId, e.time.millisecondsSinceEpoch, kind, component, variable, trigger, value,
                ])
        }
        if let tx = m.transaction { try storeTransaction(m, tx) }
        if let needs = m.chargingNeeds {
            try db.cachedStatement(
                sql: """
                    INSERT INTO charging_needs (message_id, station_id, evse_id, recorded_ms, departure_ms, energy_wh, soc_percent)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    m.messageId, m.stationId, needs.evseId, m.recordedAt.millisecondsSinceEpoch, needs.departure?.millisecondsSinceEpoch,
                    needs.energyWh, needs.stateOfChargePercent,
                ])
            needsChanged.insert(StationEVSE(stationId: m.stationId, evseId: needs.evseId))
        }
        return .stored
    }

    /// Stores the message row; `false` when its id is stored already (nothing is written then).
    private func insertMessage(_ m: TelemetryMessage, _ payload: String) throws -> Bool {
        var insert = try BoundInsert(db, sql: Self.insertMessage)
        insert.bind(m.messageId)
        insert.bind(m.stationId)
        insert.bind(m.evseId)
        insert.bind(m.action.rawValue)
        insert.bind(m.recordedAt.millisecondsSinceEpoch)
        insert.bind(receivedMs)
        insert.bind(source)
        insert.bind(payload)
        return try insert.run() == 1
    }

    static let insertMessage = """
        INSERT INTO messages (message_id, station_id, evse_id, action, recorded_ms, received_ms, source, payload)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING
        """
    static let insertSample = """
        INSERT INTO meter_samples (message_id, station_id, evse_id, transaction_id, time_ms, measurand, phase, value, ordinal)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Binds sample number `ordinal` of `m` to `insert` (`insertSample`) and runs it; the rows changed.
    static func insert(_ s: MeterSample, ordinal: Int, of m: TelemetryMessage, with insert: inout BoundInsert) throws -> Int {
        insert.bind(m.messageId)
        insert.bind(s.stationId)
        insert.bind(s.evseId)
        insert.bind(m.transaction?.transactionId)
        insert.bind(s.time.millisecondsSinceEpoch)
        insert.bind(s.measurand.rawValue)
        insert.bind(s.phase)
        insert.bind(s.value)
        insert.bind(ordinal)
        return try insert.run()
    }

    /// An import register of this transaction that would run backwards against what is stored,
    /// placed by time whatever the order of arrival.
    private func decreasingRegister(_ m: TelemetryMessage, _ tx: TransactionUpdate) throws -> String? {
        for s in m.meterSamples where s.measurand.isRegister {
            let t = s.time.millisecondsSinceEpoch
            if let clash = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT time_ms, value FROM meter_samples WHERE station_id = ? AND transaction_id = ? AND measurand = ? AND phase IS ?
                        AND ((time_ms < ? AND value > ?) OR (time_ms > ? AND value < ?)) LIMIT 1
                        """), arguments: [m.stationId, tx.transactionId, s.measurand.rawValue, s.phase, t, s.value, t, s.value])
            {
                let other = Timestamp(millisecondsSinceEpoch: clash["time_ms"])
                let otherValue: Double = clash["value"]
                return
                    "payload.meterValue: \(s.measurand.rawValue)\(s.phase.map { " \($0)" } ?? "") \(s.value) Wh at \(s.time) against \(otherValue) Wh at \(other) in transaction \(Displayed.quoted(tx.transactionId)): a register never decreases"
            }
        }
        return nil
    }

    private mutating func storeTransaction(_ m: TelemetryMessage, _ tx: TransactionUpdate) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO transaction_events
                (message_id, station_id, seq_no, transaction_id, event_type, evse_id, time_ms, charging_state, stopped_reason, trigger_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                m.messageId, m.stationId, tx.seqNo, tx.transactionId, tx.kind.rawValue, tx.evseId, tx.time.millisecondsSinceEpoch, tx.chargingState,
                tx.stoppedReason, tx.triggerReason,
            ])
        try db.cachedStatement(
            sql: """
                INSERT INTO sessions (station_id, transaction_id, evse_id, state, started_ms) VALUES (?, ?, ?, 'active', ?)
                ON CONFLICT (station_id, transaction_id) DO NOTHING
                """
        ).execute(arguments: [m.stationId, tx.transactionId, tx.evseId, tx.time.millisecondsSinceEpoch])
        touched.insert(SessionKey(stationId: m.stationId, transactionId: tx.transactionId))
    }

    /// Recomputes every touched session from its stored events, samples and charging needs, so
    /// the result does not depend on the order messages arrived in.
    mutating func refreshTouchedSessions() throws {
        for evse in needsChanged {
            for tx in try String.fetchAll(
                db.cachedStatement(sql: "SELECT transaction_id FROM sessions WHERE station_id = ? AND evse_id = ?"),
                arguments: [evse.stationId, evse.evseId])
            {
                touched.insert(SessionKey(stationId: evse.stationId, transactionId: tx))
            }
        }
        for key in touched {
            let args: StatementArguments = [key.stationId, key.transactionId]
            try db.cachedStatement(
                sql: """
                    UPDATE sessions SET
                      started_ms = (SELECT MIN(time_ms) FROM transaction_events WHERE station_id = ?1 AND transaction_id = ?2),
                      ended_ms = (SELECT MAX(time_ms) FROM transaction_events WHERE station_id = ?1 AND transaction_id = ?2 AND event_type = 'Ended'),
                      evse_id = (SELECT evse_id FROM transaction_events WHERE station_id = ?1 AND transaction_id = ?2
                        ORDER BY time_ms DESC, seq_no DESC, message_id DESC LIMIT 1),
                      energy_wh = COALESCE((SELECT MAX(value) - MIN(value) FROM meter_samples
                        WHERE station_id = ?1 AND transaction_id = ?2 AND measurand = 'Energy.Active.Import.Register' AND phase IS NULL), 0),
                      last_soc_percent = (SELECT value FROM meter_samples WHERE station_id = ?1 AND transaction_id = ?2 AND measurand = 'SoC'
                        ORDER BY time_ms DESC, message_id DESC LIMIT 1)
                    WHERE station_id = ?1 AND transaction_id = ?2
                    """
            ).execute(arguments: args)
            try db.cachedStatement(
                sql: """
                    UPDATE sessions SET state = CASE WHEN ended_ms IS NULL THEN 'active' ELSE 'ended' END,
                      (target_wh, departure_ms) = (SELECT energy_wh, departure_ms FROM charging_needs n
                        WHERE n.station_id = sessions.station_id AND n.evse_id = sessions.evse_id
                        AND n.recorded_ms >= sessions.started_ms AND (sessions.ended_ms IS NULL OR n.recorded_ms <= sessions.ended_ms)
                        ORDER BY n.recorded_ms DESC, n.message_id DESC LIMIT 1)
                    WHERE station_id = ?1 AND transaction_id = ?2
                    """
            ).execute(arguments: args)
        }
    }
}
