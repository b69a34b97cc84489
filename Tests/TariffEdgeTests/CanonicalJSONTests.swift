import Synthetic
import Testing
@testable import TariffEdge

@Suite("RFC 8785 canonical JSON, base64url and the strict parser")
struct CanonicalJSONTests {
    /// RFC 8785 Appendix B: IEEE 754 bit patterns and their required text.
    @Test(arguments: [
        (0x0000_0000_0000_0000 as UInt64, "0"), (0x8000_0000_0000_0000, "0"), (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"), (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"), (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"), (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"), (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"), (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"), (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"), (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"), (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"), (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"), (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ])
    func numbersFollowECMAScript(bits: UInt64, expected: String) {
        #expect(ECMAScriptNumber.format(Double(bitPattern: bits)) == expected)
    }

    @Test func nonFiniteNumbersAreRefusedWithTheirPath() {
        #expect(throws: CanonicalJSON.Unrepresentable(message: "NaN or infinity at $.limits[1]")) {
            _ = try CanonicalJSON.bytes(.object(["limits": .array([.number(1), .number(.infinity)])]))
        }
    }

    /// RFC 8785 §3.2.3: names sort by UTF-16 code units, so U+1F600 (a surrogate pair) sorts before U+FB33.
    @Test func membersSortByUTF16CodeUnits() throws {
        let names = ["\u{20AC}", "\r", "\u{FB33}", "1", "\u{1F600}", "\u{80}", "\u{F6}"]
        let object = EdgeJSON.object(Dictionary(uniqueKeysWithValues: names.map { ($0, EdgeJSON.null) }))
        let text = String(decoding: try CanonicalJSON.bytes(object), as: UTF8.self)
        #expect(text == "{\"\\r\":null,\"1\":null,\"\u{80}\":null,\"\u{F6}\":null,\"\u{20AC}\":null,\"\u{1F600}\":null,\"\u{FB33}\":null}")
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() throws {
        let text = String(decoding: try CanonicalJSON.bytes(.string("a\"b\\c/\u{1}\n\u{7F}é€")), as: UTF8.self)
        #expect(text == "\"a\\\"b\\\\c/\\u0001\\n\u{7F}é€\"")
    }

    @Test func parsedDocumentsRoundTripToTheSameCanonicalBytes() throws {
        let input = Array(#"{ "b" : [1.50, true, null, "x\u00e9"], "a": {"z": -0.0, "y": 1E3} }"#.utf8)
        let canonical = String(decoding: try CanonicalJSON.bytes(try EdgeJSONParser.parse(input)), as: UTF8.self)
        #expect(canonical == #"{"a":{"y":1000,"z":0},"b":[1.5,true,null,"xé"]}"#)
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "duplicate member \"a\""), (#"[01]"#, "leading zero in number"), (#"{"a":1} x"#, "unexpected data after the document"),
        (#"["\ud800"]"#, "lone surrogate"), (#"[1e400]"#, "number out of range"), ("[\"\u{1}\"]", "control character in string"),
        (String(repeating: "[", count: 40), "nesting deeper than 32"),
    ])
    func parserRejectsAmbiguousInput(text: String, message: String) {
        #expect {
            _ = try EdgeJSONParser.parse(Array(text.utf8))
        } throws: { error in
            (error as? EdgeJSONParser.SyntaxError)?.message == message
        }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: EdgeJSONParser.SyntaxError.self) { _ = try EdgeJSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func base64urlRoundTripsAndIsStrict() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0x00, 0x10, 0x7E]
        #expect(Base64URL.encode(bytes) == "-_8AEH4")
        #expect(Base64URL.decode(Array("-_8AEH4".utf8)) == bytes)
        #expect(Base64URL.decode(Array("-_8AEH4=".utf8)) == nil)  // padding
        #expect(Base64URL.decode(Array("+/8AEH4".utf8)) == nil)  // standard alphabet
        #expect(Base64URL.decode(Array("-_8AEH5".utf8)) == nil)  // non-zero trailing bits: a second encoding
        #expect(Base64URL.decode(Array("A".utf8)) == nil)
    }

    @Test func edgeTimeParsesOnlyTheEnvelopeForm() {
        #expect(EdgeTime.parse("2026-03-29T01:00:00Z") == 1_774_746_000)
        #expect(EdgeTime.format(1_774_746_000) == "2026-03-29T01:00:00Z")
        #expect(EdgeTime.parse("2026-02-29T00:00:00Z") == nil)
        #expect(EdgeTime.parse("2026-03-29T01:00:00+00:00") == nil)
        #expect(EdgeTime.parse("2026-03-29T01:00:00.5Z") == nil)
    }

    /// The integer and plain-decimal fast paths of `ECMAScriptNumber.format` agree with the full
    /// ECMA-262 algorithm: random bit patterns, integers around 2^53 and beyond (2^60 is
    /// `1152921504606847000`, not its Int64 digits), and money-like decimals.
    @Test func numberFastPathsAgreeWithTheGeneralAlgorithm() {
        var rng = SeededGenerator(seed: 0x4E55_4D42)
        var values: [Double] = [
            1152921504606846976, 9007199254740991, 9007199254740993, -9007199254740991, 1e18, 123456789012345680, 0.0001, 0.00001, 7.5,
        ]
        for _ in 0..<20_000 {
            values.append(Double(bitPattern: rng.next()))
            values.append(Double(Int64(bitPattern: rng.next()) >> Int64.random(in: 0...62, using: &rng)))
            values.append(Double(Int.random(in: 0...10_000_000, using: &rng)) / 10_000)
        }
        for d in values where d.isFinite && d != 0 {
            #expect(ECMAScriptNumber.format(d) == ECMAScriptNumber.general(d), "\(d.bitPattern)")
        }
        #expect(ECMAScriptNumber.format(1152921504606846976) == "1152921504606847000")
    }
}
