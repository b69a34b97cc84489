import Synthetic

/// Byte-level mutations of valid inputs for the fuzz tests, driven by Synthetic's seeded
/// SplitMix64 generator.
enum Mutator {
    /// Tokens an attacker would try: number extremes, negative zero, broken escapes, lone
    /// surrogates, deep nesting, huge strings, JSON punctuation.
    static let tokens: [String] = [
        "1e19", "-0", "1e308", "-1e309", "1e-400", "9007199254740993", "9007199254740991", "-1", "0.5", "1E+2",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u00e9\"", "\"\u{1B}[2J\"", "\"a\\nb\"", "null", "true", "false", "{}", "[]",
        "\"", "\\", ",", ":", "{", "}", "[", "]", "\"*\"", "\"../../etc/passwd\"",
        String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
        String(repeating: "{\"a\":", count: 40) + "1" + String(repeating: "}", count: 40),
        "\"" + String(repeating: "x", count: 100_000) + "\"",
        "\u{FF}", "\u{C0}\u{80}", "\u{ED}\u{A0}\u{80}",
    ]

    /// One random mutation of `bytes`.
    static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        let position = out.isEmpty ? 0 : Int.random(in: 0..<out.count, using: &rng)
        switch Int.random(in: 0..<8, using: &rng) {
        case 0:  // byte flip
            if !out.isEmpty { out[position] = UInt8.random(in: 0...255, using: &rng) }
        case 1:  // bit flip
            if !out.isEmpty { out[position] ^= 1 << UInt8.random(in: 0..<8, using: &rng) }
        case 2:  // truncation
            out = Array(out.prefix(position))
        case 3:  // insertion of a token
            let token = tokens[Int.random(in: 0..<tokens.count, using: &rng)]
            out.insert(contentsOf: Array(token.utf8), at: position)
        case 4:  // deletion of a span
            let end = min(out.count, position + Int.random(in: 1...16, using: &rng))
            out.removeSubrange(position..<end)
        case 5:  // duplication of a span
            let end = min(out.count, position + Int.random(in: 1...32, using: &rng))
            out.insert(contentsOf: Array(out[position..<end]), at: position)
        case 6:  // a number replaced by an extreme
            if let start = out[position...].firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                var end = start
                while end < out.count, (out[end] >= 0x30 && out[end] <= 0x39) || out[end] == UInt8(ascii: ".") { end += 1 }
                let extremes = ["1e19", "-0", "1e308", "9007199254740992", "-1", "1.5", "0"]
                out.replaceSubrange(start..<end, with: Array(extremes[Int.random(in: 0..<extremes.count, using: &rng)].utf8))
            }
        default:  // a string's content replaced by a token
            if let quote = out[position...].firstIndex(of: UInt8(ascii: "\"")) {
                let token = tokens[Int.random(in: 0..<tokens.count, using: &rng)]
                out.insert(contentsOf: Array(token.utf8), at: quote + 1)
            }
        }
        return out
    }

    /// One to three mutations.
    static func mutateSeveral(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...3, using: &rng) { out = mutate(out, using: &rng) }
        return out
    }
}
