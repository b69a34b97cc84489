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
