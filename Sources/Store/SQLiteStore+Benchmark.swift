public import ChargeShareDomain
import GRDB
public import Telemetry

extension SQLiteStore {
    /// The ceiling of `chargeshare bench ingest`: the rows batch ingest writes for `messages`
    /// (`messages` and `meter_samples`), inserted in one transaction by prepared statements with
    /// no checks at all (no duplicate test, no sessions). Ingest cannot be faster than this.
    /// - Parameters:
    ///   - payloads: each message's payload text, as `messages.payload` keeps it.
    /// - Returns: the rows inserted.
    public func insertWithoutChecks(_ messages: [TelemetryMessage], payloads: [String], source: String, receivedAt: Timestamp) throws(StoreError)
        -> Int
    {
        do {
            return try queue.write { db in
                let insertMessage = try db.makeStatement(
                    sql: """
                        INSERT INTO messages (message_id, station_id, evse_id, action, recorded_ms, received_ms, source, payload)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                let insertSample = try db.makeStatement(
                    sql: """
                        INSERT INTO meter_samples (message_id, station_id, evse_id, transaction_id, time_ms, measurand, phase, value)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                var rows = 0
                for (m, payload) in zip(messages, payloads) {
                    try insertMessage.execute(arguments: [
                        m.messageId, m.stationId, m.evseId, m.action.rawValue, m.recordedAt.millisecondsSinceEpoch,
                        receivedAt.millisecondsSinceEpoch, source, payload,
                    ])
                    for s in m.meterSamples {
                        try insertSample.execute(arguments: [
                            m.messageId, s.stationId, s.evseId, m.transaction?.transactionId, s.time.millisecondsSinceEpoch, s.measurand.rawValue,
                            s.phase, s.value,
                        ])
                    }
                    rows += 1 + m.meterSamples.count
                }
                return rows
            }
        } catch {
            throw .writeFailed(path: path, message: Self.message(error))
        }
    }
}
