import StrictJSON
import Testing

struct JSONReaderTests {
    @Test func parserRoundTripsThroughWriter() throws {
        let text = #"{"a":[1,-2.5,1e-7,true,false,null],"b":{"c":"x\"\\\n\u00e9\ud83d\ude00"},"d":12345678901234}"#
        let value = try JSONReader.parse(text)
        #expect(try JSONReader.parse(JSONWriter().string(value)) == value)
        #expect(value["b"]?["c"]?.stringValue == "x\"\\\n\u{e9}\u{1F600}")
        #expect(value["d"] == .integer(12_345_678_901_234))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\u{01}\"", "nul", "[1] 2", "\"\\ud800\""])
    func malformedJSONIsRejected(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(text) }
    }

    /// The union of what the engine's and the edge's parsers refused.
    @Test(arguments: [
        (#"{"a":1,"a":2}"#, JSONSyntaxError.Kind.duplicateKey("a")), (#"[1e400]"#, .numberOutOfRange), (#"[-1e309]"#, .numberOutOfRange),
        (#"["\ud800"]"#, .loneSurrogate), (#"["\udc00"]"#, .loneSurrogate), (#"["\ud800\u0041"]"#, .invalidLowSurrogate),
        ("[\"\u{1}\"]", .controlCharacter), (#"[01]"#, .leadingZero), (#"{"a":1} x"#, .trailingContent),
    ])
    func ambiguousInputIsRejected(text: String, kind: JSONSyntaxError.Kind) {
        #expect {
            _ = try JSONReader.parse(Array(text.utf8))
        } throws: { error in
            (error as? JSONSyntaxError)?.kind == kind
        }
    }

    @Test func invalidUTF8InAStringIsRejected() {
        #expect(throws: JSONSyntaxError.self) { _ = try JSONReader.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { _ = try JSONReader.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }  // encoded surrogate
    }

    @Test func depthLimitIsTheCallersChoice() throws {
        let deep33 = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: JSONSyntaxError(kind: .tooDeep(limit: 32), offset: 32, line: 1, column: 33)) {
            _ = try JSONReader.parse(deep33, options: JSONReader.Options(maximumDepth: 32))
        }
        #expect(try JSONReader.parse(deep33).arrayValue?.count == 1)
        let deep65 = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONSyntaxError.self) { _ = try JSONReader.parse(deep65) }
    }

    @Test func byteOrderMarkOnlyWhenAllowed() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8)
        #expect(throws: JSONSyntaxError.self) { _ = try JSONReader.parse(bytes) }
        #expect(try JSONReader.parse(bytes, options: JSONReader.Options(allowsByteOrderMark: true))["a"] == .integer(1))
    }

    @Test func overflowingNumbersAreRefusedUnlessTheCallerValidatesThem() throws {
        #expect(throws: JSONSyntaxError(kind: .numberOutOfRange, offset: 4, line: 1, column: 5)) { _ = try JSONReader.parse("[1, 1e999]") }
        let lenient = JSONReader.Options(overflowIsInfinity: true)
        #expect(try JSONReader.parse("[1, -1e999]", options: lenient) == .array([.integer(1), .number(-.infinity)]))
        // The edge's canonical writer still refuses what the lenient reader lets through.
        #expect(throws: (any Error).self) { _ = try CanonicalJSON.bytes(JSONReader.parse("1e999", options: lenient)) }
    }

    @Test func errorsCarryLineColumnAndByteOffset() {
        let text = "{\n  \"a\": 1,\n  \"a\": 2\n}"
        #expect(throws: JSONSyntaxError(kind: .duplicateKey("a"), offset: 14, line: 3, column: 3)) { _ = try JSONReader.parse(text) }
        do {
            _ = try JSONReader.parse(text)
        } catch {
            #expect(error.description == "line 3, column 3: duplicate key \"a\"")
        }
    }

    @Test func integersAndMemberOrderAreKept() throws {
        let value = try JSONReader.parse(#"{"z":1,"a":2.0,"m":-0,"big":12345678901234567890}"#)
        #expect(value.objectValue?.map(\.key) == ["z", "a", "m", "big"])
        guard case .integer(1) = value["z"] else { Issue.record("z is \(String(describing: value["z"]))"); return }
        guard case .number(2) = value["a"] else { Issue.record("a is \(String(describing: value["a"]))"); return }
        #expect(value["big"]?.doubleValue == 1.234_567_890_123_456_8e19)
    }

    @Test func objectsBuiltFromDictionariesAreInCanonicalOrder() {
        let value = JSONValue.object(["b": .null, "a": .bool(true), "\u{1F600}": .null, "\u{FB33}": .null])
        #expect(value.objectValue?.map(\.key) == ["a", "b", "\u{1F600}", "\u{FB33}"])
    }
}
