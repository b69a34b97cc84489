/// Vehicle-to-grid settings: every car may discharge down to a floor, paid at the export price.
///
/// ACN-Data has no state of charge, so each car is assumed to arrive with `arrivalKwh` in a
/// `batteryKwh` battery, wanting `arrivalKwh + demand` at departure (capped at the capacity), and
/// never to go below `minimumKwh`.
public struct V2GSettings: Sendable, Equatable {
    public var batteryKwh: Double
    public var arrivalKwh: Double
    public var minimumKwh: Double
    /// Maximum discharging power of every station, kW.
    public var dischargeKw: Double
    /// Battery wear cost per kWh discharged.
    public var degradationCostPerKwh: Double
    /// Feeder export limit, kW.
    public var exportLimitKw: Double

    public init(
        batteryKwh: Double = 60, arrivalKwh: Double = 20, minimumKwh: Double = 10, dischargeKw: Double = 6.6,
        degradationCostPerKwh: Double = 0.02, exportLimitKw: Double
    ) {
        self.batteryKwh = batteryKwh
        self.arrivalKwh = arrivalKwh
        self.minimumKwh = minimumKwh
        self.dischargeKw = dischargeKw
        self.degradationCostPerKwh = degradationCostPerKwh
        self.exportLimitKw = exportLimitKw
    }

    /// Checks the settings.
    /// - Throws: a message naming the bounds when a value is out of them.
    public func validate() throws(SchedulingSettingsError) {
        guard batteryKwh > 0, batteryKwh <= 1000, (0...batteryKwh).contains(arrivalKwh), (0...arrivalKwh).contains(minimumKwh),
            dischargeKw > 0, dischargeKw <= 1000, degradationCostPerKwh >= 0, exportLimitKw >= 0
        else {
            throw SchedulingSettingsError(
                "V2G needs 0 ≤ minimum ≤ arrival ≤ battery ≤ 1000 kWh, discharge power in (0, 1000] kW, non-negative wear cost and export limit")
        }
    }
}

/// A site setting out of bounds, with the bounds.
public struct SchedulingSettingsError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
