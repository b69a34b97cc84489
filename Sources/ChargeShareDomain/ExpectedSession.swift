/// Cars a forecast expects to arrive that have not arrived yet: how many (possibly fractional),
/// when, for how long and wanting how much energy.
///
/// The arrivals are spread evenly over `[arrivalStart, arrivalEnd)` (a forecast slot); as one
/// session they arrive at the middle of it and stay `stayMilliseconds`. Dispatch treats them as a
/// virtual session of `count` cars: it reserves feeder capacity for them but never sends them a
/// charging profile (docs/forecasting.md, "Expected sessions").
///
/// It lives in the domain module because both the forecasting module (which makes them) and the
/// scheduling module (which plans with them) use it, and neither may import the other.
public struct ExpectedSession: Sendable, Equatable {
    /// Id prefix of every expected session and of the virtual chargers dispatch gives them, so
    /// they can never be mistaken for a real session or charger.
    public static let idPrefix = "expected:"

    /// Unique id, always starting with `idPrefix` (e.g. `expected:caltech:2019-06-03T16:00:00Z`).
    public let id: String
    /// Start of the span the cars arrive in.
    public let arrivalStart: Timestamp
    /// End of the span the cars arrive in (after `arrivalStart`).
    public let arrivalEnd: Timestamp
    /// Typical stay of a car arriving in the span, ms (the median of past stays).
    public let stayMilliseconds: Int64
    /// Expected number of cars arriving in the span (≥ 0, fractional).
    public let count: Double
    /// Mean energy one of these cars wants, kWh.
    public let energyPerCarKwh: Double

    /// - Parameter id: prefixed with `idPrefix` when it does not start with it already.
    public init(id: String, arrivalStart: Timestamp, arrivalEnd: Timestamp, stayMilliseconds: Int64, count: Double, energyPerCarKwh: Double) {
        self.id = id.hasPrefix(Self.idPrefix) ? id : Self.idPrefix + id
        self.arrivalStart = arrivalStart
        self.arrivalEnd = max(arrivalEnd, arrivalStart.adding(milliseconds: 1))
        self.stayMilliseconds = max(0, stayMilliseconds)
        self.count = count.isFinite ? max(0, count) : 0
        self.energyPerCarKwh = energyPerCarKwh.isFinite ? max(0, energyPerCarKwh) : 0
    }

    /// Expected energy of all the cars, kWh: `count × energyPerCarKwh`.
    public var energyKwh: Double { count * energyPerCarKwh }

    /// When the cars arrive, as one session: the middle of the arrival span.
    public var arrival: Timestamp {
        arrivalStart.adding(milliseconds: (arrivalEnd.millisecondsSinceEpoch - arrivalStart.millisecondsSinceEpoch) / 2)
    }

    /// When they leave, as one session: `arrival` plus the typical stay.
    public var departure: Timestamp { arrival.adding(milliseconds: stayMilliseconds) }

    /// The part of these cars still to arrive at `now`: all of them before the span, none after it,
    /// and inside it the share of the span left (`count` scaled by it, the span cut to start at
    /// `now`, so the session's arrival moves to the middle of what is left).
    /// - Returns: `nil` when none is left to arrive.
    public func notArrived(at now: Timestamp) -> ExpectedSession? {
        guard now < arrivalEnd, count > 0 else { return nil }
        guard arrivalStart < now else { return self }
        let span = Double(arrivalEnd.millisecondsSinceEpoch - arrivalStart.millisecondsSinceEpoch)
        let left = Double(arrivalEnd.millisecondsSinceEpoch - now.millisecondsSinceEpoch)
        return ExpectedSession(
            id: id, arrivalStart: now, arrivalEnd: arrivalEnd, stayMilliseconds: stayMilliseconds, count: count * left / span,
            energyPerCarKwh: energyPerCarKwh)
    }

    /// Whether `id` names an expected session or its virtual charger (starts with `idPrefix`).
    public static func isExpected(_ id: String) -> Bool { id.hasPrefix(idPrefix) }
}
