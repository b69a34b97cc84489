public import ChargeShareDomain
import GRDB
public import Telemetry

extension SQLiteStore {
    /// The ceiling of `chargeshare bench ingest`: the rows batch ingest writes for `messages`
    /// (`messages` and `meter_samples`), inserted in one transaction by the same prepared statements,
    /// bound the same way (`BoundInsert`), with no checks at all (no duplicate test, no sessions). Ingest cannot be faster than this.
    /// - Parameters:
    ///   - payloads: each message's payload text, as `messages.payload` keeps it.
    /// - Returns: the rows inserted.
    public func insertWithoutChecks(_ messages: [TelemetryMessage], payloads: [String], source: String, receivedAt: Timestamp) throws(StoreError)
        -> Int
    {
        do {
            return try queue.write { db in
                var rows = 0, samples = 0
                for (m, payload) in zip(messages, payloads) {
                    var message = try BoundInsert(db, sql: TelemetryWriter.insertMessage)
                    message.bind(m.messageId)
                    message.bind(m.stationId)
                    message.bind(m.evseId)
                    message.bind(m.action.rawValue)
                    message.bind(m.recordedAt.millisecondsSinceEpoch)
                    message.bind(receivedAt.millisecondsSinceEpoch)
                    message.bind(source)
                    message.bind(payload)
                    rows += try message.run()
                    var sample = try BoundInsert(db, sql: TelemetryWriter.insertSample)
                    for (ordinal, s) in m.meterSamples.enumerated() {
                        samples += try TelemetryWriter.insert(s, ordinal: ordinal, of: m, with: &sample)
                    }
                }
                try Self.addSampleTotal(db, samples)
                return rows + samples
            }
        } catch {
            throw .writeFailed(path: path, message: Self.message(error))
        }
    }
}
