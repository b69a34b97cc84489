import ChargeShareDomain
import Foundation
import Pricing
import Synthetic
import Testing

/// Seeded fuzzing of the pricing-file reader (issue 10: every parser): thousands of mutations of
/// the bundled Datasets/examples/pricing.json read or fail with printable, bounded issue lines.
struct PricingConfigFuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fragments = ["\u{1b}[2J", "\\n", "1e309", "-1", "NaN", "\"x\"", "null", "[]", "{}", "\"\u{202e}\"", "0.00001", "1e4", "\"\":1,"]

    @Test func readerSurvivesMutations() throws {
        let seed = Array(try Data(contentsOf: Self.root.appendingPathComponent("Datasets/examples/pricing.json")))
        _ = try PricingConfig.read(seed)
        var rng = SeededGenerator(seed: 2026)
        var read = 0
        for _ in 0..<3000 {
            var bytes = seed
            for _ in 0..<(rng.below(3) + 1) where !bytes.isEmpty {
                let i = rng.below(bytes.count)
                switch rng.below(4) {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.removeSubrange(i..<min(bytes.count, i + rng.below(30)))
                case 2: bytes.insert(contentsOf: Array(Self.fragments[rng.below(Self.fragments.count)].utf8), at: i)
                default: bytes = Array(bytes.prefix(i))
                }
            }
            do {
                _ = try PricingConfig.read(bytes)
                read += 1
            } catch {
                #expect(!error.issues.isEmpty)
                for issue in error.issues {
                    let line = issue.description
                    #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202e}" }, "\(line.debugDescription)")
                    #expect(line.count < 600)
                }
            }
        }
        #expect(read < 3000, "\(read) of 3000 mutated files read")
    }
}

extension SeededGenerator {
    /// A uniform integer in 0..<n (0 when n ≤ 1).
    fileprivate mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}
