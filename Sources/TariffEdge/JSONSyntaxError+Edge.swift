import StrictJSON

extension JSONReader.Options {
    /// What the edge accepts in signed payloads, headers, keysets and its state files: nesting up
    /// to 32 levels and no byte order mark (a signed document has exactly one byte form).
    static let edge = JSONReader.Options(maximumDepth: 32, allowsByteOrderMark: false)
}

extension JSONSyntaxError {
    /// `byte N: message`, the form the edge's rejections have always used.
    var edgeDescription: String { "byte \(offset): \(edgeMessage)" }

    /// The problem in the edge's words; member names are escaped by `MessageText`.
    var edgeMessage: String {
        switch kind {
        case .unexpectedEnd: return "unexpected end of input"
        case .unexpectedCharacter: return "unexpected character"
        case .invalidLiteral: return "invalid literal"
        case .trailingContent: return "unexpected data after the document"
        case .expectedKey: return "expected a member name"
        case .duplicateKey(let key): return "duplicate member \"\(MessageText.quote(key))\""
        case .expectedColon: return "expected ':'"
        case .unexpectedEndInObject, .expectedCommaOrBrace: return "expected ',' or '}'"
        case .unexpectedEndInArray, .expectedCommaOrBracket: return "expected ',' or ']'"
        case .tooDeep(let limit): return "nesting deeper than \(limit)"
        case .invalidNumber: return "invalid number"
        case .leadingZero: return "leading zero in number"
        case .missingFractionDigit: return "invalid fraction"
        case .missingExponentDigit: return "invalid exponent"
        case .numberOutOfRange: return "number out of range"
        case .unterminatedString: return "unterminated string"
        case .controlCharacter: return "control character in string"
        case .invalidUTF8: return "invalid UTF-8 in string"
        case .unterminatedEscape: return "unterminated escape"
        case .invalidEscape, .invalidUnicodeEscape: return "invalid escape"
        case .loneSurrogate, .invalidLowSurrogate: return "lone surrogate"
        case .truncatedUnicodeEscape: return "truncated \\u escape"
        case .invalidHexDigit: return "invalid \\u escape"
        }
    }
}

extension JSONValue {
    /// The member names of an object, or `nil`.
    var memberNames: [String]? { objectValue?.map(\.key) }
}
