import Foundation
import Store
import Telemetry

/// The reading step of batch ingest on a thread of its own: it reads and checks the next batch
/// while the store writes the last one (two cores: one parses JSON, one runs SQLite).
///
/// While the store writes one batch, one waits (`capacity`) and one is being read, so memory
/// stays bounded whatever the input. `stop` ends the thread and waits for it: the input is not touched after.
final class ReadAhead: @unchecked Sendable {
    /// A batch ready for the store, with the lines it came from (for the text of lines the
    /// store rejects).
    struct Prepared {
        var batch: TelemetryBatch
        var lines: JSONLinesReader.Batch
    }

    /// Batches read ahead and waiting.
    static let capacity = 1

    // Every field below is guarded by `condition`, except `lines`, which only the thread uses.
    private let condition = NSCondition()
    private var queue: [Result<Prepared, any Error>] = []
    private var finished = false
    private var stopped = false
    /// Batches the store is done with, released on the reading thread: freeing a batch's JSON
    /// trees where they were allocated is cheaper (one malloc arena) and keeps the store's
    /// thread, the slower one, on SQLite.
    private var spent: [Prepared] = []
    private var running = true
    private var lines: JSONLinesReader

    init(lines: consuming JSONLinesReader, reader: TelemetryReader, source: String, batchLines: Int, batchBytes: Int) {
        self.lines = lines
        let thread = Thread { [self] in
            self.run(reader: reader, source: source, batchLines: batchLines, batchBytes: batchBytes)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func run(reader: TelemetryReader, source: String, batchLines: Int, batchBytes: Int) {
        defer {
            condition.withLock {
                finished = true
                running = false
                condition.broadcast()
            }
        }
        while true {
            let result: Result<Prepared, any Error>
            do {
                guard let batch = try lines.next(maximumLines: batchLines, maximumBytes: batchBytes) else { return }
                result = .success(Prepared(batch: BatchIngest.prepare(batch, reader: reader, source: source), lines: batch))
            } catch {
                result = .failure(error)
            }
            var done: [Prepared] = []
            let keepGoing = condition.withLock {
                while queue.count >= Self.capacity, !stopped { condition.wait() }
                swap(&done, &spent)
                guard !stopped else { return false }
                queue.append(result)
                condition.broadcast()
                return true
            }
            done.removeAll()
            if !keepGoing { return }
            if case .failure = result { return }
        }
    }

    /// The next batch (or the input's error), in order; `nil` when the input is done.
    func next() -> Result<Prepared, any Error>? {
        condition.withLock {
            while queue.isEmpty, !finished { condition.wait() }
            guard !queue.isEmpty else { return nil }
            condition.broadcast()
            return queue.removeFirst()
        }
    }

    /// Hands a batch the store is done with back, to be released on the reading thread.
    func recycle(_ prepared: Prepared) {
        condition.withLock { spent.append(prepared) }
    }

    /// Ends the reading thread and waits until it has stopped.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
            while running { condition.wait() }
        }
    }
}
