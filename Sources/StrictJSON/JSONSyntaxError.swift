/// Why `JSONReader` refused a document, and where: 1-based line and column, and 0-based byte offset.
///
/// `message` and `description` (`line L, column C: message`) are the engine's wording; a caller
/// with its own wording (the tariff edge says `byte N: …`) maps `kind` itself.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Kind: Sendable, Equatable {
        case unexpectedEnd
        case unexpectedCharacter(UInt8)
        case invalidLiteral(expected: String)
        case trailingContent
        case expectedKey
        case duplicateKey(String)
        case expectedColon
        case unexpectedEndInObject
        case expectedCommaOrBrace
        case unexpectedEndInArray
        case expectedCommaOrBracket
        case tooDeep(limit: Int)
        case invalidNumber
        case leadingZero
        case missingFractionDigit
        case missingExponentDigit
        /// A number whose value overflows a double (`1e400`).
        case numberOutOfRange
        case unterminatedString
        case controlCharacter
        case invalidUTF8
        case unterminatedEscape
        case invalidEscape(UInt8)
        case loneSurrogate
        case invalidLowSurrogate
        case truncatedUnicodeEscape
        case invalidHexDigit
        case invalidUnicodeEscape
    }

    public let kind: Kind
    /// Byte offset from the start of the input (a leading byte order mark included).
    public let offset: Int
    public let line: Int
    public let column: Int

    public init(kind: Kind, offset: Int, line: Int, column: Int) {
        self.kind = kind
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }

    /// The problem in the engine's words; untrusted keys are escaped and cut by `Displayed`.
    public var message: String {
        switch kind {
        case .unexpectedEnd: return "unexpected end of input"
        case .unexpectedCharacter(let byte): return "unexpected character '\(Self.printable(byte))'"
        case .invalidLiteral(let expected): return "invalid literal (expected \(expected))"
        case .trailingContent: return "unexpected content after the JSON value"
        case .expectedKey: return "expected a string key"
        case .duplicateKey(let key): return "duplicate key \(Displayed.quoted(key))"
        case .expectedColon: return "expected ':'"
        case .unexpectedEndInObject: return "unexpected end of input in an object"
        case .expectedCommaOrBrace: return "expected ',' or '}'"
        case .unexpectedEndInArray: return "unexpected end of input in an array"
        case .expectedCommaOrBracket: return "expected ',' or ']'"
        case .tooDeep(let limit): return "nesting deeper than \(limit) levels"
        case .invalidNumber: return "invalid number"
        case .leadingZero: return "leading zeros are not allowed"
        case .missingFractionDigit: return "invalid number: digit expected after '.'"
        case .missingExponentDigit: return "invalid number: digit expected in exponent"
        case .numberOutOfRange: return "number out of range"
        case .unterminatedString: return "unterminated string"
        case .controlCharacter: return "control character in a string"
        case .invalidUTF8: return "string is not valid UTF-8"
        case .unterminatedEscape: return "unterminated escape"
        case .invalidEscape(let byte): return "invalid escape '\\\(Self.printable(byte))'"
        case .loneSurrogate: return "unpaired surrogate in \\u escape"
        case .invalidLowSurrogate: return "invalid low surrogate in \\u escape"
        case .truncatedUnicodeEscape: return "truncated \\u escape"
        case .invalidHexDigit: return "invalid hex digit in \\u escape"
        case .invalidUnicodeEscape: return "invalid \\u escape"
        }
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }
}
