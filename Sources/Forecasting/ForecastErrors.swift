/// Forecast errors of one model over a rolling-origin evaluation: MAE, RMSE and MASE, overall and
/// per horizon (1 = the first interval after the origin).
///
/// MASE (Hyndman and Koehler, 2006) scales each absolute error by the in-sample mean absolute
/// error of the daily seasonal naive forecast (`y[t] − y[t − one day]`) over the history the
/// forecast was made from, so 1 means "as good as yesterday's same hour in the history", and
/// takes the mean of the scaled errors.
public struct ForecastErrors: Sendable, Equatable {
    public var mae: Double
    public var rmse: Double
    public var mase: Double
    /// Forecasts scored.
    public var count: Int
    /// The same per horizon, index 0 = horizon 1.
    public var perHorizon: [HorizonErrors]

    public struct HorizonErrors: Sendable, Equatable {
        public var mae: Double
        public var rmse: Double
        public var mase: Double
        public var count: Int
    }

    /// Sums that make the errors; `add` one forecast at a time, then `errors`.
    struct Accumulator {
        var absolute: [Double], squared: [Double], scaled: [Double], counts: [Int]

        init(horizons: Int) {
            absolute = Array(repeating: 0, count: horizons)
            squared = absolute
            scaled = absolute
            counts = Array(repeating: 0, count: horizons)
        }

        /// One forecast at horizon `h` (0-based) with the scale of its origin.
        mutating func add(horizon h: Int, forecast: Double, actual: Double, scale: Double) {
            let e = abs(forecast - actual)
            absolute[h] += e
            squared[h] += e * e
            scaled[h] += e / scale
            counts[h] += 1
        }

        var errors: ForecastErrors {
            let n = counts.reduce(0, +)
            func mean(_ sum: Double, _ count: Int) -> Double { count > 0 ? sum / Double(count) : .nan }
            let per = counts.indices.map { h in
                HorizonErrors(
                    mae: mean(absolute[h], counts[h]), rmse: mean(squared[h], counts[h]).squareRoot(), mase: mean(scaled[h], counts[h]),
                    count: counts[h])
            }
            return ForecastErrors(
                mae: mean(absolute.reduce(0, +), n), rmse: mean(squared.reduce(0, +), n).squareRoot(), mase: mean(scaled.reduce(0, +), n),
                count: n, perHorizon: per)
        }
    }
}
