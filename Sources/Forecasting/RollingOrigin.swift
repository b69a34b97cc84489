public import ChargeShareDomain

/// What a forecaster is told: the series' past (on the local-day grid of `DemandSeries`), where
/// the origin is, and the calendar of the site.
public struct ForecastContext: Sendable {
    /// Values of the series' intervals before the origin (index 0 = the series' first interval).
    public let history: ArraySlice<Double>
    /// The local date of the series' first day.
    public let firstDay: CivilDate
    public let intervalMinutes: Int
    public let calendar: LocalCalendar

    /// Intervals in a day.
    public var perDay: Int { 24 * 60 / intervalMinutes }
    /// The origin: the first interval to forecast.
    public var origin: Int { history.endIndex }

    public init(history: ArraySlice<Double>, firstDay: CivilDate, intervalMinutes: Int, calendar: LocalCalendar) {
        self.history = history
        self.firstDay = firstDay
        self.intervalMinutes = intervalMinutes
        self.calendar = calendar
    }

    /// The local date of day `day` of the series.
    public func date(ofDay day: Int) -> CivilDate { CivilDate(daysSinceEpoch: firstDay.daysSinceEpoch + day) }
}

/// A model that forecasts the next intervals of a series from its past only.
public protocol DemandForecaster: Sendable {
    /// A name for tables, e.g. `naive-daily`.
    var name: String { get }
    /// Forecasts of intervals `origin ..< origin + horizon`.
    func forecast(_ context: ForecastContext, horizon: Int) -> [Double]
}

/// Rolling-origin evaluation: one origin per local midnight, each forecast made from the data
/// before it only, scored against what happened.
public struct RollingOrigin: Sendable {
    /// Days of history before the first origin.
    public var warmUpDays: Int
    /// Intervals forecast from each origin.
    public var horizon: Int

    public init(warmUpDays: Int = 28, horizon: Int = 24) {
        self.warmUpDays = warmUpDays
        self.horizon = horizon
    }

    /// The origins (interval indices of local midnights) that have `warmUpDays` of history before
    /// them and `horizon` intervals after them in a series of `count` intervals.
    public func origins(count: Int, perDay: Int) -> [Int] {
        stride(from: warmUpDays * perDay, through: count - horizon, by: perDay).map { $0 }
    }

    /// The errors of `model` on `values` (a `DemandSeries`' grid from `firstDay`).
    /// - Parameter unknown: for an origin, the parts of the history not yet known there, each an
    ///   (interval, value) to take out of it for that forecast (and its MASE scale) only: the
    ///   energy of cars still plugged in at the origin, whose total and departure come later.
    ///   The actual values scored are never changed.
    public func evaluate(
        _ model: some DemandForecaster, values: [Double], firstDay: CivilDate, intervalMinutes: Int, calendar: LocalCalendar,
        unknown: ((Int) -> [(index: Int, kwh: Double)])? = nil
    ) -> ForecastErrors {
        var sums = ForecastErrors.Accumulator(horizons: horizon)
        let perDay = 24 * 60 / intervalMinutes
        var known = values  // `values` less what is not known at the origin, restored after each
        for origin in origins(count: values.count, perDay: perDay) {
            let hidden = unknown?(origin).filter { $0.index < origin } ?? []
            for (i, kwh) in hidden { known[i] -= kwh }
            defer { for (i, kwh) in hidden { known[i] += kwh } }
            let scale = Self.naiveScale(known[..<origin], lag: perDay)
            guard scale > 0 else { continue }
            let context = ForecastContext(history: known[..<origin], firstDay: firstDay, intervalMinutes: intervalMinutes, calendar: calendar)
            let forecast = model.forecast(context, horizon: horizon)
            for h in 0..<horizon { sums.add(horizon: h, forecast: forecast[h], actual: values[origin + h], scale: scale) }
        }
        return sums.errors
    }

    /// Mean absolute difference between each value and the one `lag` intervals before it: the
    /// in-sample error of the seasonal naive forecast, MASE's scale (0 when there is none).
    public static func naiveScale(_ history: ArraySlice<Double>, lag: Int) -> Double {
        guard history.count > lag else { return 0 }
        var sum = 0.0
        for t in (history.startIndex + lag)..<history.endIndex { sum += abs(history[t] - history[t - lag]) }
        return sum / Double(history.count - lag)
    }

}

/// The seasonal naive forecast: each interval's value `lag` intervals earlier (one day: yesterday's
/// same hour; one week: last week's), repeated when the horizon is longer than the lag.
public struct SeasonalNaive: DemandForecaster {
    /// In days: 1 (daily) or 7 (weekly).
    public let days: Int

    public init(days: Int) { self.days = max(1, days) }

    public var name: String { days == 7 ? "naive-weekly" : days == 1 ? "naive-daily" : "naive-\(days)d" }

    public func forecast(_ context: ForecastContext, horizon: Int) -> [Double] {
        let lag = days * context.perDay, history = context.history
        return (0..<horizon).map { h in
            // The latest known value of the same phase of the season.
            var t = context.origin + h - lag
            while t >= history.endIndex { t -= lag }
            return t >= history.startIndex ? history[t] : 0
        }
    }
}
