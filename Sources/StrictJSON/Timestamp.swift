/// A point in time as whole milliseconds since 1970-01-01T00:00:00Z.
///
/// The engine parses and prints RFC 3339 itself: it needs exact integer arithmetic on interval
/// boundaries, and strict parsing with a precise error for malformed input.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch (UTC).
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    /// Seconds since the Unix epoch, for callers that bridge to `Date`.
    public var secondsSinceEpoch: Double { Double(millisecondsSinceEpoch) / 1000 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millisecondsSinceEpoch < b.millisecondsSinceEpoch }

    /// `self` moved by `milliseconds`.
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// True when the time is on a whole minute.
    public var isWholeMinute: Bool { millisecondsSinceEpoch % 60_000 == 0 }

    /// Parses RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; returns `nil` when malformed.
    ///
    /// Fractions beyond milliseconds are truncated. Lower-case `t`/`z` are accepted, as RFC 3339 allows.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? { CivilDate.digits(b, at, count) }
        guard b.count >= 20,
            let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
            let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
            let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
            let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
            let second = digits(17, 2)
        else { return nil }
        var i = 19
        var millis = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 100
            let fractionStart = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                millis += Int(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > fractionStart else { return nil }
        }
        guard i < b.count else { return nil }
        var offsetMinutes = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                let om = digits(i + 4, 2), oh < 24, om < 60
            else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
            i += 6
        } else {
            return nil
        }
        guard i == b.count, hour < 24, minute < 60, second < 60, let date = CivilDate(year: year, month: month, day: day) else {
            return nil
        }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        millisecondsSinceEpoch = seconds * 1000 + Int64(millis)
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds, upper-case `T` and `Z`): the one
    /// form signed tariff envelopes and keysets carry. `nil` for anything else.
    public init?(rfc3339Seconds text: String) {
        let b = Array(text.utf8)
        guard b.count == 20, b[10] == UInt8(ascii: "T"), b[19] == UInt8(ascii: "Z"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":"),
            let date = CivilDate(String(decoding: b[0..<10], as: UTF8.self)),
            let hour = CivilDate.digits(b, 11, 2), let minute = CivilDate.digits(b, 14, 2),
            let second = CivilDate.digits(b, 17, 2), hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        millisecondsSinceEpoch = seconds * 1000
    }

    /// Whole seconds since the epoch, rounded down (towards the past).
    public var wholeSecondsSinceEpoch: Int64 {
        let ms = millisecondsSinceEpoch
        return ms >= 0 ? ms / 1000 : (ms - 999) / 1000
    }

    /// The instant rounded down to a whole second.
    public var wholeSeconds: Timestamp { Timestamp(millisecondsSinceEpoch: wholeSecondsSinceEpoch * 1000) }

    /// The UTC calendar date of the instant.
    public var civilDate: CivilDate {
        let seconds = wholeSecondsSinceEpoch
        return CivilDate(daysSinceEpoch: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of the instant rounded down to a whole second (`init(rfc3339Seconds:)` reads it back).
    public var rfc3339Seconds: String {
        let seconds = wholeSecondsSinceEpoch
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let date = CivilDate(daysSinceEpoch: Int(days))
        let pad = CivilDate.pad
        return "\(date)T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// RFC 3339 in UTC: `2026-01-01T00:00:00Z`, with `.mmm` only when there are milliseconds.
    public var description: String {
        let millis = Int(millisecondsSinceEpoch - wholeSecondsSinceEpoch * 1000)
        guard millis != 0 else { return rfc3339Seconds }
        return String(rfc3339Seconds.dropLast()) + "." + CivilDate.pad(millis, 3) + "Z"
    }
}
