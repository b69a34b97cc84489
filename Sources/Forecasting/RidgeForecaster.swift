public import ChargeShareDomain
public import LinearAlgebra

/// A ridge regression through the origin (LAPACK, `RidgeRegression`) over the forecasts of
/// simpler models: it learns how to weigh them per site. No intercept, so an interval every input
/// calls empty (a night at a workplace garage) is forecast empty; forecasts below 0 are 0.
///
/// Features, each a forecast of the target interval from the history before the origin:
/// `profile-median-6d`, `profile-mean-4d-same-weekday`, `naive-weekly`, `naive-daily` and
/// `mean-7d` (the same slot's mean over the last seven days).
public struct RidgeForecaster: DemandForecaster {
    /// The feature names, in coefficient order; a model file lists them and must match.
    public static let featureNames = ["profile-median-6d", "profile-mean-4d-same-weekday", "naive-weekly", "naive-daily", "mean-7d"]
    /// The λ values tried, by rolling validation in the training data.
    public static let lambdas: [Double] = [0.01, 0.1, 1, 10, 100, 1000]

    public let coefficients: [Double]
    public let lambda: Double

    public init(coefficients: [Double], lambda: Double) {
        self.coefficients = coefficients
        self.lambda = lambda
    }

    public var name: String { "ridge" }

    public func forecast(_ context: ForecastContext, horizon: Int) -> [Double] {
        Self.features(context, horizon: horizon).map(predict)
    }

    /// One feature row per interval `origin ..< origin + horizon`.
    static func features(_ context: ForecastContext, horizon: Int) -> [[Double]] {
        let inputs: [[Double]] = [
            ProfileForecaster(days: 6, statistic: .median).forecast(context, horizon: horizon),
            ProfileForecaster(days: 4, statistic: .mean, poolsOffDays: false).forecast(context, horizon: horizon),
            SeasonalNaive(days: 7).forecast(context, horizon: horizon), SeasonalNaive(days: 1).forecast(context, horizon: horizon),
            ProfileForecaster.recentMean(context, horizon: horizon, days: 7),
        ]
        return (0..<horizon).map { h in inputs.map { $0[h] } }
    }

    /// Fits on every origin of `values` after `warmUpDays` whose `horizon` intervals are known
    /// (all of them inside `values`), with λ chosen by rolling validation: each λ is fitted on the
    /// origins whose targets all lie before the last `validationDays` origins, and scored (MAE) on
    /// those; the best is refitted on all.
    /// - Throws: `LinearAlgebraError` from the fit; `.dimensionMismatch` when there are too few origins.
    public static func train(
        values: [Double], firstDay: CivilDate, intervalMinutes: Int, calendar: LocalCalendar, warmUpDays: Int = 28, horizon: Int = 48,
        validationDays: Int = 21
    ) throws(LinearAlgebraError) -> RidgeForecaster {
        let perDay = 24 * 60 / intervalMinutes
        let origins = RollingOrigin(warmUpDays: warmUpDays, horizon: horizon).origins(count: values.count, perDay: perDay)
        guard origins.count > validationDays + 7 else {
            throw .dimensionMismatch("ridge: \(origins.count) forecast origins, at least \(validationDays + 8) are needed")
        }
        var rows: [(origin: Int, x: [Double], y: Double)] = []
        for origin in origins {
            let context = ForecastContext(history: values[..<origin], firstDay: firstDay, intervalMinutes: intervalMinutes, calendar: calendar)
            for (h, x) in features(context, horizon: horizon).enumerated() { rows.append((origin, x, values[origin + h])) }
        }
        // Fitting rows end where the validation days begin: no target of theirs lies in them.
        let split = origins[origins.count - validationDays]
        let fitRows = rows.filter { $0.origin + horizon <= split }, checkRows = rows.filter { $0.origin >= split }
        var best: (lambda: Double, mae: Double)?
        for lambda in lambdas {
            let model = try fit(fitRows, lambda: lambda)
            let mae = checkRows.reduce(0) { $0 + abs(model.predict($1.x) - $1.y) } / Double(checkRows.count)
            if best == nil || mae < best!.mae { best = (lambda, mae) }
        }
        let lambda = best?.lambda ?? 1
        let model = try fit(rows, lambda: lambda)
        return RidgeForecaster(coefficients: model.coefficients, lambda: lambda)
    }

    private static func fit(_ rows: [(origin: Int, x: [Double], y: Double)], lambda: Double) throws(LinearAlgebraError) -> RidgeForecaster {
        let fit = try RidgeRegression.fit(try Matrix(rows: rows.map(\.x)), rows.map(\.y), lambda: lambda, intercept: false)
        return RidgeForecaster(coefficients: fit.coefficients, lambda: lambda)
    }

    private func predict(_ x: [Double]) -> Double { max(0, zip(coefficients, x).reduce(0) { $0 + $1.0 * $1.1 }) }
}

/// The ridge refitted at every origin from the history before it: an honest backtest of
/// `RidgeForecaster.train` (each forecast made by a model that never saw its day). Each refit
/// uses at most the last `maximumTrainingDays` days, so scoring a long file costs time linear in
/// its length.
public struct RefittedRidge: DemandForecaster {
    public static let maximumTrainingDays = 182

    public let warmUpDays: Int
    public let horizon: Int

    public init(warmUpDays: Int = 28, horizon: Int = 48) {
        self.warmUpDays = warmUpDays
        self.horizon = horizon
    }

    public var name: String { "ridge (refitted per origin)" }

    public func forecast(_ context: ForecastContext, horizon: Int) -> [Double] {
        let perDay = context.perDay, knownDays = context.origin / perDay
        let skipped = max(0, knownDays - Self.maximumTrainingDays)
        let trained = try? RidgeForecaster.train(
            values: Array(context.history.dropFirst(skipped * perDay)), firstDay: context.date(ofDay: skipped),
            intervalMinutes: context.intervalMinutes, calendar: context.calendar, warmUpDays: warmUpDays, horizon: self.horizon)
        // Too little history to fit yet: the median profile.
        return trained?.forecast(context, horizon: horizon) ?? ProfileForecaster().forecast(context, horizon: horizon)
    }
}
