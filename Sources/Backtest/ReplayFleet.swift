public import ChargeShareDomain
public import ChargeShareDatasets

/// Sessions placed on the replay's step grid.
///
/// Step k covers [start + kΔ, start + (k+1)Δ). A car can charge in step k only when it is plugged
/// in for the whole step: from step ⌈arrival⌉ to step ⌊departure⌋ (exclusive), the same rule as the
/// dispatch contract's usable intervals. The estimated departure is placed the same way.
public struct ReplayFleet: Sendable {
    /// One session on the grid.
    public struct Entry: Sendable {
        public let record: SessionRecord
        /// First step the car can use.
        public let arrivalStep: Int
        /// First step the car is gone (actual departure).
        public let departureStep: Int
        /// First step the driver said the car would be gone.
        public let estimatedDepartureStep: Int
        /// Energy wanted, kWh, by the config's demand basis.
        public let demandKwh: Double
    }

    /// Start of step 0: the first arrival, rounded down to a whole step in UTC.
    public let start: Timestamp
    /// Number of steps: up to the last departure.
    public let steps: Int
    /// Sessions sorted by arrival step then id.
    public let entries: [Entry]
    /// Sessions dropped by `from`/`to`.
    public let excluded: Int

    /// Longest replay, first arrival to last departure, days. The replay keeps a few numbers per
    /// step and policy (400 days of 1-minute steps: 576,000 steps), so a span longer than any
    /// meaningful backtest is refused before anything is allocated; `--from`/`--to` cut a longer file.
    public static let maximumSpanDays: Int64 = 400

    /// Places `sessions` on the grid of `config`.
    /// - Throws: `BacktestError.noSessions` when nothing falls in the config's time range,
    ///   `BacktestError.invalidSetting` when the sessions span more than `maximumSpanDays`.
    public init(sessions: [SessionRecord], config: ReplayConfig) throws(BacktestError) {
        let kept = sessions.filter { s in
            (config.from.map { s.arrival >= $0 } ?? true) && (config.to.map { s.arrival < $0 } ?? true)
        }
        guard let first = kept.map(\.arrival).min(), let last = kept.map(\.departure).max() else {
            throw .noSessions(sessions.isEmpty ? "the session file is empty" : "no session arrives in the chosen time range")
        }
        let spanMs = last.millisecondsSinceEpoch - first.millisecondsSinceEpoch
        guard spanMs <= Self.maximumSpanDays * 86_400_000 else {
            throw .invalidSetting(
                "the sessions span \(spanMs / 86_400_000) days, from the first arrival \(first) to the last departure \(last); a replay covers at most \(Self.maximumSpanDays) days: choose a range with --from and --to"
            )
        }
        let dt = config.intervalMilliseconds
        guard dt > 0 else { throw .invalidSetting("interval must be positive") }
        let startMs = Self.floor(first.millisecondsSinceEpoch, dt)
        start = Timestamp(millisecondsSinceEpoch: startMs)
        steps = Int((Self.floor(last.millisecondsSinceEpoch, dt) - startMs) / dt) + 1
        func stepCeil(_ t: Timestamp) -> Int { Int(-Self.floor(-(t.millisecondsSinceEpoch - startMs), dt) / dt) }
        func stepFloor(_ t: Timestamp) -> Int { Int(Self.floor(t.millisecondsSinceEpoch - startMs, dt) / dt) }
        entries = kept.map { s in
            Entry(
                record: s, arrivalStep: stepCeil(s.arrival), departureStep: stepFloor(s.departure),
                estimatedDepartureStep: stepFloor(s.estimatedDeparture), demandKwh: config.demand.energy(of: s))
        }.sorted { ($0.arrivalStep, $0.record.id) < ($1.arrivalStep, $1.record.id) }
        excluded = sessions.count - kept.count
    }

    /// Start of step `k`.
    public func time(ofStep k: Int, config: ReplayConfig) -> Timestamp {
        start.adding(milliseconds: Int64(k) * config.intervalMilliseconds)
    }

    static func floor(_ value: Int64, _ step: Int64) -> Int64 {
        value >= 0 ? value / step * step : -((-value + step - 1) / step) * step
    }
}
