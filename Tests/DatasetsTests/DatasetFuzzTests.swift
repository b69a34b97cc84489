import ChargeShareDatasets
import ChargeShareDomain
import Foundation
import Synthetic
import Testing
import TestSupport

/// Seeded fuzzing of every dataset parser: real files mutated a few thousand times each.
///
/// Every case must either load, or fail with a `DatasetError` (typed throws make that the only
/// error a parser can raise) whose message is non-empty and names a line (a JSON path for the
/// tariff's structure). What loads must also be safe to replay: a session file must place on the
/// grid or be refused by the span limit, a price series must stay within its span limit.
@Suite("Dataset fuzzing")
struct DatasetFuzzTests {
    static let cases = 3000

    /// Byte-level mutations of a valid input, seeded so a failure reproduces.
    struct Mutator {
        var rng: SeededGenerator
        static let snippets: [[UInt8]] = [
            Array("é".utf8), Array("\u{301}".utf8), Array("\u{FEFF}".utf8), Array("\u{2028}".utf8), Array("🔌".utf8),
            [0xFF], [0xC3], [0xE2, 0x82], [0x00], Array("\r".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\"".utf8),
            Array(",".utf8), Array("\"\"".utf8), Array(" ".utf8), Array("nan".utf8), Array("inf".utf8), Array("-inf".utf8),
            Array("1e308".utf8), Array("-1e308".utf8), Array("1e-320".utf8), Array("99999999999999999999".utf8), Array("-0".utf8),
            Array("0001".utf8), Array("9999".utf8), Array("0000".utf8), Array("02-31".utf8), Array("13".utf8), Array("24:00".utf8),
            Array("+14:00".utf8), Array("T".utf8), Array("Z".utf8), Array("{".utf8), Array("[".utf8), Array("]".utf8),
            Array("}".utf8), Array(":".utf8), Array("null".utf8), Array("true".utf8),
        ]
        static let replacements: [(String, String)] = [
            ("2019", "0001"), ("2019", "9999"), ("2023", "0001"), ("2023", "9999"), ("05-01", "02-31"), ("05-0", "02-3"),
            ("01/", "31/"), ("/01/", "/13/"), ("-07:00", "+25:00"), ("-07:00", "Z"), ("True", "true"), ("0.", "nan"),
            ("1", "inf"), (".", "e308"), (",", ",,"), ("\n", "\r\n"), ("\r\n", "\n"), ("\"", ""), ("06-01", "12-31"),
            ("WEEKDAYS", "ALL"), ("0, 8", "8, 0"), ("00:00", "00:30"), ("\n", "\n\n"),
        ]

        mutating func int(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(rng.next() % UInt64(bound)) }

        mutating func mutate(_ input: [UInt8]) -> [UInt8] {
            var b = input
            for _ in 0..<(1 + int(3)) {
                let at = int(b.count + 1)
                switch int(8) {
                case 0 where !b.isEmpty: b[min(at, b.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
                case 1: b = Array(b.prefix(at))
                case 2, 3: b.insert(contentsOf: rng.pick(Self.snippets), at: at)
                case 4 where !b.isEmpty: b.removeSubrange(min(at, b.count - 1)..<min(b.count, at + 1 + int(40)))
                case 5, 6:
                    let (old, new) = rng.pick(Self.replacements)
                    b = Self.replace(b, Array(old.utf8), Array(new.utf8), occurrence: int(30))
                default:
                    // Duplicate or move a whole line.
                    let lines = b.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                    guard lines.count > 2 else { continue }
                    var copy = Array(lines)
                    copy.insert(lines[int(lines.count)], at: int(lines.count))
                    b = Array(copy.joined(separator: [UInt8(ascii: "\n")]))
                }
            }
            return b
        }

        /// Replaces the `occurrence`-th match (wrapping around), or returns the input when none match.
        static func replace(_ b: [UInt8], _ old: [UInt8], _ new: [UInt8], occurrence: Int) -> [UInt8] {
            var matches: [Int] = []
            var i = 0
            while i + old.count <= b.count, matches.count < 64 {
                if b[i..<(i + old.count)].elementsEqual(old) { matches.append(i) }
                i += 1
            }
            guard !matches.isEmpty else { return b }
            let at = matches[occurrence % matches.count]
            return Array(b[..<at]) + new + Array(b[(at + old.count)...])
        }
    }

    /// Lines `range` (1-based, inclusive) of a shipped file, after its header.
    static func excerpt(_ relative: String, lines range: ClosedRange<Int>) throws -> [UInt8] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(relative))))
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return Array(([lines[0]] + lines[(range.lowerBound - 1)..<range.upperBound]).joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]
    }

    static func check(_ e: DatasetError, _ input: [UInt8], allowPath: Bool = false) {
        let where_ = e.line != nil || allowPath && e.message.hasPrefix("$")
        #expect(!e.message.isEmpty && where_, "\(e) for input \(String(decoding: input.prefix(400), as: UTF8.self).debugDescription)")
    }

    @Test("ACN sessions CSV: mutated Caltech rows load or fail with a line")
    func acnSessions() throws {
        try Self.sessions(Self.excerpt("acn/caltech_2019-05-01_2019-08-31.csv", lines: 2...31), seed: 0xAC)
    }

    @Test("Session export: mutated rows load or fail with a line")
    func exportedSessions() throws {
        let caltech = try SessionFile.load(path: Fixtures.path("acn/caltech_2019-05-01_2019-08-31.csv"))
        try Self.sessions(Array(SessionFile.export(Array(caltech.prefix(30))).utf8), seed: 0xE7)
    }

    static func sessions(_ valid: [UInt8], seed: UInt64) throws {
        _ = try SessionFile.parse(CSVTable(bytes: valid, source: "s.csv"))
        var m = Mutator(rng: SeededGenerator(seed: seed))
        var loaded = 0, refused = 0
        for _ in 0..<cases {
            let input = m.mutate(valid)
            do {
                let sessions = try SessionFile.parse(CSVTable(bytes: input, source: "s.csv"))
                loaded += 1
                // What the loader guarantees the replay: every stay and estimate within 7 days.
                let week: Int64 = 7 * 86_400_000
                #expect(
                    sessions.allSatisfy {
                        $0.departure.millisecondsSinceEpoch - $0.arrival.millisecondsSinceEpoch <= week
                            && abs($0.estimatedDeparture.millisecondsSinceEpoch - $0.arrival.millisecondsSinceEpoch) <= week
                    })
            } catch {
                refused += 1
                check(error, input)
            }
        }
        #expect(loaded > 0 && refused > 0)
    }

    @Test("Day-ahead prices: mutated rows in both date formats load or fail with a line")
    func prices() throws {
        let valid = try Self.excerpt("prices/Netherlands_day-ahead-2015-2024.csv", lines: 76_660...76_700)
        _ = try DayAheadPrices.parse(CSVTable(bytes: valid, source: "p.csv"))
        var m = Mutator(rng: SeededGenerator(seed: 0xDA))
        var loaded = 0, refused = 0
        for _ in 0..<Self.cases {
            let input = m.mutate(valid)
            do {
                let (prices, _) = try DayAheadPrices.parse(CSVTable(bytes: input, source: "p.csv"))
                loaded += 1
                #expect(prices.perKwh.count <= Int(DayAheadPrices.maximumSpanHours) + 1)
                #expect(prices.perKwh.allSatisfy { $0.isFinite })
            } catch {
                refused += 1
                Self.check(error, input)
            }
        }
        #expect(loaded > 0 && refused > 0)
    }

    @Test("TOU tariff JSON: mutated SCE tariff loads or fails with a line or a JSON path")
    func tariff() throws {
        let valid = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("tariffs/sce_tou_ev_4_march_2019.json"))))
        var m = Mutator(rng: SeededGenerator(seed: 0x70))
        var loaded = 0, refused = 0
        for _ in 0..<Self.cases {
            let input = m.mutate(valid)
            do {
                let t = try TimeOfUseTariff.parse(input, source: "t.json", timeZone: "America/Los_Angeles")
                loaded += 1
                #expect(t.price(at: Fixtures.time("2019-07-01T19:00:00Z")).isFinite)
            } catch {
                refused += 1
                Self.check(error, input, allowPath: true)
            }
        }
        #expect(loaded > 0 && refused > 0)
    }

    @Test("ElaadNL tables: one mutated table of four loads or fails with a line")
    func elaad() throws {
        let names = [
            "distribution-of-arrival.csv", "distribution-of-arrival-weekend.csv", "distribution-of-connection-time.csv",
            "distribution-of-energy-demand.csv",
        ]
        let valid = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("elaad/\($0)")))) }
        var parsed: [CSVTable] = []
        for (i, bytes) in valid.enumerated() { parsed.append(try CSVTable(bytes: bytes, source: names[i])) }
        var m = Mutator(rng: SeededGenerator(seed: 0xE1))
        var loaded = 0, refused = 0
        for _ in 0..<Self.cases {
            var t = parsed
            let k = m.int(valid.count)
            let input = m.mutate(valid[k])
            do {
                t[k] = try CSVTable(bytes: input, source: names[k])
                _ = try ElaadDistributions.parse(weekdayArrivals: t[0], weekendArrivals: t[1], connectionTime: t[2], energyDemand: t[3])
                loaded += 1
            } catch {
                refused += 1
                Self.check(error, input)
            }
        }
        #expect(loaded > 0 && refused > 0)
    }
}
