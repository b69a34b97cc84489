/// RFC 8785 JSON Canonicalization Scheme (JCS): the exact bytes a tariff payload is signed over.
///
/// Objects have their members sorted by the UTF-16 code units of their names, strings use the
/// minimal escaping of ECMAScript `JSON.stringify`, numbers use ECMAScript `Number.prototype.toString`,
/// and there is no whitespace. `.integer` values are written as the double they denote.
public enum CanonicalJSON {
    /// Raised for values JCS cannot represent.
    public struct Unrepresentable: Error, Sendable, Equatable, CustomStringConvertible {
        /// Why, e.g. `NaN or infinity at $.limits.import_kw[3]`.
        public let message: String
        public var description: String { message }
    }

    /// The canonical UTF-8 bytes of `value`.
    /// - Complexity: O(n log n) in the number of members, for the sorting.
    public static func bytes(_ value: JSONValue) throws(Unrepresentable) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        guard write(value, into: &out) else {
            throw Unrepresentable(message: "NaN or infinity at \(nonFinitePath(value, path: "$") ?? "$")")
        }
        return out
    }

    /// Appends `value`; `false` at the first NaN or infinity. No paths are built on the way (the
    /// edge re-serialises every payload it verifies), only when one is needed for the error.
    private static func write(_ value: JSONValue, into out: inout [UInt8]) -> Bool {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .integer(let i):
            // As a double, like every I-JSON number: an integer beyond 2^53 comes out rounded, so a
            // payload carrying one is not canonical and is refused.
            guard let text = ECMAScriptNumber.format(Double(i)) else { return false }
            out += Array(text.utf8)
        case .number(let d):
            guard let text = ECMAScriptNumber.format(d) else { return false }
            out += Array(text.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard write(member.value, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// The path of the first non-finite number, in the order `write` visits values.
    private static func nonFinitePath(_ value: JSONValue, path: String) -> String? {
        switch value {
        case .number(let d): return d.isFinite ? nil : path
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                if let found = nonFinitePath(element, path: "\(path)[\(i)]") { return found }
            }
            return nil
        case .object(let members):
            for member in members.sorted(by: { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }) {
                if let found = nonFinitePath(member.value, path: "\(path).\(member.key)") { return found }
            }
            return nil
        default: return nil
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Escapes `"`, `\` and the C0 controls (short forms where JSON has them), nothing else.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0..<0x20:
                out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// ECMAScript's `Number.prototype.toString` for doubles (ECMA-262 §6.1.6.1.20), as RFC 8785 §3.2.2.3
/// requires. The shortest round-trip digits come from Swift's own `description`.
enum ECMAScriptNumber {
    /// The ECMAScript text of `d`, or `nil` for NaN and infinities.
    static func format(_ d: Double) -> String? {
        guard d.isFinite else { return nil }
        if d == 0 { return "0" }
        // Fast paths (the edge formats every number of every payload it verifies): an integer below
        // 2^53 is its own shortest round-trip digits (above, e.g. 2^60, ECMAScript pads shorter
        // digits with zeros); a non-integer's plain `description` such as "7.5" or "0.0001" has
        // the same shortest digits and, lying between 10^-4 and 2^52, the same plain notation.
        // (An integer's description ends in ".0", or is 2^53 and above: the general path.)
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992 { return String(Int64(d)) }
        if d != d.rounded() {
            let plain = d.description
            if !plain.utf8.contains(UInt8(ascii: "e")) { return plain }
        }
        return general(d)
    }

    /// The ECMA-262 algorithm itself, for every finite non-zero `d` (the fast paths must agree with it).
    static func general(_ d: Double) -> String {
        let negative = d < 0
        let (digits, n) = decimalDigits(of: abs(d))
        let k = digits.count
        var text: String
        if k <= n && n <= 21 {
            text = String(digits) + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            text = String(digits[0..<n]) + "." + String(digits[n...])
        } else if -6 < n && n <= 0 {
            text = "0." + String(repeating: "0", count: -n) + String(digits)
        } else {
            let e = n - 1
            text = String(digits[0])
            if k > 1 { text += "." + String(digits[1...]) }
            text += "e" + (e > 0 ? "+" : "-") + String(abs(e))
        }
        return negative ? "-" + text : text
    }

    /// Shortest digits d₁…d_k (no leading or trailing zeros) and n with value = 0.d₁…d_k × 10ⁿ.
    private static func decimalDigits(of value: Double) -> (digits: [Character], n: Int) {
        let text = value.description  // e.g. "0.0001", "1e-07", "1.2345678901234568e+17", "5.0"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = Array(pieces[0])
        let fractionPart = pieces.count > 1 ? Array(pieces[1]) : []
        var digits = integerPart + fractionPart
        var n = integerPart.count + exponent
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            n -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        return (digits, n)
    }
}
