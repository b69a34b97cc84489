public import ChargeShareDomain
public import ChargeShareDatasets
public import Scheduling

/// Settings of one replay: the site model and how time is stepped.
///
/// The site is the ACN research set-up: one feeder (transformer) limit over every station, each
/// station a single-phase Level-2 charger of `chargerKw`. Energy is metered at the car (charge
/// efficiency 1), as in ACN-Data, so every policy is scored on the same kWh.
public struct ReplayConfig: Sendable {
    /// Step length, minutes; one of the dispatch contract's interval lengths.
    public var intervalMinutes: Int
    /// Most minutes the live policies plan ahead, or `nil` for no cap: `lp` then looks ahead to
    /// the latest estimated departure of the cars plugged in (adacharge's choice), within the
    /// contract's `DispatchProblem.maximumIntervals`.
    public var horizonMinutes: Int?
    /// Import limit of the feeder, kW.
    public var feederLimitKw: Double
    /// Maximum charging power of every station, kW.
    public var chargerKw: Double
    /// Which energy figure of a session is its demand.
    public var demand: DemandBasis
    /// V2G settings; `nil` = charge only.
    public var v2g: V2GSettings?
    /// Time zone that decides which calendar day a step or an arrival belongs to (daily metrics).
    public var timeZone: String
    /// Only sessions arriving at or after this time are replayed.
    public var from: Timestamp?
    /// Only sessions arriving before this time are replayed.
    public var to: Timestamp?
    /// Which departure time the live policies are told.
    public var departures: DepartureKnowledge
    /// Whether plain `lp` plans for expected sessions too (`--expected-sessions on`); `lp+expected`
    /// always does.
    public var expectedSessions: Bool
    /// Whether the `lp` policies start each step's solve from the previous step's plan
    /// (`WarmStart`; `--warm-start`, on by default). The optimum is the same either way.
    public var warmStarts: Bool = true

    public init(
        intervalMinutes: Int = 5, horizonMinutes: Int? = nil, feederLimitKw: Double, chargerKw: Double = 6.6,
        demand: DemandBasis = .delivered, v2g: V2GSettings? = nil, timeZone: String = "UTC",
        from: Timestamp? = nil, to: Timestamp? = nil, departures: DepartureKnowledge = .estimated, expectedSessions: Bool = false
    ) {
        self.departures = departures
        self.expectedSessions = expectedSessions
        self.intervalMinutes = intervalMinutes
        self.horizonMinutes = horizonMinutes
        self.feederLimitKw = feederLimitKw
        self.chargerKw = chargerKw
        self.demand = demand
        self.v2g = v2g
        self.timeZone = timeZone
        self.from = from
        self.to = to
    }

    /// The site as the scheduling policies see it.
    public var site: SchedulingSite {
        SchedulingSite(intervalMinutes: intervalMinutes, feederLimitKw: feederLimitKw, chargerKw: chargerKw, v2g: v2g, horizonSteps: horizonSteps)
    }

    /// Step length in hours.
    public var intervalHours: Double { Double(intervalMinutes) / 60 }
    /// Step length in milliseconds.
    public var intervalMilliseconds: Int64 { Int64(intervalMinutes) * 60_000 }
    /// Most steps a live policy plans ahead: the cap, else the contract's longest window.
    public var horizonSteps: Int {
        guard let horizonMinutes else { return DispatchProblem.maximumIntervals }
        return max(1, horizonMinutes / intervalMinutes)
    }

    /// Checks the settings, naming the first bad one.
    public func validate() throws(BacktestError) {
        guard DispatchProblem.allowedIntervalMinutes.contains(intervalMinutes) else {
            throw .invalidSetting(
                "interval must be one of \(DispatchProblem.allowedIntervalMinutes.map { "\($0)m" }.joined(separator: ", ")); got \(intervalMinutes)m")
        }
        if let horizonMinutes, horizonMinutes < intervalMinutes || horizonMinutes / intervalMinutes > DispatchProblem.maximumIntervals {
            throw .invalidSetting("horizon must cover 1 to \(DispatchProblem.maximumIntervals) intervals; got \(horizonMinutes) minutes")
        }
        guard feederLimitKw.isFinite, feederLimitKw > 0, feederLimitKw <= 1e6 else {
            throw .invalidSetting("feeder limit must be in (0, 1e6] kW; got \(feederLimitKw)")
        }
        guard chargerKw.isFinite, chargerKw > 0, chargerKw <= 1000 else {
            throw .invalidSetting("charger power must be in (0, 1000] kW; got \(chargerKw)")
        }
        do { try v2g?.validate() } catch { throw .invalidSetting(error.description) }
        if let from, let to, to <= from { throw .invalidSetting("--to \(to) must be after --from \(from)") }
    }
}

/// What a live policy is told about when a car will leave.
public enum DepartureKnowledge: String, Sendable, CaseIterable {
    /// The driver's estimate (ACN `estimated_departure`): what a live system knows.
    case estimated
    /// The real departure: the setting of most ACN papers, and the bound on what better
    /// departure forecasts could gain.
    case actual
}

/// Why a backtest cannot run.
public enum BacktestError: Error, Equatable, CustomStringConvertible {
    case invalidSetting(String)
    case noSessions(String)
    case dispatchFailed(policy: String, step: String, message: String)
    case prices(String)
    /// More step results than a run keeps (`BacktestSweep.maximumStepResults`).
    case tooLarge(String)

    public var description: String {
        switch self {
        case .invalidSetting(let m): "invalid setting: \(m)"
        case .noSessions(let m): "no sessions to replay: \(m)"
        case .dispatchFailed(let policy, let step, let m): "policy \(policy) failed at \(step): \(m)"
        case .prices(let m): "prices: \(m)"
        case .tooLarge(let m): m
        }
    }
}
