import StrictJSON
import Testing

@testable import TariffEdge

@Suite("Base64url and the edge's parser settings and messages")
struct CanonicalJSONTests {
    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "duplicate member \"a\""), (#"[01]"#, "leading zero in number"), (#"{"a":1} x"#, "unexpected data after the document"),
        (#"["\ud800"]"#, "lone surrogate"), (#"[1e400]"#, "number out of range"), ("[\"\u{1}\"]", "control character in string"),
        (String(repeating: "[", count: 40), "nesting deeper than 32"),
    ])
    func parserRejectsAmbiguousInput(text: String, message: String) {
        #expect {
            _ = try JSONReader.parse(Array(text.utf8), options: .edge)
        } throws: { error in
            (error as? JSONSyntaxError)?.edgeMessage == message
        }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: JSONSyntaxError.self) { _ = try JSONReader.parse([0x22, 0xC3, 0x28, 0x22], options: .edge) }
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
}
