import Foundation

/// Where the engine reads the time of day: injected, so that libraries never call `Date()` and
/// tests fix the instant. (Named apart from the standard library's `Clock`, which measures
/// durations.)
public protocol WallClock: Sendable {
    /// The current instant.
    var now: Timestamp { get }
}

/// The system's clock, to the millisecond.
public struct SystemWallClock: WallClock {
    public init() {}

    public var now: Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

/// A clock that always reads `now`, for tests and replays.
public struct FixedWallClock: WallClock {
    public var now: Timestamp

    public init(_ now: Timestamp) { self.now = now }
}
