import ArgumentParser
import ChargeShareDomain
import Foundation
import Ingest
import Store
import Telemetry

/// `chargeshare bench ingest`: batch ingest of MeterValues envelopes into a new engine database,
/// against the ceiling of the same rows inserted with no checks.
struct BenchIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Time batch ingest of N MeterValues envelopes (10 samples each) into a new database, against raw inserts of the same rows.",
        discussion:
            "Build in release mode first: swift build -c release. The input is what scripts/make_telemetry_bench.py writes (or --file), streamed from a temporary file like `chargeshare ingest --file`. Medians, minimum and maximum over --runs runs; peak RSS is /proc/self/status VmHWM, reset before each case."
    )

    @Option(name: .long, help: "Messages to generate (10 meter samples each).") var messages = 100_000
    @Option(name: .long, help: "Runs of each case.") var runs = 3
    @Option(name: .long, help: ArgumentHelp("Ingest this JSONL file instead of generating one.", valueName: "file")) var file: String?
    @Option(name: .long, help: ArgumentHelp("When the lines were received (RFC 3339).", valueName: "time")) var received = "2026-06-03T00:00:00Z"

    func validate() throws {
        guard (1...5_000_000).contains(messages) else { throw ValidationError("--messages must be from 1 to 5,000,000") }
        guard (1...50).contains(runs) else { throw ValidationError("--runs must be from 1 to 50") }
        guard Timestamp(rfc3339: received) != nil else { throw ValidationError("--received: not an RFC 3339 time") }
    }

    func run() throws {
        let receivedAt = Timestamp(rfc3339: received) ?? Timestamp(millisecondsSinceEpoch: 0)
        let work = NSTemporaryDirectory() + "chargeshare-bench-ingest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let input = file ?? work + "/input.jsonl"
        if file == nil { try Self.generate(messages: messages, to: input) }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        IO.print("input: \(file ?? "generated, \(messages) message(s)"), \(bytes / 1_048_576) MiB; \(runs) run(s) per case")
        IO.print("| case | median s | min s | max s | samples/s (median) | peak RSS MB |")
        IO.print("|---|---:|---:|---:|---:|---:|")
        var ingest = Case(name: "chargeshare ingest (BatchIngest)")
        for run in 0..<runs {
            let db = work + "/ingest-\(run).sqlite"
            PeakMemory.reset()
            let clock = ContinuousClock(), start = clock.now
            let store = try SQLiteStore(path: db, schema: .engine)
            let stream = try StreamedInput(input)
            _ = try BatchIngest(store: store).ingest(lines: JSONLinesReader { try stream.read(into: $0) }, source: input, receivedAt: receivedAt)
            ingest.add(seconds: BenchDispatchCommand.ms(clock.now - start) / 1000, samples: try store.telemetryStats().meterSamples)
            Self.remove(db)
        }
        IO.print(ingest.row)
        var ceiling = Case(name: "ceiling: raw prepared inserts, same rows, no checks (parse untimed)")
        for run in 0..<runs {
            let db = work + "/ceiling-\(run).sqlite"
            PeakMemory.reset()
            let store = try SQLiteStore(path: db, schema: .engine)
            let stream = try StreamedInput(input)
            var lines = JSONLinesReader { try stream.read(into: $0) }
            let reader = TelemetryReader(receivedAt: receivedAt)
            var seconds = 0.0, samples = 0
            while let batch = try lines.next(maximumLines: 5000, maximumBytes: 8 << 20) {
                let messages = batch.lines.compactMap { try? reader.read($0.bytes) }
                let payloads = messages.map(\.canonicalPayload)
                let clock = ContinuousClock(), start = clock.now
                samples += try store.insertWithoutChecks(messages, payloads: payloads, source: input, receivedAt: receivedAt) - messages.count
                seconds += BenchDispatchCommand.ms(clock.now - start) / 1000
            }
            ceiling.add(seconds: seconds, samples: samples)
            Self.remove(db)
        }
        IO.print(ceiling.row)
    }

    /// One case's runs.
    struct Case {
        let name: String
        var seconds: [Double] = []
        var samples = 0
        var peakMegabytes = 0.0

        mutating func add(seconds: Double, samples: Int) {
            self.seconds.append(seconds)
            self.samples = samples
            peakMegabytes = max(peakMegabytes, PeakMemory.megabytes())
        }

        var row: String {
            let median = BenchDispatchCommand.median(seconds)
            let cells = [
                name, String(format: "%.2f", median), String(format: "%.2f", seconds.min() ?? 0), String(format: "%.2f", seconds.max() ?? 0),
                String(format: "%.0f", Double(samples) / max(median, 1e-9)), String(format: "%.0f", peakMegabytes),
            ]
            return "| " + cells.joined(separator: " | ") + " |"
        }
    }

    /// Writes the input as the script does, a block of lines at a time.
    static func generate(messages: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot create \(path)")
        }
        defer { try? handle.close() }
        var input = BenchIngestInput()
        var block = ""
        for i in 0..<messages {
            block += input.line(i)
            if block.utf8.count >= 1 << 20 || i == messages - 1 {
                try handle.write(contentsOf: Data(block.utf8))
                block = ""
            }
        }
    }

    static func remove(_ db: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }
}

/// Peak resident memory of this process: `VmHWM` of /proc/self/status, which writing 5 to
/// /proc/self/clear_refs resets (Linux); elsewhere getrusage's `ru_maxrss`, which never resets.
enum PeakMemory {
    static func reset() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    static func megabytes() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kB = Double(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kB / 1024
        }
        return BenchDispatchCommand.peakResidentMegabytes()
    }
}
