public import ChargeShareDomain
public import Telemetry

/// Where accepted telemetry is kept: every message once (by `messageId`), what it means (meter
/// samples, device readings, station events, session updates, charging needs), the sessions it
/// builds, and the lines that were rejected.
public protocol TelemetryStore {
    /// Stores a batch in one transaction: each accepted message once, each rejection recorded.
    /// - Returns: what the batch did (a message already stored counts as a duplicate), and the
    ///   accepted messages the store rejected because of what it holds.
    /// - Throws: `StoreError`; the store is then as it was before the batch.
    func ingest(_ batch: TelemetryBatch) throws(StoreError) -> IngestOutcome
    /// The totals operators and tests read.
    func telemetryStats() throws(StoreError) -> TelemetryStats
}

/// Messages read from one source (a file, a stream), accepted or rejected.
public struct TelemetryBatch: Sendable {
    /// An accepted message, or a rejected line with its number and reason.
    public enum Item: Sendable {
        case accepted(line: Int, message: TelemetryMessage)
        /// `text`: the line as received; `messageId`: the envelope's, when it has a readable one
        /// (a rejected line whose id is stored already counts as a duplicate).
        case rejected(line: Int, reason: String, text: String, messageId: String?)
    }

    /// Where the lines came from (a file path, `stdin`, an MQTT topic).
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

/// What one batch did, with the lines the store rejected (the reader's rejections are the caller's).
public struct IngestOutcome: Sendable, Equatable {
    public var counts: IngestCounts
    /// Lines rejected by a rule that needs the stored state (a register running backwards).
    public var rejectedByStore: [StoreRejection]
    /// Rejected lines whose `messageId` is stored already: duplicates, not rejections.
    public var duplicateLines: [Int]

    public init(counts: IngestCounts, rejectedByStore: [StoreRejection] = [], duplicateLines: [Int] = []) {
        self.counts = counts
        self.rejectedByStore = rejectedByStore
        self.duplicateLines = duplicateLines
    }
}

/// An accepted message the store refused, by line.
public struct StoreRejection: Sendable, Equatable {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// What one batch did.
public struct IngestCounts: Sendable, Equatable {
    public var accepted = 0
    public var duplicates = 0
    public var rejected = 0
    /// Accepted messages whose TransactionEvent repeated a station's `seqNo` with another body:
    /// the first is kept, the conflict recorded (`../shared/spec/telemetry.md` §2).
    public var conflicts = 0

    public init(accepted: Int = 0, duplicates: Int = 0, rejected: Int = 0, conflicts: Int = 0) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
        self.conflicts = conflicts
    }

    public static func + (a: IngestCounts, b: IngestCounts) -> IngestCounts {
        IngestCounts(
            accepted: a.accepted + b.accepted, duplicates: a.duplicates + b.duplicates, rejected: a.rejected + b.rejected,
            conflicts: a.conflicts + b.conflicts)
    }
}

/// Totals in the store.
public struct TelemetryStats: Sendable, Equatable {
    public var messages = 0
    public var sessions = 0
    public var meterSamples = 0
    public var deviceReadings = 0
    public var rejected = 0

    public init(messages: Int = 0, sessions: Int = 0, meterSamples: Int = 0, deviceReadings: Int = 0, rejected: Int = 0) {
        self.messages = messages
        self.sessions = sessions
        self.meterSamples = meterSamples
        self.deviceReadings = deviceReadings
        self.rejected = rejected
    }
}
