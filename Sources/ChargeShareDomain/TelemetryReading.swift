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

/// The OCPP 2.0.1 measurands (all 25 of `MeasurandEnumType`), with OCPP's names, and the unit
/// each is stored in.
public enum Measurand: String, Sendable, CaseIterable {
    case currentExport = "Current.Export"
    case currentImport = "Current.Import"
    case currentOffered = "Current.Offered"
    case energyActiveExportRegister = "Energy.Active.Export.Register"
    case energyActiveImportRegister = "Energy.Active.Import.Register"
    case energyReactiveExportRegister = "Energy.Reactive.Export.Register"
    case energyReactiveImportRegister = "Energy.Reactive.Import.Register"
    case energyActiveExportInterval = "Energy.Active.Export.Interval"
    case energyActiveImportInterval = "Energy.Active.Import.Interval"
    case energyActiveNet = "Energy.Active.Net"
    case energyReactiveExportInterval = "Energy.Reactive.Export.Interval"
    case energyReactiveImportInterval = "Energy.Reactive.Import.Interval"
    case energyReactiveNet = "Energy.Reactive.Net"
    case energyApparentNet = "Energy.Apparent.Net"
    case energyApparentImport = "Energy.Apparent.Import"
    case energyApparentExport = "Energy.Apparent.Export"
    case frequency = "Frequency"
    case powerActiveExport = "Power.Active.Export"
    case powerActiveImport = "Power.Active.Import"
    case powerFactor = "Power.Factor"
    case powerOffered = "Power.Offered"
    case powerReactiveExport = "Power.Reactive.Export"
    case powerReactiveImport = "Power.Reactive.Import"
    case stateOfCharge = "SoC"
    case voltage = "Voltage"

    /// The unit values are stored in (OCPP's standardized names): Wh, varh, VAh, W, var, A, V,
    /// Hz, Percent, or "" for the power factor.
    public var unit: String {
        switch self {
        case .currentExport, .currentImport, .currentOffered: "A"
        case .energyActiveExportRegister, .energyActiveImportRegister, .energyActiveExportInterval, .energyActiveImportInterval,
            .energyActiveNet:
            "Wh"
        case .energyReactiveExportRegister, .energyReactiveImportRegister, .energyReactiveExportInterval, .energyReactiveImportInterval,
            .energyReactiveNet:
            "varh"
        case .energyApparentNet, .energyApparentImport, .energyApparentExport: "VAh"
        case .frequency: "Hz"
        case .powerActiveExport, .powerActiveImport, .powerOffered: "W"
        case .powerReactiveExport, .powerReactiveImport: "var"
        case .powerFactor: ""
        case .stateOfCharge: "Percent"
        case .voltage: "V"
        }
    }

    /// True for the energy registers, which never decrease within a transaction.
    public var isRegister: Bool { rawValue.hasSuffix(".Register") }

    /// `value × 10^multiplier` in `unit` (OCPP's `unitOfMeasure`), converting the kilo forms
    /// (kWh, kvarh, kVAh, kW, kvar) to the base unit; `nil` when `unit` is not this measurand's.
    /// Without a unit, energy is in Wh (OCPP's default) and anything else in its own unit.
    public func normalised(_ value: Double, unit given: String?, multiplier: Int = 0) -> Double? {
        guard (-9...9).contains(multiplier) else { return nil }
        // Dividing for negative multipliers keeps 2301 × 10^-1 exactly 230.1.
        let scaled = multiplier >= 0 ? value * pow10(multiplier) : value / pow10(-multiplier)
        let given = given ?? unit
        if given == unit { return scaled }
        if ["Wh", "varh", "VAh", "W", "var"].contains(unit), given == "k" + unit { return scaled * 1000 }
        return nil
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
