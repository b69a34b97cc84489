import Foundation
public import Synthetic

/// Byte-level mutations of a valid input, seeded so a failure reproduces.
public struct Mutator {
    public var rng: SeededGenerator
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

    public mutating func int(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(rng.next() % UInt64(bound)) }

    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
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
    public static func replace(_ b: [UInt8], _ old: [UInt8], _ new: [UInt8], occurrence: Int) -> [UInt8] {
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

    public init(rng: SeededGenerator) { self.rng = rng }
}

/// Inputs for the fuzz tests.
public enum Fuzzing {
    /// Lines `range` (1-based, inclusive) of a shipped file, after its header.
    public static func excerpt(_ relative: String, lines range: ClosedRange<Int>) throws -> [UInt8] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(relative))))
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return Array(([lines[0]] + lines[(range.lowerBound - 1)..<range.upperBound]).joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]
    }
}
