import Foundation

/// An `application/x-www-form-urlencoded` body (the OAuth 2 token request, RFC 6749 §4.4.2):
/// `+` is a space, `%XX` a byte; a name given twice is refused (RFC 6749 §3.2: parameters
/// must not repeat).
struct FormBody {
    let fields: [String: String]

    enum Failure: Error, Equatable {
        case malformed(String)
        case repeated(String)
    }

    init(_ bytes: [UInt8]) throws(Failure) {
        var fields: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : []) else {
                throw .malformed(String(decoding: parts[0].prefix(64), as: UTF8.self))
            }
            guard fields[name] == nil else { throw .repeated(name) }
            fields[name] = value
        }
        self.fields = fields
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// Percent- and plus-decoding; `nil` for a bad escape or bytes that are not UTF-8.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
