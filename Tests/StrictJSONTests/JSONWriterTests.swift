import StrictJSON
import Testing

struct JSONWriterTests {
    @Test("Exact text: plain strings copied whole, escaped ones byte by byte, scalars, keys with escapes")
    func exactText() {
        let value: JSONValue = .object([
            ("plain", .string("feeder-F0 é€")), ("quote\"key", .string("a\"b\\c\n\r\t\u{01}\u{1F}/")),
            ("n", .array([.null, .bool(true), .bool(false), .integer(-42), .number(2.5), .number(3), .number(1e-7), .number(.infinity)])),
            ("empty", .string("")),
        ])
        #expect(
            JSONWriter().string(value)
                == #"{"plain":"feeder-F0 é€","quote\"key":"a\"b\\c\n\r\t\u0001\u001f/","n":[null,true,false,-42,2.5,3,1e-07,null],"empty":""}"#
        )
    }

    /// Each escape alone, so that the check for "needs no escape" is pinned byte class by byte class.
    @Test(
        "One escape per string: a newline, a backslash, a control character, a quote; DEL stays as it is",
        arguments: [("a\nb", #""a\nb""#), ("a\\b", #""a\\b""#), ("a\u{1F}b", #""a\u001fb""#), ("a\"b", #""a\"b""#), ("a\u{7F}b", "\"a\u{7F}b\"")])
    func singleEscape(text: String, written: String) {
        #expect(JSONWriter().string(.string(text)) == written)
    }
}
