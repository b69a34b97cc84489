/// Untrusted text (site ids, kids, issuers, member names) made safe to put in a one-line message.
///
/// Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides
/// are written as `\n`, `\t`, `\r` or `\u{XX}`, so an id cannot forge a second line or send an
/// escape sequence to a terminal. Text longer than `maximumCharacters` is cut and ends with
/// `…(N bytes)`, so a 20 MB member name is not echoed in full.
public enum MessageText {
    /// Characters kept before truncation.
    public static let maximumCharacters = 80

    /// The escaped, possibly truncated form of `text`.
    /// - Complexity: O(min(n, maximumCharacters)).
    public static func quote(_ text: String) -> String {
        var out = ""
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept == maximumCharacters {
                return out + "…(\(text.utf8.count) bytes)"
            }
            out += escaped(scalar)
            kept += 1
        }
        return out
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x5C: return "\\\\"
        case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default: return String(scalar)
        }
    }
}
