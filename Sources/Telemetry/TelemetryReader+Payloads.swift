import ChargeShareDomain

extension TelemetryReader {
    /// The samples of a `meterValue` array, in the engine's units.
    func samples(_ value: JSONValue?, at path: String, stationId: String, evseId: Int) throws(TelemetryRejection) -> [MeterSample] {
        var out: [MeterSample] = []
        for (i, meterValue) in (value?.arrayValue ?? []).enumerated() {
            // Paths are built only for a rejection.
            let time = try instant(meterValue, "timestamp", at: "\(path)[\(i)]")
            for (j, sampled) in (meterValue["sampledValue"]?.arrayValue ?? []).enumerated() {
                var svPath: String { "\(path)[\(i)].sampledValue[\(j)]" }
                let name = sampled["measurand"]?.stringValue ?? Measurand.energyActiveImportRegister.rawValue
                guard let measurand = Measurand(rawValue: name) else {
                    throw reject("\(svPath).measurand", "unknown measurand \(Displayed.quoted(name))")
                }
                let unitOfMeasure = sampled["unitOfMeasure"]
                let unit = unitOfMeasure?["unit"]?.stringValue
                var multiplier = 0
                if let m = unitOfMeasure?["multiplier"] {
                    guard let value = Self.int(m), (-9...9).contains(value) else {
                        throw reject("\(svPath).unitOfMeasure.multiplier", "must be an integer from -9 to 9")
                    }
                    multiplier = value
                }
                guard let raw = sampled["value"]?.doubleValue, raw.isFinite else { throw reject("\(svPath).value", "must be a finite number") }
                guard let v = measurand.normalised(raw, unit: unit, multiplier: multiplier) else {
                    let shown = unit.map { "unit \(Displayed.quoted($0))" } ?? "no unit"
                    throw reject(
                        unit == nil ? "\(svPath).unitOfMeasure.multiplier" : "\(svPath).unitOfMeasure.unit",
                        "\(shown) with multiplier \(multiplier) is not a unit of \(measurand.rawValue) (expected \(measurand.unit.isEmpty ? "none" : measurand.unit))"
                    )
                }
                try plausible(v, measurand, at: "\(svPath).value")
                out.append(
                    MeterSample(
                        time: time, stationId: stationId, evseId: evseId, measurand: measurand, phase: sampled["phase"]?.stringValue, value: v))
            }
        }
        return out
    }

    private func plausible(_ v: Double, _ measurand: Measurand, at path: @autoclosure () -> String) throws(TelemetryRejection) {
        switch measurand {
        case _ where measurand.isRegister && v < 0:
            throw reject(path(), "an energy register cannot be negative: \(measurand.rawValue) \(v) \(measurand.unit)")
        case .voltage where !(0...1000).contains(v): throw reject(path(), "voltage \(v) V is outside 0–1,000 V")
        case .stateOfCharge where !(0...100).contains(v): throw reject(path(), "state of charge \(v) % is outside 0–100 %")
        default: return
        }
    }

    func readTransaction(_ payload: JSONValue, into message: inout TelemetryMessage) throws(TelemetryRejection) {
        let time = try instant(payload, "timestamp", at: "payload")
        let info = payload["transactionInfo"] ?? .null
        let evse = payload["evse"]?["id"].flatMap(Self.int) ?? message.evseId
        if evse != message.evseId {
            throw reject("payload.evse.id", "EVSE \(evse) differs from the envelope's evseId \(message.evseId)")
        }
        guard let seqNo = payload["seqNo"].flatMap(Self.int), seqNo >= 0 else {
            throw reject("payload.seqNo", "must be an integer from 0 to 9e15")
        }
        message.transaction = TransactionUpdate(
            transactionId: info["transactionId"]?.stringValue ?? "",
            kind: TransactionUpdate.Kind(rawValue: payload["eventType"]?.stringValue ?? "") ?? .updated,
            seqNo: seqNo, time: time, evseId: evse,
            chargingState: info["chargingState"]?.stringValue, stoppedReason: info["stoppedReason"]?.stringValue,
            triggerReason: payload["triggerReason"]?.stringValue ?? "")
        message.meterSamples = try samples(payload["meterValue"], at: "payload.meterValue", stationId: message.stationId, evseId: evse)
        // Within one message, each register (by measurand and phase) must not run backwards.
        var registers: [String: [MeterSample]] = [:]
        for sample in message.meterSamples where sample.measurand.isRegister {
            registers[sample.measurand.rawValue + "/" + (sample.phase ?? ""), default: []].append(sample)
        }
        for (_, readings) in registers.sorted(by: { $0.key < $1.key }) {
            let ordered = readings.sorted { ($0.time, $0.value) < ($1.time, $1.value) }
            for (a, b) in zip(ordered, ordered.dropFirst()) where b.value < a.value {
                throw reject(
                    "payload.meterValue",
                    "\(a.measurand.rawValue)\(a.phase.map { " \($0)" } ?? "") runs backwards within the message: \(a.value) Wh at \(a.time), \(b.value) Wh at \(b.time)"
                )
            }
        }
    }

    /// Component names whose `Temperature` variable is a temperature reading.
    static let temperatureSensors: Set<String> = ["TemperatureSensor", "ExternalTemperatureSensor"]

    func readEvents(_ payload: JSONValue, into message: inout TelemetryMessage) throws(TelemetryRejection) {
        _ = try instant(payload, "generatedAt", at: "payload")
        for (i, data) in (payload["eventData"]?.arrayValue ?? []).enumerated() {
            let path = "payload.eventData[\(i)]"
            let time = try instant(data, "timestamp", at: path)
            let component = data["component"]?["name"]?.stringValue ?? ""
            let variable = data["variable"]?["name"]?.stringValue ?? ""
            let evse = data["component"]?["evse"]
            let evseId = evse?["id"].flatMap(Self.int)
            let actual = data["actualValue"]?.stringValue ?? ""
            if Self.temperatureSensors.contains(component), variable == "Temperature" {
                guard Self.isDecimal(actual), let celsius = Double(actual), celsius.isFinite else {
                    throw reject("\(path).actualValue", "temperature \(Displayed.quoted(actual)) is not a decimal number of °C")
                }
                guard (-60...200).contains(celsius) else { throw reject("\(path).actualValue", "temperature \(celsius) °C is outside −60–200 °C") }
                message.deviceReadings.append(
                    DeviceReading(
                        time: time, stationId: message.stationId, evseId: component == "TemperatureSensor" ? evseId : nil, component: component,
                        variable: variable, value: celsius))
            } else if let trigger = data["trigger"]?.stringValue, trigger == "Alerting" || trigger == "Delta" {
                message.events.append(
                    StationEvent(
                        time: time, evseId: evseId, connectorId: evse?["connectorId"].flatMap(Self.int),
                        kind: .device(component: component, variable: variable, trigger: trigger, value: actual)))
            }
        }
    }

    /// The longest a departure may lie ahead: the longest session the engine keeps.
    static let departureHorizonMs: Int64 = 7 * 86_400_000

    func needs(_ payload: JSONValue, evseId: Int) throws(TelemetryRejection) -> ChargingNeeds {
        let needs = payload["chargingNeeds"] ?? .null
        var departure: Timestamp?
        if needs["departureTime"] != nil {
            departure = try instant(needs, "departureTime", at: "payload.chargingNeeds", ahead: Self.departureHorizonMs)
        }
        let ac = needs["acChargingParameters"], dc = needs["dcChargingParameters"]
        let energy = ac?["energyAmount"]?.doubleValue ?? dc?["energyAmount"]?.doubleValue
        if let energy, !(energy >= 0) {
            throw reject(
                ac?["energyAmount"] != nil
                    ? "payload.chargingNeeds.acChargingParameters.energyAmount" : "payload.chargingNeeds.dcChargingParameters.energyAmount",
                "energy wanted cannot be negative (\(energy) Wh)")
        }
        let soc = dc?["stateOfCharge"]?.doubleValue
        if let soc, !(0...100).contains(soc) {
            throw reject("payload.chargingNeeds.dcChargingParameters.stateOfCharge", "state of charge \(soc) % is outside 0–100 %")
        }
        return ChargingNeeds(
            evseId: evseId, departure: departure, energyWh: energy, stateOfChargePercent: soc,
            requestedEnergyTransfer: needs["requestedEnergyTransfer"]?.stringValue ?? "")
    }

    /// A plain decimal number: an optional sign, digits, an optional fraction (no exponent, no hex).
    static func isDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { (0x30...0x39).contains($0) } }
    }
}
