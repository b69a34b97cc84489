public import ChargeShareDatasets
public import ChargeShareDomain
public import Store

/// An ACN-Data sessions CSV ready to ingest: its header checked, its data lines split.
public struct ACNSessionInput: Sendable {
    /// The reader for the file's header.
    public let reader: ACNSessionReader
    /// The non-blank lines after the header, with their numbers in the file.
    let lines: [(number: Int, bytes: ArraySlice<UInt8>)]

    /// Splits `bytes` into lines; the first non-blank one must be the ACN header.
    /// - Throws: `DatasetError` saying what differs from the ACN header (with its line).
    public init(_ bytes: [UInt8], source: String) throws(DatasetError) {
        var lines = TextLines.lines(bytes[...])
        guard !lines.isEmpty else {
            throw DatasetError(source: source, line: 1, message: "the file is empty; expected the ACN sessions header first")
        }
        let header = lines.removeFirst()
        reader = try ACNSessionReader(headerLine: header.bytes, line: header.number, source: source)
        self.lines = lines
    }

    /// How many data lines (sessions, good or bad) the file holds.
    public var count: Int { lines.count }
}

/// Batch ingest of an ACN-Data sessions CSV (`chargeshare ingest --file`, chosen by content):
/// one historical session per line, stored once by `session_id`, each broken line rejected
/// alone with its number and reason, in transactions of `batchLines` lines.
///
/// Each line is read by the datasets' `ACNSessionReader` (the backtests' checks and messages),
/// then by the engine's rules for stored data: ids no longer than the telemetry contract's
/// (`session_id` 1–128 characters, `station_id` 1–48), an arrival not before 2000 and a
/// departure not more than a day after the file was received (spec §4's bounds), a line of at
/// most `maximumLineBytes`. Energies are stored in Wh, rounded to the mWh.
///
/// Transactions and failures are `BatchIngest`'s: each batch is all or nothing; if the store
/// fails, the batches before stay committed, and running the file again stores the rest.
public struct ACNSessionIngest {
    public let store: any HistoricalSessionStore
    /// Lines per transaction.
    public var batchLines: Int

    /// Longest line read, bytes (an ACN line is about 150).
    public static let maximumLineBytes = 1 << 20
    /// Longest `session_id`, characters (Unicode scalars): the telemetry contract's `messageId`.
    public static let maximumSessionIdLength = 128
    /// Longest `station_id`, characters (Unicode scalars): the telemetry contract's `stationId`.
    public static let maximumStationIdLength = 48
    /// Earliest arrival accepted (spec §4: "a timestamp before 2000" is absurd).
    public static let earliestArrival = Timestamp(millisecondsSinceEpoch: 946_684_800_000)

    public init(store: any HistoricalSessionStore, batchLines: Int = 5000) {
        self.store = store
        self.batchLines = max(1, batchLines)
    }

    /// Ingests `input` read from `source` at `receivedAt`.
    /// - Parameter progress: called after each batch with (data lines done, data lines in all).
    public func ingest(
        _ input: ACNSessionInput, source: String, receivedAt: Timestamp, progress: ((Int, Int) -> Void)? = nil
    ) throws(BatchIngest.Failure) -> BatchIngest.Report {
        var report = BatchIngest.Report()
        var start = 0
        while start < input.lines.count {
            let chunk = input.lines[start..<min(start + batchLines, input.lines.count)]
            var items: [HistoricalSessionBatch.Item] = []
            items.reserveCapacity(chunk.count)
            var texts: [Int: String] = [:]
            for line in chunk {
                do {
                    items.append(.accepted(line: line.number, session: try Self.session(line.bytes, number: line.number, input.reader, receivedAt)))
                } catch {
                    let text = String(decoding: line.bytes, as: UTF8.self)
                    texts[line.number] = text
                    items.append(.rejected(line: line.number, reason: error.message, text: text, sessionId: input.reader.sessionId(line: line.bytes)))
                }
            }
            let outcome: IngestOutcome
            do {
                outcome = try store.ingest(HistoricalSessionBatch(source: source, receivedAt: receivedAt, items: items))
            } catch {
                throw BatchIngest.Failure(error: error, committedLines: start, report: report)
            }
            report.counts = report.counts + outcome.counts
            let duplicates = Set(outcome.duplicateLines)
            for case .rejected(let line, let reason, _, _) in items where !duplicates.contains(line) {
                report.rejects.append((line, reason, texts[line] ?? ""))
            }
            report.lines += chunk.count
            start += chunk.count
            progress?(start, input.lines.count)
        }
        return report
    }

    /// One data line as a session, or the reason it is rejected.
    /// - Throws: `DatasetError` whose `message` is the reason.
    static func session(
        _ bytes: ArraySlice<UInt8>, number: Int, _ reader: ACNSessionReader, _ receivedAt: Timestamp
    ) throws(DatasetError) -> HistoricalSession {
        func fail(_ message: String) -> DatasetError { DatasetError(source: reader.source, line: number, message: message) }
        guard bytes.count <= maximumLineBytes else {
            throw fail("the line is \(bytes.count) bytes, more than the limit of \(maximumLineBytes)")
        }
        let s = try reader.session(line: bytes, number: number)
        if s.id.unicodeScalars.count > maximumSessionIdLength {
            throw fail("column \"session_id\": longer than \(maximumSessionIdLength) characters: \(DatasetError.quoted(s.id))")
        }
        if s.stationId.unicodeScalars.count > maximumStationIdLength {
            throw fail("column \"station_id\": longer than \(maximumStationIdLength) characters: \(DatasetError.quoted(s.stationId))")
        }
        guard s.arrival >= earliestArrival else { throw fail("column \"arrival\": \(s.arrival) is before 2000") }
        let latest = receivedAt.adding(milliseconds: 86_400_000)
        guard s.departure <= latest else {
            throw fail("column \"departure\": \(s.departure) is more than a day after the file was received (\(receivedAt))")
        }
        return HistoricalSession(
            sessionId: s.id, stationId: s.stationId, arrival: s.arrival, departure: s.departure, estimatedDeparture: s.estimatedDeparture,
            requestedWh: wattHours(s.requestedKwh), deliveredWh: wattHours(s.deliveredKwh), claimed: s.claimed)
    }

    /// kWh to Wh, rounded to the mWh (so `44.069` kWh is exactly `44069` Wh).
    static func wattHours(_ kWh: Double) -> Double { (kWh * 1_000_000).rounded() / 1000 }
}
