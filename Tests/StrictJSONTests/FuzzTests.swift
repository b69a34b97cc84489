import StrictJSON
import Synthetic
import Testing

/// Seeded mutations of valid documents (the pattern of TariffEdgeTests' `Mutator`): the parser
/// never crashes, and whatever it accepts round-trips through both writers.
struct FuzzTests {
    static let seeds: [String] = [
        #"{"a":[1,-2.5,1e-7,true,false,null],"b":{"c":"x\"\\\n\u00e9\ud83d\ude00"},"d":12345678901234}"#,
        #"{"fmt":"chargeshare.tariff-table/1","limits":{"import_kw":[1.5,null,0],"interval_minutes":15},"seq":1764633600000}"#,
        #"[{"id":"s1","kw":[7.4,11,22]},{"id":"s2","kw":0.001},[],{},"",-0,1E+2]"#,
    ]

    static let tokens: [String] = [
        "1e19", "-0", "1e308", "-1e309", "1e-400", "9007199254740993", "99999999999999999999", "0.5", "1E+2",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u00e9\"", "\"a\\nb\"", "null", "true", "{}", "[]",
        "\"", "\\", ",", ":", "{", "}", "[", "]", "\u{FF}", "\u{C0}\u{80}", "\u{ED}\u{A0}\u{80}", "\u{FEFF}",
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
        String(repeating: "{\"a\":", count: 40) + "1" + String(repeating: "}", count: 40),
    ]

    static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        let position = out.isEmpty ? 0 : Int.random(in: 0..<out.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: if !out.isEmpty { out[position] = UInt8.random(in: 0...255, using: &rng) }
        case 1: if !out.isEmpty { out[position] ^= 1 << UInt8.random(in: 0..<8, using: &rng) }
        case 2: out = Array(out.prefix(position))
        case 3: out.insert(contentsOf: Array(tokens[Int.random(in: 0..<tokens.count, using: &rng)].utf8), at: position)
        case 4: out.removeSubrange(position..<min(out.count, position + Int.random(in: 1...16, using: &rng)))
        default: out.insert(contentsOf: Array(out[position..<min(out.count, position + Int.random(in: 1...32, using: &rng))]), at: position)
        }
        return out
    }

    @Test func mutatedDocumentsNeverCrashAndRoundTrip() throws {
        var rng = SeededGenerator(seed: 0x5354_524A)
        var accepted = 0
        for i in 0..<20_000 {
            var bytes = Array(Self.seeds[i % Self.seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = Self.mutate(bytes, using: &rng) }
            let depth = Bool.random(using: &rng) ? 32 : 64
            let options = JSONReader.Options(maximumDepth: depth, allowsByteOrderMark: Bool.random(using: &rng))
            let value: JSONValue
            do {
                value = try JSONReader.parse(bytes, options: options)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count && error.line >= 1 && error.column >= 1)
                continue
            }
            accepted += 1
            let written = JSONWriter().bytes(value)
            #expect(try JSONReader.parse(written, options: options) == value, "seed \(i)")
            let pretty = JSONWriter(indent: 2).bytes(value)
            #expect(try JSONReader.parse(pretty, options: options) == value, "seed \(i)")
            let canonical = try CanonicalJSON.bytes(value)
            #expect(try CanonicalJSON.bytes(try JSONReader.parse(canonical, options: options)) == canonical, "seed \(i)")
        }
        #expect(accepted > 1000)
    }
}
