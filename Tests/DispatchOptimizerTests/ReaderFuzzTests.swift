import ChargeShareDomain
import DispatchOptimizer
import Synthetic
import Testing

/// Seeded fuzzing of the two contract readers (issue 10): a problem and a dispatch result (read
/// back for tariff publishing). Thousands of mutations of valid documents, parsed only: each must
/// read or fail with issues whose lines are printable (no raw control character, no line break)
/// and bounded in length, whatever the input held.
struct ReaderFuzzTests {
    static let problem = ProblemGenerator(feeders: 2, sitesPerFeeder: 2, sessionsPerFeeder: 3, intervals: 6, seed: 3).generate()
    static let problemJSON: [UInt8] = JSONWriter().bytes(problem.json)
    static let resultJSON: [UInt8] = {
        guard let result = try? Dispatcher().dispatch(problem) else { return [] }
        return JSONWriter().bytes(result.json)
    }()

    /// Fragments a hostile or broken client might send: control characters, escapes, huge and
    /// non-finite numbers, deep nesting, non-ASCII, duplicate keys.
    static let fragments: [String] = [
        "\u{1b}[2J", "\\n", "\\u001b", "\\ud800", "\u{2028}", "\u{202e}", "1e309", "-0", "1e-400", "9223372036854775808",
        "NaN", "Infinity", "[[[[[[[[[[[[[[[[", "}}}}", "\"\":", "\"id\":\"x\",\"id\":\"y\"", "é", "\u{0}", "\"\\\"", ",,", "null", "true",
        "\"2026-02-31T00:00:00Z\"", "\"9999-12-31T23:59:00Z\"", "\"0001-01-01T00:00:00Z\"", String(repeating: "k", count: 300),
    ]

    static func mutate(_ seed: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int(rng.next() % 3 + 1) {
            guard !bytes.isEmpty else { return [0x7B] }
            let i = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 5 {
            case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
            case 1: bytes.removeSubrange(i..<min(bytes.count, i + Int(rng.next() % 40)))
            case 2: bytes.insert(contentsOf: Array(rng.pick(fragments).utf8), at: i)
            case 3: bytes = Array(bytes.prefix(i))
            default:
                // Replace a number or a string value after a colon with a fragment.
                if let colon = bytes[i...].firstIndex(of: 0x3A) {
                    let end = bytes[(colon + 1)...].firstIndex { $0 == 0x2C || $0 == 0x7D } ?? bytes.count
                    bytes.replaceSubrange((colon + 1)..<end, with: Array(rng.pick(fragments).utf8))
                }
            }
        }
        return bytes
    }

    static func checkPrintable(_ invalid: InvalidProblem, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!invalid.issues.isEmpty, sourceLocation: sourceLocation)
        for issue in invalid.issues {
            let line = issue.description
            let bad = line.unicodeScalars.first { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{202e}" }
            #expect(bad == nil, "control character in \(line.debugDescription)", sourceLocation: sourceLocation)
            #expect(line.count < 600, "issue line of \(line.count) characters", sourceLocation: sourceLocation)
        }
    }

    @Test func problemReaderSurvivesMutations() {
        var rng = SeededGenerator(seed: 20_261_201)
        var read = 0
        for _ in 0..<3000 {
            let bytes = Self.mutate(Self.problemJSON, &rng)
            do {
                _ = try ProblemReader.read(bytes)
                read += 1
            } catch {
                Self.checkPrintable(error)
            }
        }
        #expect(read > 0 && read < 3000, "\(read) of 3000 mutated problems read")
    }

    @Test func resultReaderSurvivesMutations() throws {
        #expect(!Self.resultJSON.isEmpty)
        _ = try FlowsReader.read(Self.resultJSON, for: Self.problem)
        var rng = SeededGenerator(seed: 1_105)
        var read = 0
        for _ in 0..<3000 {
            let bytes = Self.mutate(Self.resultJSON, &rng)
            do {
                _ = try FlowsReader.read(bytes, for: Self.problem)
                read += 1
            } catch {
                Self.checkPrintable(error)
            }
        }
        #expect(read < 3000, "\(read) of 3000 mutated results read")
    }
}
