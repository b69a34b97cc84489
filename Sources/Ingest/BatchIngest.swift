public import ChargeShareDomain
public import Store
public import Telemetry

/// Batch ingest of a JSONL telemetry file (`chargeshare ingest --file`): every line read and
/// checked (`TelemetryReader`), accepted messages stored once by `messageId`, rejected lines
/// recorded with their number and reason, in transactions of at most `batchLines` lines and about
/// `batchBytes` bytes.
///
/// The input is streamed (`JSONLinesReader`): memory holds a few batches, whatever the file's
/// size. Reading and checking run on a thread of their own, one batch ahead of the store.
/// Each transaction is all or nothing: a message is never half-stored. If the store fails, the
/// transactions before it stay committed and the error says how far the file got; running the
/// same file again skips what is stored (duplicates) and stores the rest.
public struct BatchIngest {
    public let store: any TelemetryStore
    /// Lines per transaction: large enough that commits do not dominate, small enough to bound
    /// the memory of one batch.
    public var batchLines: Int
    /// Bytes of input per transaction, about (a batch ends with the line that reaches it).
    public var batchBytes: Int

    public init(store: any TelemetryStore, batchLines: Int = 5000, batchBytes: Int = 8 << 20) {
        self.store = store
        self.batchLines = max(1, batchLines)
        self.batchBytes = max(1, batchBytes)
    }

    /// What a file did, and the rejected lines for the rejects file.
    public struct Report: Sendable {
        public var counts = IngestCounts()
        /// Lines read (blank lines are not counted).
        public var lines = 0
        /// Every rejected line: its number, the reason and the line's text.
        public var rejects: [(line: Int, reason: String, text: String)] = []
    }

    /// Why a file stopped part way: the store failed, or the input could not be read, after
    /// `committedLines` lines were stored.
    public struct Failure: Error, CustomStringConvertible {
        /// A `StoreError`, or what reading the input threw.
        public let error: any Error
        public let committedLines: Int
        public let report: Report

        /// True when the store failed (not the input).
        public var isStoreFailure: Bool { error is StoreError }

        public var description: String {
            "\(error) (the first \(committedLines) line(s) are stored; run the same file again to store the rest: what is stored is skipped)"
        }
    }

    /// Ingests `bytes` read from `source` at `receivedAt`.
    /// - Parameter progress: called after each batch with (bytes done, bytes in all).
    public func ingest(_ bytes: [UInt8], source: String, receivedAt: Timestamp, progress: ((Int, Int) -> Void)? = nil) throws(Failure) -> Report {
        try ingest(lines: .reading(bytes), source: source, receivedAt: receivedAt) { _, done in progress?(done, bytes.count) }
    }

    /// Ingests the lines of a stream read from `source` at `receivedAt`.
    /// - Parameter progress: called after each batch with (lines done, input bytes done).
    public func ingest(lines: consuming JSONLinesReader, source: String, receivedAt: Timestamp, progress: ((Int, Int) -> Void)? = nil)
        throws(Failure) -> Report
    {
        let pipeline = ReadAhead(
            lines: lines, reader: TelemetryReader(receivedAt: receivedAt), source: source, batchLines: batchLines, batchBytes: batchBytes)
        defer { pipeline.stop() }
        var report = Report()
        while let next = pipeline.next() {
            let prepared: ReadAhead.Prepared
            switch next {
            case .success(let p): prepared = p
            case .failure(let error): throw Failure(error: error, committedLines: report.lines, report: report)
            }
            let outcome: IngestOutcome
            do { outcome = try store.ingest(prepared.batch) } catch {
                throw Failure(error: error, committedLines: report.lines, report: report)
            }
            report.counts = report.counts + outcome.counts
            var rejects: [(line: Int, reason: String, text: String)] = []
            if !outcome.rejectedByStore.isEmpty {
                let text = Dictionary(prepared.lines.lines.map { ($0.number, $0.bytes) }, uniquingKeysWith: { a, _ in a })
                for r in outcome.rejectedByStore {
                    rejects.append((r.line, r.reason, text[r.line].map { String(decoding: $0, as: UTF8.self) } ?? ""))
                }
            }
            let duplicates = Set(outcome.duplicateLines)
            for item in prepared.batch.items {
                if case .rejected(let line, let reason, let text, _) = item, !duplicates.contains(line) {
                    rejects.append((line, reason, text))
                }
            }
            // Batches come in line order: sorting each batch keeps the whole list sorted.
            report.rejects += rejects.sorted { $0.line < $1.line }
            report.lines += prepared.lines.count
            progress?(report.lines, prepared.lines.endOffset)
            pipeline.recycle(prepared)
        }
        return report
    }

    /// The reading step of one batch: each line checked, in line order.
    static func prepare(_ lines: JSONLinesReader.Batch, reader: TelemetryReader, source: String) -> TelemetryBatch {
        var items: [TelemetryBatch.Item] = []
        items.reserveCapacity(lines.count)
        for line in lines.lines {
            do {
                items.append(.accepted(line: line.number, message: try reader.read(line.bytes)))
            } catch {
                let text = String(decoding: line.bytes, as: UTF8.self)
                items.append(.rejected(line: line.number, reason: error.description, text: text, messageId: Self.messageId(line.bytes)))
            }
        }
        if !lines.overlong.isEmpty {
            for line in lines.overlong {
                let reason = TelemetryReader.tooLong(line.byteCount).description
                items.append(.rejected(line: line.number, reason: reason, text: String(decoding: line.head, as: UTF8.self) + "…", messageId: nil))
            }
            items.sort { $0.line < $1.line }
        }
        return TelemetryBatch(source: source, receivedAt: reader.receivedAt, items: items)
    }

    /// The envelope's `messageId` of a line that was rejected, when the line is JSON with one.
    static func messageId(_ line: ArraySlice<UInt8>) -> String? {
        guard let json = try? JSONReader.parse(Array(line), options: JSONReader.Options(maximumDepth: 32)) else { return nil }
        return json["messageId"]?.stringValue
    }
}

extension TelemetryBatch.Item {
    /// The item's line number.
    var line: Int {
        switch self {
        case .accepted(let line, _), .rejected(let line, _, _, _): line
        }
    }
}
