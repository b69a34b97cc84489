public import ChargeShareDomain
public import MQTT
public import Store
import Glibc
import Telemetry

/// Streaming ingest from an MQTT broker (`chargeshare ingest --mqtt`): each message read and
/// checked like a line of a file, plus the topic rule, then committed, then acknowledged.
///
/// What it guarantees: a message is acknowledged to the broker only after the transaction that
/// stores it (or records its rejection) has committed. A crash before that leaves it unacknowledged
/// on the broker's persistent session, which delivers it again; the store drops what it already
/// holds by `messageId`. So nothing is lost and nothing is counted twice.
///
/// It commits in groups: the first message of a batch waits up to `commitDelay` for others, and
/// everything that arrived goes into one transaction (up to `batchMessages`), so throughput does
/// not pay one fsync per message and a steady stream costs at most 1/`commitDelay` commits a
/// second. When the broker goes away it commits what it holds, then
/// reconnects with exponential backoff (`backoff`, doubling up to `maxBackoff`).
public struct StreamIngest {
    public let store: any TelemetryStore
    public let clock: any WallClock
    /// Messages per transaction at most.
    public var batchMessages = 5000
    /// How long the first message of a batch waits for others before the commit (group commit):
    /// at most this much delay, and at most 1/`commitDelay` commits (fsyncs) a second under a
    /// steady stream that is too slow to fill batches by itself.
    public var commitDelay: Duration = .milliseconds(10)
    /// A message larger than this is rejected unread.
    public var maxMessageBytes = 1 << 20
    /// The first wait before reconnecting, doubled after each failure up to `maxBackoff`.
    public var backoff: Duration = .milliseconds(200)
    public var maxBackoff: Duration = .seconds(10)

    public init(store: any TelemetryStore, clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.clock = clock
    }

    /// What a run did.
    public struct Report: Sendable, Equatable {
        public var counts = IngestCounts()
        /// Messages received (a redelivered message counts each time it comes).
        public var messages = 0
        public var transactions = 0
        public var reconnects = 0
    }

    /// Why the stream stopped on its own: the store failed (the batch in hand was neither
    /// committed nor acknowledged, so the broker keeps it for the next run), or the broker refused
    /// the connection or the subscription (not authorised, a client id or topic it does not take:
    /// waiting would not help).
    public struct Failure: Error, CustomStringConvertible {
        public let error: any Error
        public let report: Report
        public var description: String {
            if error is MQTTError { return "\(error)" }
            return "\(error) (\(report.counts.accepted) message(s) stored before; the broker keeps the rest for the next run)"
        }
    }

    /// Runs until `shouldStop` returns true (it is asked at least every 100 ms, except during a
    /// connection attempt: up to 10 s), then commits what it holds, acknowledges it and disconnects.
    /// - Throws: `Failure` when the store fails or the broker refuses the connection or the
    ///   subscription; a broker that cannot be reached or goes away is waited for, with backoff.
    /// - Parameters:
    ///   - log: one line per event an operator needs (connected, lost, reconnecting).
    ///   - committed: after each commit, with the `messageId`s of the batch's accepted messages.
    public func run(
        _ subscriber: MQTTSubscriber, shouldStop: () -> Bool, log: (String) -> Void,
        committed: (([String], Report) -> Void)? = nil
    ) throws(Failure) -> Report {
        var report = Report()
        var connected = false, everConnected = false
        var wait = backoff
        let source = "\(subscriber.address)/\(subscriber.topic)"
        while !shouldStop() {
            do {
                if !connected {
                    if everConnected {
                        try subscriber.reconnect()
                        report.reconnects += 1
                    } else {
                        try subscriber.connect()
                    }
                    connected = true
                    everConnected = true
                    wait = backoff
                    log("connected to \(subscriber.address) as \(subscriber.clientId), subscribed to \(subscriber.topic) (QoS 1, persistent session)")
                }
                var messages = try subscriber.receive(timeout: .milliseconds(100), limit: batchMessages)
                guard !messages.isEmpty else { continue }
                let due = ContinuousClock.now + commitDelay
                var lost: MQTTError?
                while messages.count < batchMessages && ContinuousClock.now < due {
                    do {
                        messages += try subscriber.receive(timeout: due - ContinuousClock.now, limit: batchMessages - messages.count)
                    } catch {
                        lost = error  // what came is committed first; the broker sends it again anyway
                        break
                    }
                }
                try commit(messages, source: source, into: &report, committed: committed)
                if let lost { throw lost }
                try subscriber.acknowledge()
            } catch let error as MQTTError {
                switch error {
                case .refused, .subscriptionRefused, .badArgument:
                    subscriber.disconnect()
                    throw Failure(error: error, report: report)
                default: break
                }
                connected = false
                log("\(error); reconnecting in \(Self.seconds(wait))")
                sleep(wait, unless: shouldStop)
                wait = min(wait * 2, maxBackoff)
            } catch let error as Failure {
                subscriber.disconnect()
                throw error
            } catch {
                subscriber.disconnect()  // not reached: the block throws MQTTError or Failure only
                throw Failure(error: error, report: report)
            }
        }
        subscriber.disconnect()
        return report
    }

    /// Stores one batch in one transaction.
    private func commit(_ messages: [MQTTMessage], source: String, into report: inout Report, committed: (([String], Report) -> Void)?)
        throws(Failure)
    {
        let now = clock.now
        let reader = TelemetryReader(receivedAt: now)
        var items: [TelemetryBatch.Item] = []
        var ids: [String] = []
        items.reserveCapacity(messages.count)
        for m in messages {
            report.messages += 1
            let number = report.messages
            guard m.payload.count <= maxMessageBytes else {
                items.append(
                    .rejected(
                        line: number,
                        reason: "message of \(m.payload.count) bytes on \(Displayed.quoted(m.topic)): more than \(maxMessageBytes) bytes",
                        text: String(decoding: m.payload.prefix(1024), as: UTF8.self), messageId: nil))
                continue
            }
            let text = { String(decoding: m.payload, as: UTF8.self) }
            do {
                let message = try reader.read(m.payload)
                if let reason = TelemetryTopic.mismatch(topic: m.topic, stationId: message.stationId) {
                    items.append(.rejected(line: number, reason: reason, text: text(), messageId: message.messageId))
                } else {
                    items.append(.accepted(line: number, message: message))
                    ids.append(message.messageId)
                }
            } catch {
                items.append(.rejected(line: number, reason: error.description, text: text(), messageId: BatchIngest.messageId(m.payload[...])))
            }
        }
        do {
            let outcome = try store.ingest(TelemetryBatch(source: source, receivedAt: now, items: items))
            report.counts = report.counts + outcome.counts
            report.transactions += 1
        } catch {
            throw Failure(error: error, report: report)
        }
        committed?(ids, report)
    }

    private func sleep(_ duration: Duration, unless stop: () -> Bool) {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline && !stop() {
            usleep(50_000)
        }
    }

    static func seconds(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(Double(ms) / 1000) s"
    }
}
