import ChargeShareDomain
import Synthetic
import TestSupport
import Testing

@testable import Telemetry

/// Seeded fuzzing of the telemetry reader: each valid message of every action mutated 2,000 times.
@Suite("Telemetry fuzzing")
struct TelemetryFuzzTests {
    @Test("Mutated envelopes are read or rejected with a path and a reason, never crash; what reads keeps the rules")
    func mutatedEnvelopes() {
        let reader = TelemetryReaderTests.reader
        var m = Mutator(rng: SeededGenerator(seed: 0x0CC9))
        var read = 0, rejected = 0
        for message in Messages.all {
            for _ in 0..<2000 {
                let input = m.mutate(Array(message.utf8))
                do {
                    let r = try reader.read(input)
                    read += 1
                    #expect(!r.messageId.isEmpty && r.messageId.count <= 128 && (1...48).contains(r.stationId.count) && r.evseId >= 0)
                    for s in r.meterSamples {
                        #expect(s.time >= TelemetryReader.earliest && s.value.isFinite)
                        if s.measurand == .voltage { #expect((0...1000).contains(s.value)) }
                        if s.measurand.isRegister { #expect(s.value >= 0) }
                    }
                    #expect(r.deviceReadings.allSatisfy { (-60...200).contains($0.value) })
                } catch {
                    rejected += 1
                    #expect(!error.path.isEmpty && !error.message.isEmpty)
                    #expect(!error.description.contains("\n"), "one line per reason: \(error.description)")
                }
            }
        }
        #expect(read > 0 && rejected > 0)
    }
}
