import ChargeShareDomain

/// Shorthands for instants written in whole seconds, as these tests were when the edge counted time
/// in Unix seconds.
extension Timestamp {
    init(seconds: Int64) { self.init(millisecondsSinceEpoch: seconds * 1000) }

    /// `t` moved by `seconds` (not milliseconds).
    static func + (t: Timestamp, seconds: Int64) -> Timestamp { t.adding(milliseconds: seconds * 1000) }
    static func - (t: Timestamp, seconds: Int64) -> Timestamp { t.adding(milliseconds: -seconds * 1000) }
}
