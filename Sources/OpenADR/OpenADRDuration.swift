/// An ISO 8601 duration as OpenADR 3.0.1 writes it (`duration` in the schema: `PT1H`, `PT15M`,
/// `P1D`, `-PT8H`), parsed by the schema's pattern, with the length in milliseconds when it has a
/// fixed one.
///
/// Weeks and days are fixed lengths here (7 × 24 h and 24 h): the engine works in UTC instants,
/// so a day is 86,400 s. Years and months have no fixed length; such durations are syntactically
/// valid (the schema accepts them) but have no `milliseconds`, and readers reject them where a
/// length is needed.
public struct OpenADRDuration: Sendable, Equatable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// True for a leading `-`.
    public let isNegative: Bool
    /// True when the text has a year or month part (`P1Y`, `P1M`).
    public let hasCalendarPart: Bool
    /// The length in milliseconds (negative when `isNegative`), or `nil` with a calendar part.
    public let milliseconds: Int64?

    public var description: String { text }

    /// Parses `text` by the schema's pattern
    /// `^(-?)P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`;
    /// `nil` when it does not match or a number is too large to be a length (more than 10^6 days).
    public init?(_ text: String) {
        self.text = text
        var b = Array(text.utf8)[...]
        isNegative = b.first == UInt8(ascii: "-")
        if isNegative { b = b.dropFirst() }
        guard b.first == UInt8(ascii: "P") else { return nil }
        b = b.dropFirst()
        // (?=\d|T\d): something follows, starting with a digit or T and a digit.
        guard let first = b.first, Self.isDigit(first) || (first == UInt8(ascii: "T") && b.count > 1 && Self.isDigit(b[b.startIndex + 1]))
        else { return nil }
        var calendar = false
        var total: Double = 0
        // Date part: Y, M, then D or W, each at most once and in that order.
        var dateOrder: ArraySlice<UInt8> = [UInt8(ascii: "Y"), UInt8(ascii: "M"), UInt8(ascii: "D")]
        while let c = b.first, c != UInt8(ascii: "T") {
            guard let (number, fraction, rest) = Self.number(b), !fraction, let unit = rest.first else { return nil }
            let key = unit == UInt8(ascii: "W") ? UInt8(ascii: "D") : unit
            guard let at = dateOrder.firstIndex(of: key) else { return nil }
            dateOrder = dateOrder[(at + 1)...]
            switch unit {
            case UInt8(ascii: "Y"), UInt8(ascii: "M"): calendar = true
            case UInt8(ascii: "W"): total += number * 7 * 86_400_000
            default: total += number * 86_400_000
            }
            b = rest.dropFirst()
        }
        if b.first == UInt8(ascii: "T") {
            b = b.dropFirst()
            guard !b.isEmpty else { return nil }
            var timeOrder: ArraySlice<UInt8> = [UInt8(ascii: "H"), UInt8(ascii: "M"), UInt8(ascii: "S")]
            while !b.isEmpty {
                guard let (number, fraction, rest) = Self.number(b), let unit = rest.first, let at = timeOrder.firstIndex(of: unit) else {
                    return nil
                }
                guard !fraction || unit == UInt8(ascii: "S") else { return nil }
                timeOrder = timeOrder[(at + 1)...]
                total += number * (unit == UInt8(ascii: "H") ? 3_600_000 : unit == UInt8(ascii: "M") ? 60_000 : 1000)
                b = rest.dropFirst()
            }
        }
        guard total <= Self.largestMilliseconds else { return nil }
        hasCalendarPart = calendar
        let ms = Int64(total.rounded(.down))
        milliseconds = calendar ? nil : (isNegative ? -ms : ms)
    }

    /// 10^6 days: beyond this a duration is a typing error, not a schedule.
    static let largestMilliseconds = 1e6 * 86_400_000

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Digits, optionally `.digits`, then the rest; `nil` without a leading digit.
    private static func number(_ b: ArraySlice<UInt8>) -> (Double, Bool, ArraySlice<UInt8>)? {
        var i = b.startIndex
        while i < b.endIndex, isDigit(b[i]) { i += 1 }
        guard i > b.startIndex else { return nil }
        var fraction = false
        if i < b.endIndex, b[i] == UInt8(ascii: ".") {
            let dot = i
            i += 1
            while i < b.endIndex, isDigit(b[i]) { i += 1 }
            guard i > dot + 1 else { return nil }
            fraction = true
        }
        // Long digit runs are refused as too large by the caller's bound, not by overflow.
        guard let value = Double(String(decoding: b[b.startIndex..<i], as: UTF8.self)) else { return nil }
        return (value, fraction, b[i...])
    }
}
