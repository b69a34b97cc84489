public import ChargeShareDatasets
public import ChargeShareDomain

/// How well a forecaster did on a site's sessions: next-day (horizons 1–24 h) and day-after
/// (25–48 h) errors, the two seasonal naive forecasts on the same origins, and the worst
/// per-horizon ratio of the model's MAE to the better naive's.
public struct DemandScore: Sendable {
    public var model: ForecastErrors
    public var naiveDaily: ForecastErrors
    public var naiveWeekly: ForecastErrors
    /// Origins (local midnights) scored.
    public var origins: Int
    /// The largest, over horizons 1–48, of MAE(model) / min(MAE(daily naive), MAE(weekly naive)),
    /// and its horizon: ≤ 1 means never worse than the best naive model at any horizon.
    public var worstRatio: Double
    public var worstHorizon: Int

    /// `errors` restricted to horizons `range` (1-based).
    public static func errors(_ errors: ForecastErrors, horizons range: ClosedRange<Int>) -> ForecastErrors.HorizonErrors {
        let part = errors.perHorizon[(range.lowerBound - 1)..<min(range.upperBound, errors.perHorizon.count)]
        let n = part.reduce(0) { $0 + $1.count }
        func mean(_ value: (ForecastErrors.HorizonErrors) -> Double) -> Double {
            n > 0 ? part.reduce(0) { $0 + value($1) * Double($1.count) } / Double(n) : .nan
        }
        return .init(mae: mean(\.mae), rmse: mean { $0.rmse * $0.rmse }.squareRoot(), mase: mean(\.mase), count: n)
    }

    /// The JSON `forecast evaluate --json` prints: next-day figures at the top level.
    public var json: JSONValue {
        // null where nothing was scored (a NaN has no JSON).
        func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        func figures(_ e: ForecastErrors.HorizonErrors) -> JSONValue {
            .object([("mae", number(e.mae)), ("rmse", number(e.rmse)), ("mase", number(e.mase)), ("forecasts", .integer(e.count))])
        }
        let next = Self.errors(model, horizons: 1...24)
        return .object([
            ("mase", number(next.mase)), ("mae", number(next.mae)), ("rmse", number(next.rmse)), ("origins", .integer(origins)),
            ("forecasts", .integer(next.count)), ("dayAfter", figures(Self.errors(model, horizons: 25...48))),
            ("naiveDaily", figures(Self.errors(naiveDaily, horizons: 1...24))), ("naiveWeekly", figures(Self.errors(naiveWeekly, horizons: 1...24))),
            ("worstHorizonRatioToBestNaive", number(worstRatio)), ("worstHorizon", .integer(worstHorizon)),
        ])
    }
}

/// Builds a site's series from sessions and scores forecasters on it by rolling origin.
public struct DemandEvaluation: Sendable {
    public let series: DemandSeries
    public let calendar: LocalCalendar
    public var warmUpDays = 28

    /// Longest span of days a series is built for (ten years): memory stays bounded whatever
    /// dates a file holds.
    public static let maximumDays = 3660

    /// Why sessions cannot be made into a series.
    public enum InputError: Error, Equatable, CustomStringConvertible {
        case noSessions
        case tooManyDays(first: CivilDate, last: CivilDate)

        public var description: String {
            switch self {
            case .noSessions: "no sessions"
            case .tooManyDays(let first, let last):
                "the sessions span \(first) to \(last), more than \(DemandEvaluation.maximumDays) days"
            }
        }
    }

    /// The series of `sessions` from the local day of the first arrival to that of the last.
    /// - Throws: `InputError` when there are no sessions or they span more than `maximumDays`.
    public init(sessions: [SessionRecord], calendar: LocalCalendar, profile: EnergyProfile, intervalMinutes: Int = 60) throws(InputError) {
        // The span of the sessions the series keeps (a broken row must not stretch it).
        let valid = sessions.filter { $0.departure > $0.arrival && $0.deliveredKwh.isFinite && $0.deliveredKwh >= 0 }
        guard let first = valid.map(\.arrival).min(), let last = valid.map(\.arrival).max() else { throw .noSessions }
        let firstDay = calendar.local(first).date, lastDay = calendar.local(last).date
        guard lastDay.daysSinceEpoch - firstDay.daysSinceEpoch < Self.maximumDays else { throw .tooManyDays(first: firstDay, last: lastDay) }
        self.calendar = calendar
        series = DemandSeries(
            sessions: sessions, calendar: calendar, firstDay: firstDay, days: lastDay.daysSinceEpoch - firstDay.daysSinceEpoch + 1,
            intervalMinutes: intervalMinutes, profile: profile)
        // Cars plugged in across a local midnight: their energy before it is not known there.
        var open: [Int: [(index: Int, kwh: Double)]] = [:]
        let series = self.series
        for s in valid {
            let arrivalDay = calendar.local(s.arrival).date.daysSinceEpoch, departureDay = calendar.local(s.departure).date.daysSinceEpoch
            guard departureDay > arrivalDay else { continue }
            let parts = series.contributions(of: s, profile: profile, calendar: calendar)
            for day in (arrivalDay + 1)...departureDay where calendar.midnight(CivilDate(daysSinceEpoch: day)) < s.departure {
                open[(day - firstDay.daysSinceEpoch) * series.perDay, default: []] += parts
            }
        }
        unknownAtOrigin = open
    }

    /// Per origin (interval index of a local midnight), the contributions of the sessions still
    /// plugged in then: taken out of that origin's history (`RollingOrigin.evaluate`'s `unknown`).
    let unknownAtOrigin: [Int: [(index: Int, kwh: Double)]]

    /// The local days covered.
    public var firstDay: CivilDate { series.firstDay }
    public var lastDay: CivilDate { CivilDate(daysSinceEpoch: series.firstDay.daysSinceEpoch + series.days - 1) }

    /// Scores `model` against both seasonal naive forecasts over the next two days from each origin.
    public func score(_ model: some DemandForecaster) -> DemandScore {
        let rolling = RollingOrigin(warmUpDays: warmUpDays, horizon: 2 * series.perDay)
        let unknown = unknownAtOrigin
        func run(_ m: some DemandForecaster) -> ForecastErrors {
            rolling.evaluate(
                m, values: series.energyKwh, firstDay: series.firstDay, intervalMinutes: series.intervalMinutes, calendar: calendar,
                unknown: { unknown[$0] ?? [] })
        }
        let errors = run(model), daily = run(SeasonalNaive(days: 1)), weekly = run(SeasonalNaive(days: 7))
        // NaN when nothing was scored: "never worse" must not be read into no data.
        var worst = (ratio: errors.count > 0 ? 0.0 : .nan, horizon: 0)
        for h in errors.perHorizon.indices where errors.perHorizon[h].count > 0 {
            let best = min(daily.perHorizon[h].mae, weekly.perHorizon[h].mae)
            let ratio = best > 0 ? errors.perHorizon[h].mae / best : (errors.perHorizon[h].mae > 0 ? .infinity : 1)
            if ratio > worst.ratio || ratio.isNaN { worst = (ratio, h + 1) }
        }
        // Origins scored: those with a MASE scale (a history that is not all one value).
        let origins = errors.perHorizon.first?.count ?? 0
        return DemandScore(
            model: errors, naiveDaily: daily, naiveWeekly: weekly, origins: origins, worstRatio: worst.ratio, worstHorizon: worst.horizon)
    }
}
