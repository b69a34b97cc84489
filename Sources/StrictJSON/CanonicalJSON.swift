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
    /// Nothing is allocated but `out`'s growth: the telemetry reader writes every payload it
    /// accepts in this form.
    private static func write(_ value: JSONValue, into out: inout [UInt8]) -> Bool {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i):
            // As a double, like every I-JSON number: an integer beyond 2^53 comes out rounded, so a
            // payload carrying one is not canonical and is refused.
            if i.magnitude < 9_007_199_254_740_992 {
                writeInteger(i, into: &out)
            } else {
                guard let text = ECMAScriptNumber.format(Double(i)) else { return false }
                out.append(contentsOf: text.utf8)
            }
        case .number(let d):
            guard let text = ECMAScriptNumber.format(d) else { return false }
            out.append(contentsOf: text.utf8)
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
            if isSorted(members) {
                for i in members.indices {
                    guard writeMember(members[i], first: i == 0, into: &out) else { return false }
                }
            } else {
                // Sorted by index: no member (a string and a JSON tree) is copied.
                let order = members.indices.sorted { precedes(members[$0].key, members[$1].key) }
                for (n, i) in order.enumerated() {
                    guard writeMember(members[i], first: n == 0, into: &out) else { return false }
                }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    private static func writeMember(_ member: (key: String, value: JSONValue), first: Bool, into out: inout [UInt8]) -> Bool {
        if !first { out.append(UInt8(ascii: ",")) }
        writeString(member.key, into: &out)
        out.append(UInt8(ascii: ":"))
        return write(member.value, into: &out)
    }

    /// The decimal digits of `i` (|i| < 2^53, so the double it denotes is `i` itself).
    private static func writeInteger(_ i: Int, into out: inout [UInt8]) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        var digits: (UInt64, UInt64) = (0, 0)  // 16 bytes: up to 16 digits, enough below 2^53
        let count = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
            var n = 0
            repeat {
                buffer[15 - n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                n += 1
            } while magnitude > 0
            return n
        }
        withUnsafeBytes(of: &digits) { buffer in out.append(contentsOf: buffer[(16 - count)...]) }
    }

    /// Members in JCS order: by the UTF-16 code units of their names.
    private static func precedes(_ a: String, _ b: String) -> Bool {
        // UTF-8 byte order is code point order, which is UTF-16 order unless a name holds a
        // character at or above U+E000 (UTF-8 lead byte 0xEE or more): compare bytes then.
        let fast =
            a.utf8.withContiguousStorageIfAvailable { x in
                b.utf8.withContiguousStorageIfAvailable { y -> Bool? in
                    x.contains { $0 >= 0xEE } || y.contains { $0 >= 0xEE } ? nil : x.lexicographicallyPrecedes(y)
                } ?? nil
            } ?? nil
        return fast ?? a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    private static func isSorted(_ members: [(key: String, value: JSONValue)]) -> Bool {
        var i = 1
        while i < members.count {
            if !precedes(members[i - 1].key, members[i].key) { return false }
            i += 1
        }
        return true
    }

    private static func sortedMembers(_ members: [(key: String, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
        members.sorted { precedes($0.key, $1.key) }
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
            for member in sortedMembers(members) {
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
        var s = s
        s.withUTF8 { bytes in
            // Most names and values need no escape: copy them whole.
            guard bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
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
