/// One meter sample from OCPP 2.0.1 telemetry (`MeterValues`, or `meterValue` inside a
/// `TransactionEvent`), in the engine's units: what the telemetry issue stores and dispatch reads.
public struct MeterSample: Sendable, Equatable {
    /// When the meter took the sample (the `meterValue` timestamp, not the arrival time).
    public var time: Timestamp
    public var stationId: String
    /// 0 = the station as a whole.
    public var evseId: Int
    public var measurand: Measurand
    /// OCPP phase (`L1`, `L1-N`, …), or `nil` for the total.
    public var phase: String?
    /// The value in `measurand.unit`.
    public var value: Double

    public init(time: Timestamp, stationId: String, evseId: Int, measurand: Measurand, phase: String? = nil, value: Double) {
        self.time = time
        self.stationId = stationId
        self.evseId = evseId
        self.measurand = measurand
        self.phase = phase
        self.value = value
    }
}

/// The OCPP 2.0.1 measurands the engine reads, with OCPP's names, and the unit each is stored in.
public enum Measurand: String, Sendable, CaseIterable {
    case energyActiveImportRegister = "Energy.Active.Import.Register"
    case energyActiveExportRegister = "Energy.Active.Export.Register"
    case powerActiveImport = "Power.Active.Import"
    case powerActiveExport = "Power.Active.Export"
    case powerOffered = "Power.Offered"
    case currentImport = "Current.Import"
    case currentOffered = "Current.Offered"
    case voltage = "Voltage"
    case stateOfCharge = "SoC"

    /// The unit values are stored in: Wh, W, A, V or percent.
    public var unit: String {
        switch self {
        case .energyActiveImportRegister, .energyActiveExportRegister: "Wh"
        case .powerActiveImport, .powerActiveExport, .powerOffered: "W"
        case .currentImport, .currentOffered: "A"
        case .voltage: "V"
        case .stateOfCharge: "Percent"
        }
    }

    /// `value × 10^multiplier` in `unit` (OCPP's `unitOfMeasure`), converting kWh to Wh and kW to
    /// W; `nil` when `unit` is not one OCPP allows for this measurand.
    public func normalised(_ value: Double, unit given: String, multiplier: Int = 0) -> Double? {
        guard (-9...9).contains(multiplier) else { return nil }
        // Dividing for negative multipliers keeps 2301 × 10^-1 exactly 230.1.
        let scaled = multiplier >= 0 ? value * pow10(multiplier) : value / pow10(-multiplier)
        switch (self.unit, given) {
        case ("Wh", "Wh"), ("W", "W"), ("A", "A"), ("V", "V"), ("Percent", "Percent"): return scaled
        case ("Wh", "kWh"), ("W", "kW"): return scaled * 1000
        default: return nil
        }
    }

    private func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }
}

/// A device-model reading from `NotifyEvent`: a temperature at a connector or the ambient one.
public struct DeviceReading: Sendable, Equatable {
    public var time: Timestamp
    public var stationId: String
    /// The EVSE the sensor sits at, or `nil` for the station (ambient sensors).
    public var evseId: Int?
    /// OCPP component name (`TemperatureSensor`, `ExternalTemperatureSensor`).
    public var component: String
    /// OCPP variable name (`Temperature`).
    public var variable: String
    /// The value, °C for temperatures.
    public var value: Double

    public init(time: Timestamp, stationId: String, evseId: Int?, component: String, variable: String, value: Double) {
        self.time = time
        self.stationId = stationId
        self.evseId = evseId
        self.component = component
        self.variable = variable
        self.value = value
    }
}
