import ChargeShareDomain
public import ChargeShareDatasets
import Scheduling

/// What a rolling-horizon replay runs on: the sessions on their step grid, the settings and the
/// price of every step. `ReplayLoop` steps a policy through it; `PolicyOutcome` keeps a reference
/// to it for the metrics (the replay itself knows no outcome).
public struct Replay: Sendable {
    public let fleet: ReplayFleet
    public let config: ReplayConfig
    public let prices: PriceSignal
    /// Import price per kWh of every step plus a horizon of look-ahead.
    public let importPrices: [Double]
    /// Export price per kWh, same steps: the import price with V2G (net metering), else min(0, import).
    public let exportPrices: [Double]
    /// The expected sessions the steps see (`StepView.forecasts`), when asked for.
    public let expected: ExpectedSessionPlan?

    /// Largest price magnitude per kWh, the dispatch contract's cap (docs/dispatch-contract.md).
    public static let maximumPricePerKwh = 1e4

    /// Prepares a replay.
    /// - Throws: `BacktestError` for bad settings, no sessions, a span longer than
    ///   `ReplayFleet.maximumSpanDays`, or prices that do not cover the period or are not finite
    ///   within ±`maximumPricePerKwh`.
    /// - Parameter expectedSessions: forecast expected sessions for every day (`ExpectedSessionPlan`,
    ///   from `sessions` before each day), for `lp+expected` or `config.expectedSessions`.
    public init(sessions: [SessionRecord], config: ReplayConfig, prices: PriceSignal, expectedSessions: Bool = false) throws(BacktestError) {
        try config.validate()
        let fleet = try ReplayFleet(sessions: sessions, config: config)
        var importPrices: [Double] = []
        let total = fleet.steps + config.horizonSteps
        importPrices.reserveCapacity(total)
        for k in 0..<total {
            let time = fleet.time(ofStep: min(k, fleet.steps - 1), config: config)
            let price = try prices.price(at: time)
            guard price.isFinite, abs(price) <= Self.maximumPricePerKwh else {
                throw .prices(
                    "the price at \(time) is \(price) per kWh; prices must be finite and within ±\(Int(Self.maximumPricePerKwh)) per kWh (the dispatch contract's cap)"
                )
            }
            importPrices.append(price)
        }
        self.fleet = fleet
        self.config = config
        self.prices = prices
        self.importPrices = importPrices
        exportPrices = config.v2g == nil ? importPrices.map { min(0, $0) } : importPrices
        expected = expectedSessions || config.expectedSessions ? ExpectedSessionPlan(history: sessions, fleet: fleet, config: config) : nil
    }
}
