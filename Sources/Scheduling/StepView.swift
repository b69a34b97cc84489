public import ChargeShareDomain

/// What every policy is given at a step: the plugged-in cars with only what is known live, the
/// prices ahead, the site's limits and the forecasts. Nothing here reveals the future.
public struct StepView: Sendable {
    /// Index of the step on the caller's grid (the backtest's replay steps, or the live service's
    /// dispatch windows).
    public let step: Int
    /// Start of the step.
    public let time: Timestamp
    /// The site being scheduled: step length, limits, chargers, V2G terms.
    public let site: SchedulingSite
    /// Cars plugged in with something left to do, sorted by arrival step then id.
    public let evs: [ActiveEV]
    /// Import price per kWh for this step and the following ones, up to the horizon.
    public let importPrices: ArraySlice<Double>
    /// Export price per kWh for the same steps.
    public let exportPrices: ArraySlice<Double>
    /// The feeder's import limit, kW, for this step and the following ones when it varies (a
    /// utility's limits applied with `GridLimit.effective`); `nil` = `site.feederLimitKw`
    /// throughout.
    public let importLimitsKw: ArraySlice<Double>?
    /// What the forecasters predict (empty until the forecasting issue fills it).
    public let forecasts: Forecasts

    public init(
        step: Int, time: Timestamp, site: SchedulingSite, evs: [ActiveEV], importPrices: ArraySlice<Double>,
        exportPrices: ArraySlice<Double>, importLimitsKw: ArraySlice<Double>? = nil, forecasts: Forecasts = Forecasts()
    ) {
        self.step = step
        self.time = time
        self.site = site
        self.evs = evs
        self.importPrices = importPrices
        self.exportPrices = exportPrices
        self.importLimitsKw = importLimitsKw
        self.forecasts = forecasts
    }

    /// Step length, hours.
    public var intervalHours: Double { site.intervalHours }

    /// The feeder's import limit in this step, kW.
    public var importLimitKw: Double { importLimitsKw?.first ?? site.feederLimitKw }
}

/// The site a policy schedules, as the policy sees it.
///
/// Today this is the backtester's site model and the live engine's single-feeder window: one feeder
/// limit over every charger, each charger of `chargerKw`, optional V2G terms.
public struct SchedulingSite: Sendable, Equatable {
    /// Step length, minutes; one of the dispatch contract's interval lengths.
    public var intervalMinutes: Int
    /// Import limit of the feeder, kW.
    public var feederLimitKw: Double
    /// Maximum charging power of every charger, kW.
    public var chargerKw: Double
    /// V2G terms; `nil` = charge only.
    public var v2g: V2GSettings?
    /// Most steps a policy may plan ahead (`lp` plans to the latest estimated departure of the
    /// cars plugged in, at most this many steps).
    public var horizonSteps: Int

    public init(intervalMinutes: Int, feederLimitKw: Double, chargerKw: Double, v2g: V2GSettings? = nil, horizonSteps: Int) {
        self.intervalMinutes = intervalMinutes
        self.feederLimitKw = feederLimitKw
        self.chargerKw = chargerKw
        self.v2g = v2g
        self.horizonSteps = horizonSteps
    }

    /// Step length in hours.
    public var intervalHours: Double { Double(intervalMinutes) / 60 }
    /// Step length in milliseconds.
    public var intervalMilliseconds: Int64 { Int64(intervalMinutes) * 60_000 }
}

/// Predictions a policy may use: the slot the forecasting issue fills. Every field is empty by
/// default. `lp` with expected sessions (`DispatchPolicy.expected`) reads `expectedSessions`; no
/// policy reads the others yet.
public struct Forecasts: Sendable, Equatable {
    /// Predicted departure per session id, where a forecaster has one.
    public var departures: [String: Timestamp]
    /// Failure risk in [0, 1] per charger id.
    public var chargerFailureRisk: [String: Double]
    /// Cars expected to arrive after the step's start, made from history before the forecast's
    /// origin only (docs/forecasting.md, "Expected sessions").
    public var expectedSessions: [ExpectedSession]

    public init(departures: [String: Timestamp] = [:], chargerFailureRisk: [String: Double] = [:], expectedSessions: [ExpectedSession] = []) {
        self.departures = departures
        self.chargerFailureRisk = chargerFailureRisk
        self.expectedSessions = expectedSessions
    }
}
