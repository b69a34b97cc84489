import Synthetic
import Testing

@testable import StrictJSON

@Suite("RFC 8785 canonical JSON")
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
            _ = try CanonicalJSON.bytes(.object(["limits": .array([.integer(1), .number(.infinity)])]))
        }
    }

    /// RFC 8785 §3.2.3: names sort by UTF-16 code units, so U+1F600 (a surrogate pair) sorts before U+FB33.
    @Test func membersSortByUTF16CodeUnits() throws {
        let names = ["\u{20AC}", "\r", "\u{FB33}", "1", "\u{1F600}", "\u{80}", "\u{F6}"]
        let object = JSONValue.object(names.map { (key: $0, value: JSONValue.null) })
        let text = String(decoding: try CanonicalJSON.bytes(object), as: UTF8.self)
        #expect(text == "{\"\\r\":null,\"1\":null,\"\u{80}\":null,\"\u{F6}\":null,\"\u{20AC}\":null,\"\u{1F600}\":null,\"\u{FB33}\":null}")
    }

    /// Members already in order are written as they are (no sort): the order test must be
    /// UTF-16's there too, where it differs from UTF-8's (U+1F600 before U+FB33). Integers below
    /// 2^53 are written digit by digit; 2^60 takes ECMAScript's path (shortest digits, then zeros).
    @Test func membersAlreadyInOrderKeepItAndEveryOrderGivesTheSameBytes() throws {
        let names = ["\r", "1", "\u{80}", "\u{F6}", "\u{20AC}", "\u{1F600}", "\u{FB33}"]
        let values: [JSONValue] = [
            .integer(0), .integer(-7), .integer(9_007_199_254_740_991), .integer(-9_007_199_254_740_991), .integer(10), .number(2.5),
            .integer(1 << 60),
        ]
        let members = Array(zip(names, values)).map { (key: $0.0, value: $0.1) }
        let expected = try CanonicalJSON.bytes(.object(members))
        #expect(
            String(decoding: expected, as: UTF8.self)
                == "{\"\\r\":0,\"1\":-7,\"\u{80}\":9007199254740991,\"\u{F6}\":-9007199254740991,\"\u{20AC}\":10,\"\u{1F600}\":2.5,\"\u{FB33}\":1152921504606847000}"
        )
        #expect(try CanonicalJSON.bytes(.object(members.reversed())) == expected)
        #expect(try CanonicalJSON.bytes(.object([members[5], members[6]])) == CanonicalJSON.bytes(.object([members[6], members[5]])))
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() throws {
        let text = String(decoding: try CanonicalJSON.bytes(.string("a\"b\\c/\u{1}\n\u{7F}é€")), as: UTF8.self)
        #expect(text == "\"a\\\"b\\\\c/\\u0001\\n\u{7F}é€\"")
    }

    @Test func parsedDocumentsRoundTripToTheSameCanonicalBytes() throws {
        let input = Array(#"{ "b" : [1.50, true, null, "x\u00e9"], "a": {"z": -0.0, "y": 1E3} }"#.utf8)
        let canonical = String(decoding: try CanonicalJSON.bytes(try JSONReader.parse(input)), as: UTF8.self)
        #expect(canonical == #"{"a":{"y":1000,"z":0},"b":[1.5,true,null,"xé"]}"#)
    }

    /// An `.integer` canonicalises as the double it denotes, as every I-JSON number did at the
    /// edge: beyond 2^53 it comes out rounded, so a payload carrying such a literal is not canonical.
    @Test func integersCanonicaliseAsDoubles() throws {
        #expect(String(decoding: try CanonicalJSON.bytes(.integer(9_007_199_254_740_993)), as: UTF8.self) == "9007199254740992")
        #expect(String(decoding: try CanonicalJSON.bytes(.integer(-7)), as: UTF8.self) == "-7")
        let literal = Array("[9007199254740993]".utf8)
        #expect(try CanonicalJSON.bytes(try JSONReader.parse(literal)) != literal)
        #expect(try CanonicalJSON.bytes(try JSONReader.parse("[1152921504606846976]")) == Array("[1152921504606847000]".utf8))
    }

    /// The integer and plain-decimal fast paths of `ECMAScriptNumber.format` agree with the full
    /// ECMA-262 algorithm: random bit patterns, integers around 2^53 and beyond (2^60 is
    /// `1152921504606847000`, not its Int64 digits), and money-like decimals.
    @Test func numberFastPathsAgreeWithTheGeneralAlgorithm() {
        var rng = SeededGenerator(seed: 0x4E55_4D42)
        var values: [Double] = [
            1152921504606846976, 9007199254740991, 9007199254740992, -9007199254740991, 1e18, 123456789012345680, 0.0001, 0.00001, 7.5,
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
