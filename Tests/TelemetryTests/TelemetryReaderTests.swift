import ChargeShareDomain
import Testing

@testable import Telemetry

@Suite("Telemetry envelopes")
struct TelemetryReaderTests {
    static let reader = TelemetryReader(receivedAt: Timestamp(rfc3339: Messages.received) ?? Timestamp(millisecondsSinceEpoch: 0))

    static func read(_ text: String) throws(TelemetryRejection) -> TelemetryMessage { try reader.read(Array(text.utf8)) }

    static func rejection(_ text: String) -> String? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error.description
        }
    }

    /// `base` with `old` replaced by `new`; the fixture must contain `old`.
    static func edit(_ base: String, _ old: String, _ new: String) -> String {
        precondition(base.contains(old), "fixture lacks \(old)")
        return base.replacingOccurrences(of: old, with: new)
    }

    /// Each message is rejected with exactly its reason.
    static func expectRejections(_ cases: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) {
        for (text, expected) in cases {
            #expect(rejection(text) == expected, sourceLocation: sourceLocation)
        }
    }

    static func t(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }

    @Test("The five official schemas load with the supported keywords")
    func schemasLoad() throws {
        for action in TelemetryAction.allCases {
            _ = try JSONSchema(try #require(OCPPSchemas.byAction[action.rawValue]))
        }
        #expect(TelemetryReader.schemas.count == 5)
    }

    @Test("MeterValues: kWh to Wh, the multiplier, the default measurand and unit")
    func meterValues() throws {
        let m = try Self.read(Messages.meterValues)
        #expect(m.messageId == "m-1" && m.stationId == "CS-1" && m.evseId == 1 && m.action == .meterValues)
        #expect(m.recordedAt == Self.t("2026-06-01T10:00:00Z"))
        #expect(m.meterSamples.map(\.measurand) == [.energyActiveImportRegister, .powerActiveImport, .voltage, .energyActiveImportRegister])
        #expect(m.meterSamples.map(\.value) == [12_500, 7_400, 230.1, 1_500])
        #expect(m.meterSamples[2].phase == "L1-N")
        #expect(m.meterSamples.allSatisfy { $0.time == Self.t("2026-06-01T10:00:00Z") && $0.stationId == "CS-1" && $0.evseId == 1 })
    }

    @Test("TransactionEvent: the session update, its EVSE from the payload, and its samples")
    func transaction() throws {
        let m = try Self.read(Messages.transactionStarted)
        let tx = try #require(m.transaction)
        #expect(tx.transactionId == "tx-42" && tx.kind == .started && tx.seqNo == 3 && tx.evseId == 2)
        #expect(tx.time == Self.t("2026-06-01T09:00:00Z") && tx.chargingState == "EVConnected" && tx.triggerReason == "CablePluggedIn")
        #expect(m.meterSamples.map(\.value) == [1000] && m.meterSamples[0].evseId == 2)
    }

    @Test("NotifyEvent: connector and ambient temperatures, an alert as a device event, a periodic uptime ignored")
    func notifyEvent() throws {
        let m = try Self.read(Messages.notifyEvent)
        #expect(m.deviceReadings.map(\.value) == [41.5, -3])
        #expect(m.deviceReadings.map(\.evseId) == [1, nil])
        #expect(m.deviceReadings.map(\.component) == ["TemperatureSensor", "ExternalTemperatureSensor"])
        #expect(
            m.events == [
                StationEvent(
                    time: Self.t("2026-06-01T09:59:45Z"), evseId: nil, connectorId: nil,
                    kind: .device(component: "ChargingStation", variable: "Problem", trigger: "Alerting", value: "true"))
            ])
    }

    @Test("NotifyEVChargingNeeds and StatusNotification")
    func needsAndStatus() throws {
        let needs = try #require(try Self.read(Messages.chargingNeeds).chargingNeeds)
        #expect(needs.departure == Self.t("2026-06-01T18:00:00Z") && needs.energyWh == 20_000 && needs.requestedEnergyTransfer == "AC_three_phase")
        let status = try Self.read(Messages.status)
        #expect(status.events == [StationEvent(time: Self.t("2026-06-01T10:00:00Z"), evseId: 1, connectorId: 1, kind: .status("Faulted"))])
    }

    @Test("Every rule of the contract, one rejection each, with its path and reason")
    func rules() {
        let mv = Messages.meterValues
        let cases: [(String, String)] = [
            ("{\"messageId\": ", "$: invalid JSON at line 1, column 15: unexpected end of input"),
            ("[1]", "$: expected an envelope object, got an array"),
            (Self.edit(mv, "\"action\"", "\"site\": 1, \"action\""), "site: unknown envelope field"),
            (Self.edit(mv, "\"m-1\"", "\"\(String(repeating: "x", count: 129))\""), "messageId: must be 1 to 128 characters"),
            (Self.edit(mv, "\"CS-1\"", "\"\""), "stationId: must be 1 to 48 characters"),
            (Self.edit(mv, "\"evseId\": 1, \"recordedAt\"", "\"evseId\": -1, \"recordedAt\""), "evseId: must be an integer >= 0"),
            (
                Self.edit(mv, "\"2026-06-01T10:00:00Z\", \"action\"", "\"2026-06-01T12:00:00+02:00\", \"action\""),
                "recordedAt: must be an RFC 3339 time in UTC, got \"2026-06-01T12:00:00+02:00\""
            ),
            (
                Self.edit(mv, "\"2026-06-01T10:00:00Z\", \"action\"", "\"1999-12-31T23:59:59Z\", \"action\""),
                "recordedAt: 1999-12-31T23:59:59Z is before 2000"
            ),
            (
                Self.edit(mv, "\"2026-06-01T10:00:00Z\", \"action\"", "\"2026-06-02T12:00:01Z\", \"action\""),
                "recordedAt: 2026-06-02T12:00:01Z is more than 1 day(s) after the message was received (2026-06-01T12:00:00Z)"
            ),
            (
                Self.edit(mv, "\"MeterValues\"", "\"Heartbeat\""),
                "action: \"Heartbeat\" is not one of TransactionEvent, MeterValues, NotifyEvent, NotifyEVChargingNeeds, StatusNotification"
            ),
            (Self.edit(mv, "\"meterValue\": [", "\"meterValues\": ["), "payload.meterValue: is required (MeterValuesRequest schema)"),
            (
                Self.edit(mv, "\"Power.Active.Import\"", "\"Power.Active\""),
                "payload.meterValue[0].sampledValue[1].measurand: \"Power.Active\" is not one of Current.Export, Current.Import, Current.Offered, Energy.Active.Export.Register, Energy.Active.Import.Register, Energy.Reactive.Export.Register, Energy.Reactive.Import.Register, Energy.Active.Export.Interval, Energy.Active.Import.Interval, Energy.Active.Net, Energy.Reactive.Export.Interval, Energy.Reactive.Import.Interval, Energy.Reactive.Net, Energy.Apparent.Net, Energy.Apparent.Import, Energy.Apparent.Export, Frequency, Power.Active.Export, Power.Active.Import, Power.Factor, Power.Offered, Power.Reactive.Export, Power.Reactive.Import, SoC, Voltage (MeterValuesRequest schema)"
            ),
            (
                Self.edit(mv, "{\"unit\": \"W\"}", "{\"unit\": \"Wh\"}"),
                "payload.meterValue[0].sampledValue[1].unitOfMeasure.unit: unit \"Wh\" with multiplier 0 is not a unit of Power.Active.Import (expected W)"
            ),
            (
                Self.edit(mv, "{\"value\": 1500}", "{\"value\": -1500}"),
                "payload.meterValue[0].sampledValue[3].value: an energy register cannot be negative: Energy.Active.Import.Register -1500.0 Wh"
            ),
            (
                Self.edit(mv, "\"value\": 2301", "\"value\": 12301"),
                "payload.meterValue[0].sampledValue[2].value: voltage 1230.1 V is outside 0–1,000 V"
            ),
            (
                Self.edit(mv, "\"evseId\": 1, \"meterValue\"", "\"evseId\": 2, \"meterValue\""),
                "payload.evseId: EVSE 2 differs from the envelope's evseId 1"
            ),
            (
                Self.edit(mv, "\"timestamp\": \"2026-06-01T10:00:00Z\"", "\"timestamp\": \"yesterday\""),
                "payload.meterValue[0].timestamp: must be an RFC 3339 time, got \"yesterday\""
            ),
            (Self.edit(Messages.notifyEvent, "\"41.5\"", "\"250\""), "payload.eventData[0].actualValue: temperature 250.0 °C is outside −60–200 °C"),
            (
                Self.edit(Messages.notifyEvent, "\"41.5\"", "\"hot\""),
                "payload.eventData[0].actualValue: temperature \"hot\" is not a decimal number of °C"
            ),
            (
                Self.edit(Messages.chargingNeeds, "2026-06-01T18:00:00Z", "2026-06-09T18:00:00Z"),
                "payload.chargingNeeds.departureTime: 2026-06-09T18:00:00Z is more than 7 day(s) after the message was received (2026-06-01T12:00:00Z)"
            ),
            (
                Self.edit(Messages.status, "\"Faulted\"", "\"Broken\""),
                "payload.connectorStatus: \"Broken\" is not one of Available, Occupied, Reserved, Unavailable, Faulted (StatusNotificationRequest schema)"
            ),
            (
                Self.edit(Messages.transactionStarted, "\"tx-42\"", "\"\(String(repeating: "t", count: 37))\""),
                "payload.transactionInfo.transactionId: is 37 characters, more than 36 (TransactionEventRequest schema)"
            ),
            (
                Self.edit(Messages.transactionStarted, "\"seqNo\": 3", "\"seqNo\": 3.5"),
                "payload.seqNo: expected integer, got a number (TransactionEventRequest schema)"
            ),
        ]
        Self.expectRejections(cases)
    }

    @Test("More rules: bounds on SoC, energy wanted, multiplier, temperatures, sample times; EVSEs; readings running backwards")
    func moreRules() {
        let mv = Messages.meterValues
        let tx = Messages.transactionStarted
        let cases: [(String, String)] = [
            (
                Self.edit(mv, "{\"unit\": \"W\"}", "{\"unit\": \"W\", \"multiplier\": 10}"),
                "payload.meterValue[0].sampledValue[1].unitOfMeasure.multiplier: must be an integer from -9 to 9"
            ),
            (
                Self.edit(mv, "{\"value\": 1500}", "{\"value\": 101, \"measurand\": \"SoC\", \"unitOfMeasure\": {\"unit\": \"Percent\"}}"),
                "payload.meterValue[0].sampledValue[3].value: state of charge 101.0 % is outside 0–100 %"
            ),
            (
                Self.edit(mv, "\"timestamp\": \"2026-06-01T10:00:00Z\"", "\"timestamp\": \"1999-06-01T10:00:00Z\""),
                "payload.meterValue[0].timestamp: 1999-06-01T10:00:00Z is before 2000"
            ),
            (
                Self.edit(Messages.notifyEvent, "\"generatedAt\": \"2026-06-01T10:00:00Z\"", "\"generatedAt\": \"2026-06-03T10:00:00Z\""),
                "payload.generatedAt: 2026-06-03T10:00:00Z is more than 1 day(s) after the message was received (2026-06-01T12:00:00Z)"
            ),
            (Self.edit(Messages.notifyEvent, "\"-3\"", "\"-61\""), "payload.eventData[1].actualValue: temperature -61.0 °C is outside −60–200 °C"),
            (
                Self.edit(Messages.notifyEvent, "\"41.5\"", "\"0x1p3\""),
                "payload.eventData[0].actualValue: temperature \"0x1p3\" is not a decimal number of °C"
            ),
            (
                Self.edit(Messages.chargingNeeds, "\"energyAmount\": 20000", "\"energyAmount\": -1"),
                "payload.chargingNeeds.acChargingParameters.energyAmount: energy wanted cannot be negative (-1.0 Wh)"
            ),
            (
                Self.edit(tx, "\"evse\": {\"id\": 2, \"connectorId\": 1}", "\"evse\": {\"id\": 3, \"connectorId\": 1}"),
                "payload.evse.id: EVSE 3 differs from the envelope's evseId 2"
            ),
            (
                Self.edit(
                    tx, "[{\"value\": 1000, \"context\": \"Transaction.Begin\"}]}]",
                    "[{\"value\": 1000}]}, {\"timestamp\": \"2026-06-01T09:05:00Z\", \"sampledValue\": [{\"value\": 900}]}]"),
                "payload.meterValue: Energy.Active.Import.Register runs backwards within the message: 1000.0 Wh at 2026-06-01T09:00:00Z, 900.0 Wh at 2026-06-01T09:05:00Z"
            ),
            (Self.edit(tx, "\"seqNo\": 3", "\"seqNo\": 1e20"), "payload.seqNo: must be an integer from 0 to 9e15"),
            (Self.edit(mv, "\"CS-1\"", "\"C\(String(repeating: "\u{301}", count: 48))\""), "stationId: must be 1 to 48 characters"),
        ]
        Self.expectRejections(cases)
        // Lower-case z is RFC 3339 UTC too.
        #expect(Self.rejection(Self.edit(mv, "\"2026-06-01T10:00:00Z\", \"action\"", "\"2026-06-01t10:00:00z\", \"action\"")) == nil)
    }
}
