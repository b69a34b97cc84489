import ChargeShareDomain
import Synthetic
import TestSupport
import Testing

/// Seeded fuzzing of the registry reader: the bundled example mutated 3,000 times.
@Suite("Registry fuzzing")
struct RegistryFuzzTests {
    @Test("Mutated registry files read, or fail with every issue at a JSON path, never crash")
    func mutatedRegistries() {
        var m = Mutator(rng: SeededGenerator(seed: 0x5E6))
        var read = 0, refused = 0
        for _ in 0..<3000 {
            let input = m.mutate(RegistryReaderTests.example)
            do {
                let r = try RegistryReader.read(input)
                // What reads keeps the rules: unique ids, chargers on known sites, one per EVSE.
                #expect(Set(r.chargers.map(\.charger.id)).count == r.chargers.count)
                #expect(r.chargers.allSatisfy { c in r.sites.contains { $0.id == c.charger.siteId } })
                #expect(Set(r.chargers.map { StationEVSE(stationId: $0.stationId, evseId: $0.charger.evseId) }).count == r.chargers.count)
                read += 1
            } catch {
                #expect(!error.issues.isEmpty && error.issues.allSatisfy { $0.path.hasPrefix("$") || $0.path.first?.isLetter == true })
                refused += 1
            }
        }
        #expect(read > 0 && refused > 0)
    }
}
