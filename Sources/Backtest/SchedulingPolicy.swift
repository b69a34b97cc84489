public import ChargeShareDomain

/// A car as a live scheduler sees it at one step: no knowledge of the real departure.
public struct ActiveEV: Sendable {
    /// Session id.
    public let id: String
    /// Station the car is plugged into.
    public let stationId: String
    /// Step the car became usable.
    public let arrivalStep: Int
    /// The step by which the driver said the car would leave, never earlier than the next step
    /// (a car still plugged in after its estimate is assumed to leave at the end of this step).
    public let estimatedDepartureStep: Int
    /// Energy still wanted, kWh (battery energy above the arrival level for V2G, which may be
    /// negative after discharging).
    public let remainingKwh: Double
    /// Maximum charging power, kW.
    public let maxChargeKw: Double
    /// Maximum discharging power, kW (0 without V2G).
    public let maxDischargeKw: Double
    /// Energy that may still be discharged before the car's floor, kWh (0 without V2G).
    public let dischargeableKwh: Double
    /// Energy the battery can still take, kWh: `remainingKwh` without V2G, up to full with V2G
    /// (a V2G plan may charge above the target in cheap hours to sell back later).
    public let headroomKwh: Double

    public init(
        id: String, stationId: String, arrivalStep: Int, estimatedDepartureStep: Int, remainingKwh: Double,
        maxChargeKw: Double, maxDischargeKw: Double = 0, dischargeableKwh: Double = 0, headroomKwh: Double? = nil
    ) {
        self.id = id
        self.stationId = stationId
        self.arrivalStep = arrivalStep
        self.estimatedDepartureStep = estimatedDepartureStep
        self.remainingKwh = remainingKwh
        self.maxChargeKw = maxChargeKw
        self.maxDischargeKw = maxDischargeKw
        self.dischargeableKwh = dischargeableKwh
        self.headroomKwh = headroomKwh ?? max(0, remainingKwh)
    }
}

/// What every policy is given at a step: the narrow interface shared by the live engine and the
/// backtester (acnportal's design). Nothing here reveals the future.
public struct StepView: Sendable {
    /// Index of the step on the replay grid.
    public let step: Int
    /// Start of the step.
    public let time: Timestamp
    public let config: ReplayConfig
    /// Cars plugged in with something left to do, sorted by arrival step then id.
    public let evs: [ActiveEV]
    /// Import price per kWh for this step and the following ones, up to the horizon.
    public let importPrices: ArraySlice<Double>
    /// Export price per kWh for the same steps.
    public let exportPrices: ArraySlice<Double>

    public init(
        step: Int, time: Timestamp, config: ReplayConfig, evs: [ActiveEV], importPrices: ArraySlice<Double>,
        exportPrices: ArraySlice<Double>
    ) {
        self.step = step
        self.time = time
        self.config = config
        self.evs = evs
        self.importPrices = importPrices
        self.exportPrices = exportPrices
    }

    /// Step length, hours.
    public var intervalHours: Double { config.intervalHours }
}

/// Decides every car's power for one step. Positive = charge, negative = discharge, kW.
///
/// The replay clamps the answer to each car's power and energy bounds and records it; it never
/// fixes a feeder-limit breach, so a policy that ignores the limit shows violations.
public protocol SchedulingPolicy {
    /// Name used in reports (`lp`, `edf`, …).
    var name: String { get }
    /// Power per car in `view.evs` order, kW.
    mutating func schedule(_ view: StepView) throws(BacktestError) -> [Double]
}
