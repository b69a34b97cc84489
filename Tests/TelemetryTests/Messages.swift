import Foundation

/// Valid telemetry envelopes of every action, as an edge would send them, and small edits of them.
enum Messages {
    static let received = "2026-06-01T12:00:00Z"

    static func envelope(
        _ action: String, _ payload: String, id: String = "m-1", station: String = "CS-1", evse: Int = 1, recorded: String = "2026-06-01T10:00:00Z"
    ) -> String {
        #"{"messageId": "\#(id)", "stationId": "\#(station)", "evseId": \#(evse), "recordedAt": "\#(recorded)", "action": "\#(action)", "payload": \#(payload)}"#
    }

    static let meterValues = envelope(
        "MeterValues",
        #"""
        {"evseId": 1, "meterValue": [{"timestamp": "2026-06-01T10:00:00Z", "sampledValue": [
          {"value": 12.5, "measurand": "Energy.Active.Import.Register", "unitOfMeasure": {"unit": "kWh"}},
          {"value": 7400, "measurand": "Power.Active.Import", "unitOfMeasure": {"unit": "W"}},
          {"value": 2301, "measurand": "Voltage", "phase": "L1-N", "unitOfMeasure": {"unit": "V", "multiplier": -1}},
          {"value": 1500}]}]}
        """#)

    static let transactionStarted = envelope(
        "TransactionEvent",
        #"""
        {"eventType": "Started", "timestamp": "2026-06-01T09:00:00Z", "triggerReason": "CablePluggedIn", "seqNo": 3,
         "transactionInfo": {"transactionId": "tx-42", "chargingState": "EVConnected"}, "evse": {"id": 2, "connectorId": 1},
         "meterValue": [{"timestamp": "2026-06-01T09:00:00Z", "sampledValue": [{"value": 1000, "context": "Transaction.Begin"}]}]}
        """#, evse: 2)

    static let notifyEvent = envelope(
        "NotifyEvent",
        #"""
        {"generatedAt": "2026-06-01T10:00:00Z", "seqNo": 0, "eventData": [
          {"eventId": 1, "timestamp": "2026-06-01T09:59:00Z", "trigger": "Periodic", "actualValue": "41.5",
           "eventNotificationType": "HardWiredMonitor", "component": {"name": "TemperatureSensor", "evse": {"id": 1, "connectorId": 1}},
           "variable": {"name": "Temperature"}},
          {"eventId": 2, "timestamp": "2026-06-01T09:59:30Z", "trigger": "Periodic", "actualValue": "-3",
           "eventNotificationType": "HardWiredMonitor", "component": {"name": "ExternalTemperatureSensor"}, "variable": {"name": "Temperature"}},
          {"eventId": 3, "timestamp": "2026-06-01T09:59:45Z", "trigger": "Alerting", "actualValue": "true",
           "eventNotificationType": "HardWiredNotification", "component": {"name": "ChargingStation"}, "variable": {"name": "Problem"}},
          {"eventId": 4, "timestamp": "2026-06-01T09:59:50Z", "trigger": "Periodic", "actualValue": "12",
           "eventNotificationType": "HardWiredMonitor", "component": {"name": "Controller"}, "variable": {"name": "Uptime"}}]}
        """#, evse: 0)

    static let chargingNeeds = envelope(
        "NotifyEVChargingNeeds",
        #"""
        {"evseId": 1, "chargingNeeds": {"requestedEnergyTransfer": "AC_three_phase", "departureTime": "2026-06-01T18:00:00Z",
          "acChargingParameters": {"energyAmount": 20000, "evMinCurrent": 6, "evMaxCurrent": 16, "evMaxVoltage": 400}}}
        """#)

    static let status = envelope(
        "StatusNotification", #"{"timestamp": "2026-06-01T10:00:00Z", "connectorStatus": "Faulted", "evseId": 1, "connectorId": 1}"#)

    static let all = [meterValues, transactionStarted, notifyEvent, chargingNeeds, status]
}
