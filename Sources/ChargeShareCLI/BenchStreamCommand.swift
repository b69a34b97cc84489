import ArgumentParser
import ChargeShareDomain
import Foundation
import Ingest
import MQTT
import Store
import Synchronization

/// `chargeshare bench stream`: the MQTT stream into a fresh engine database through a real broker —
/// messages per second sustained, and the delay from publish to commit — against the same stream
/// received and acknowledged without storing (the broker and client library's ceiling).
struct BenchStreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Messages/s and publish→commit delay of `ingest --mqtt` against a running broker.",
        discussion:
            "scripts/bench-stream.sh starts mosquitto with the recommended settings on a free port and runs this. Build in release mode first."
    )

    @Option(name: .long, help: ArgumentHelp("The broker (configured as Datasets/examples/mosquitto.conf).", valueName: "mqtt://host:port"))
    var mqtt: String
    @Option(name: .long, help: "Messages per throughput run.") var messages = 100_000
    @Option(name: .long, help: "Meter samples per MeterValues message.") var samples = 3
    @Option(name: .long, help: "Publish rate of the delay run, messages/s.") var rate = 5000
    @Option(name: .customLong("repeat"), help: "Throughput runs per mode; medians are reported.") var repetitions = 3

    func validate() throws {
        guard messages >= 1000, messages <= 10_000_000 else { throw ValidationError("--messages must be 1,000 to 10,000,000") }
        guard (1...20).contains(samples) else { throw ValidationError("--samples must be 1 to 20") }
        guard (1...1_000_000).contains(rate) else { throw ValidationError("--rate must be 1 to 1,000,000") }
        guard (1...20).contains(repetitions) else { throw ValidationError("--repeat must be 1 to 20") }
    }

    func run() throws {
        let address = try IO.failingWithExitOne { try MQTTAddress(url: mqtt) }
        let payloads = (0..<messages).map { Self.envelope($0, samples: samples) }
        IO.print("| run (\(messages) MeterValues messages, \(samples) samples each) | messages/s | p50 ms | p99 ms | max ms |")
        IO.print("|---|---|---|---|---|")
        for mode in [Mode.ceiling, .ingest] {
            var rates: [Double] = []
            for run in 0..<repetitions {
                let r = try IO.failingWithExitOne { try measure(mode, address, payloads, rate: nil, run: run) }
                rates.append(r.rate)
            }
            IO.print(
                String(format: "| %@, as fast as possible (median of %d) | %.0f | | | |", mode.name, repetitions, BenchDispatchCommand.median(rates)))
        }
        let paced = Array(payloads.prefix(min(messages, rate * 10)))
        for mode in [Mode.ceiling, .ingest] {
            let r = try IO.failingWithExitOne { try measure(mode, address, paced, rate: rate, run: 99) }
            IO.print(
                String(
                    format: "| %@, %d messages at %d/s | %.0f | %.2f | %.2f | %.2f |", mode.name, paced.count, rate, r.rate, r.percentile(0.5) * 1000,
                    r.percentile(0.99) * 1000, r.percentile(1) * 1000))
        }
    }

    enum Mode {
        /// Receive and acknowledge, store nothing: what broker and client library allow.
        case ceiling
        /// `ingest --mqtt`: read, check, commit, then acknowledge.
        case ingest
        var name: String { self == .ceiling ? "receive + acknowledge only (ceiling)" : "ingest (read, check, commit, acknowledge)" }
    }

    struct Measurement {
        let rate: Double
        /// Publish → commit (or → receipt, for the ceiling), seconds, sorted.
        let delays: [Double]
        func percentile(_ p: Double) -> Double { delays.isEmpty ? 0 : delays[min(delays.count - 1, Int(p * Double(delays.count - 1) + 0.5))] }
    }

    /// One run: a fresh session and database, the publisher on the library's thread, the consumer on this one.
    func measure(_ mode: Mode, _ address: MQTTAddress, _ payloads: [[UInt8]], rate: Int?, run: Int) throws -> Measurement {
        let n = payloads.count
        let id = "bench-\(getpid())-\(run)-\(mode == .ceiling ? "c" : "i")"
        let subscriber = try MQTTSubscriber(address: address, clientId: id, topic: "chargeshare/+/telemetry")
        try subscriber.connect()
        subscriber.disconnect()
        let times = Times(n)
        let t0 = ContinuousClock.now
        let publishing = Thread {
            do {
                let publisher = try MQTTPublisher(address: address, clientId: id + "-p", maxInflight: 1000)
                try publisher.connect()
                for (i, payload) in payloads.enumerated() {
                    if let rate {
                        let due = t0 + .nanoseconds(Int64(i) * 1_000_000_000 / Int64(rate))
                        while ContinuousClock.now < due { usleep(50) }
                    }
                    times.published[i] = Self.seconds(ContinuousClock.now - t0)
                    try publisher.publish(topic: "chargeshare/CS-\(i % 500)/telemetry", payload: payload)
                }
                try publisher.waitForAcknowledgements(timeout: .seconds(600))
                publisher.disconnect()
            } catch {
                IO.printError("bench: publisher: \(error)")
            }
        }
        publishing.start()
        var done = 0
        let deadline = ContinuousClock.now + .seconds(600)
        switch mode {
        case .ceiling:
            try subscriber.connect()
            while done < n && ContinuousClock.now < deadline {
                let batch = try subscriber.receive(timeout: .milliseconds(100))
                try subscriber.acknowledge()
                let now = Self.seconds(ContinuousClock.now - t0)
                for _ in batch where done < n {
                    times.committed[done] = now  // one publisher, one topic filter: in order
                    done += 1
                }
            }
            subscriber.disconnect()
        case .ingest:
            let directory = NSTemporaryDirectory() + "/chargeshare-bench-stream-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try SQLiteStore(path: directory + "/engine.sqlite", schema: .engine)
            _ = try StreamIngest(store: store).run(subscriber, shouldStop: { done >= n || ContinuousClock.now > deadline }, log: { _ in }) { ids, _ in
                let now = Self.seconds(ContinuousClock.now - t0)
                for id in ids { if let i = Int(id.dropFirst(2)), i < n { times.committed[i] = now } }
                done += ids.count
            }
        }
        guard done >= n else { throw ValidationError("only \(done) of \(n) messages arrived within 600 s") }
        while publishing.isExecuting { usleep(1000) }
        let delays = (0..<n).map { times.committed[$0] - times.published[$0] }.sorted()
        let last = (0..<n).map { times.committed[$0] }.max() ?? 0
        return Measurement(rate: Double(n) / max(last - times.published[0], 1e-9), delays: delays)
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    /// A MeterValues envelope: an import register and `samples - 1` phase voltages.
    static func envelope(_ i: Int, samples: Int) -> [UInt8] {
        let t = "2026-06-01T\(String(format: "%02d:%02d:%02d", 8 + i / 500 / 3600 % 12, i / 500 / 60 % 60, i / 500 % 60))Z"
        var values = [#"{"value":\#(1000 + i / 500)}"#]
        for k in 1..<samples {
            values.append(#"{"value":230.\#(k),"measurand":"Voltage","phase":"L\#(k % 3 + 1)-N","unitOfMeasure":{"unit":"V"}}"#)
        }
        return Array(
            #"{"messageId":"b-\#(i)","stationId":"CS-\#(i % 500)","evseId":1,"recordedAt":"\#(t)","action":"MeterValues","payload":{"evseId":1,"meterValue":[{"timestamp":"\#(t)","sampledValue":[\#(values.joined(separator: ","))]}]}}"#
                .utf8)
    }
}

/// Publish and commit times by message index, each array written by one thread and read after both finish.
private final class Times: @unchecked Sendable {
    var published: [Double]
    var committed: [Double]
    init(_ n: Int) {
        published = Array(repeating: 0, count: n)
        committed = Array(repeating: 0, count: n)
    }
}
