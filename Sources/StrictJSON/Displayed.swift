/// Untrusted text made safe to print: ids, keys and values from a request end up in error lines
/// and terminals, so control characters must not start a new line or an escape sequence, and a
/// 20 MB key must not be echoed in full.
public enum Displayed {
    /// Characters of untrusted text shown before it is cut.
    public static let maximumCharacters = 64

    /// `text` in double quotes, JSON-escaped (`\n`, `\u001b`, …, also C1 controls, line and
    /// paragraph separators and bidirectional overrides), cut after `maximumCharacters` with
    /// `…` and the full length: `"abc…" (20000000 characters)`.
    public static func quoted(_ text: String, limit: Int = maximumCharacters) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                return out + "…\" (\(text.unicodeScalars.count) characters)"
            }
            out += escaped(scalar)
            count += 1
        }
        return out + "\""
    }

    /// `text` with every control or invisible formatting character escaped, not quoted or cut:
    /// for whole lines printed to a terminal.
    public static func escapingControls(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.unicodeScalars.append(scalar) } else { out += escaped(scalar) }
        }
        return out
    }

    /// `path` followed by member `key`: `a.b`, or `a["k e y"]` (escaped, cut) when the key is not
    /// plain (see `pathMember`); at the document root (`""` or `$`) just `key` or `$["…"]`.
    public static func path(_ path: String, member key: String) -> String {
        let member = pathMember(key)
        guard path.isEmpty || path == "$" else { return path + member }
        return member.hasPrefix(".") ? String(member.dropFirst()) : "$" + member
    }

    /// JSON key shown in a path: `.name` when it holds only letters, digits, `_` and `-` (at most
    /// `maximumCharacters`), else `["…"]`.
    public static func pathMember(_ key: String) -> String {
        let plain =
            !key.isEmpty && key.unicodeScalars.count <= maximumCharacters
            && key.unicodeScalars.allSatisfy { s in
                (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "-"
            }
        return plain ? "." + key : "[" + quoted(key) + "]"
    }

    private static func escaped(_ s: Unicode.Scalar) -> String {
        switch s {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: break
        }
        let v = s.value
        let invisible =
            v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0xFEFF
        guard invisible else { return String(s) }
        let hex = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
