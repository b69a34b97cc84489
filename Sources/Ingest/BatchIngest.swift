public import ChargeShareDomain
public import Store
import Telemetry

/// Batch ingest of a JSONL telemetry file (`chargeshare ingest --file`): every line read and
/// checked (`TelemetryReader`), accepted messages stored once by `messageId`, rejected lines
/// recorded with their number and reason, in transactions of `batchLines` lines.
///
/// Each transaction is all or nothing: a message is never half-stored. If the store fails, the
/// transactions before it stay committed and the error says how far the file got; running the
/// same file again skips what is stored (duplicates) and stores the rest.
public struct BatchIngest {
    public let store: any TelemetryStore
    /// Lines per transaction: large enough that commits do not dominate, small enough to bound
    /// the memory of one batch.
    public var batchLines: Int

    public init(store: any TelemetryStore, batchLines: Int = 5000) {
        self.store = store
        self.batchLines = max(1, batchLines)
    }

    /// What a file did, and the rejected lines for the rejects file.
    public struct Report: Sendable {
        public var counts = IngestCounts()
        /// Lines read (blank lines are not counted).
        public var lines = 0
        /// Every rejected line: its number, the reason and the line's text.
        public var rejects: [(line: Int, reason: String, text: String)] = []
    }

    /// Why a file stopped part way: the store failed after `committedLines` lines were stored.
    public struct Failure: Error, CustomStringConvertible {
        public let error: StoreError
        public let committedLines: Int
        public let report: Report

        public var description: String {
            "\(error) (the first \(committedLines) line(s) are stored; run the same file again to store the rest: what is stored is skipped)"
        }
    }

    /// Ingests `bytes` read from `source` at `receivedAt`.
    /// - Parameter progress: called after each batch with (lines done, lines in all).
    public func ingest(_ bytes: [UInt8], source: String, receivedAt: Timestamp, progress: ((Int, Int) -> Void)? = nil) throws(Failure) -> Report {
        let reader = TelemetryReader(receivedAt: receivedAt)
        let lines = JSONLines.lines(bytes)
        var report = Report()
        var start = 0
        while start < lines.count {
            let chunk = lines[start..<min(start + batchLines, lines.count)]
            var items: [TelemetryBatch.Item] = []
            items.reserveCapacity(chunk.count)
            for line in chunk {
                do {
                    items.append(.accepted(line: line.number, message: try reader.read(Array(line.bytes))))
                } catch {
                    let text = String(decoding: line.bytes, as: UTF8.self)
                    items.append(.rejected(line: line.number, reason: error.description, text: text, messageId: Self.messageId(line.bytes)))
                }
            }
            let outcome: IngestOutcome
            do {
                outcome = try store.ingest(TelemetryBatch(source: source, receivedAt: receivedAt, items: items))
            } catch {
                throw Failure(error: error, committedLines: start, report: report)
            }
            report.counts = report.counts + outcome.counts
            if !outcome.rejectedByStore.isEmpty {
                let text = Dictionary(chunk.map { ($0.number, $0.bytes) }, uniquingKeysWith: { a, _ in a })
                for r in outcome.rejectedByStore {
                    report.rejects.append((r.line, r.reason, text[r.line].map { String(decoding: $0, as: UTF8.self) } ?? ""))
                }
            }
            let duplicates = Set(outcome.duplicateLines)
            for item in items {
                if case .rejected(let line, let reason, let text, _) = item, !duplicates.contains(line) {
                    report.rejects.append((line, reason, text))
                }
            }
            report.rejects.sort { $0.line < $1.line }
            report.lines += chunk.count
            start += chunk.count
            progress?(start, lines.count)
        }
        return report
    }

    /// The envelope's `messageId` of a line that was rejected, when the line is JSON with one.
    static func messageId(_ line: ArraySlice<UInt8>) -> String? {
        guard let json = try? JSONReader.parse(Array(line), options: JSONReader.Options(maximumDepth: 32)) else { return nil }
        return json["messageId"]?.stringValue
    }
}
