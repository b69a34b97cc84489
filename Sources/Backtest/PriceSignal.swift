public import ChargeShareDomain
public import ChargeShareDatasets

/// Energy prices a replay charges at, per kWh: flat, hourly day-ahead, or a time-of-use tariff.
public enum PriceSignal: Sendable {
    case flat(Double)
    case hourly(HourlyPrices)
    case timeOfUse(TimeOfUseTariff)

    /// Import price per kWh at `time`.
    /// - Throws: `BacktestError.prices` when an hourly series does not cover `time`.
    public func price(at time: Timestamp) throws(BacktestError) -> Double {
        switch self {
        case .flat(let p): return p
        case .timeOfUse(let tariff): return tariff.price(at: time)
        case .hourly(let series):
            guard let p = series.price(at: time) else {
                throw .prices("the price file covers \(series.first) to \(series.end), not \(time)")
            }
            return p
        }
    }

    /// Short description for reports.
    public var label: String {
        switch self {
        case .flat(let p): "flat \(p)/kWh"
        case .hourly(let s): "hourly day-ahead \(s.first)…\(s.end)"
        case .timeOfUse(let t): "time of use \(t.name)"
        }
    }
}
