public import ChargeShareDomain
import Foundation
import GRDB

/// One timed reading: milliseconds since the epoch and a value in the contract's units.
public struct TimedValue: Sendable, Equatable {
    public var timeMs: Int64
    public var value: Double

    public init(timeMs: Int64, value: Double) {
        self.timeMs = timeMs
        self.value = value
    }
}

/// What the store holds about one charger (station and EVSE) over a span of time that predictive
/// maintenance reads: temperatures, meter samples, alerts and how its sessions started and ended.
public struct ChargerTelemetry: Sendable, Equatable {
    /// Connector temperatures (`TemperatureSensor` at this EVSE), °C.
    public var connectorC: [TimedValue] = []
    /// Ambient temperatures of the station (`ExternalTemperatureSensor`), °C.
    public var ambientC: [TimedValue] = []
    /// `Current.Import`, A (every phase's sample; the reader takes the highest per instant).
    public var currentA: [TimedValue] = []
    /// `Voltage`, V.
    public var voltageV: [TimedValue] = []
    /// `Power.Active.Import`, W.
    public var powerW: [TimedValue] = []
    /// `Power.Offered`, W.
    public var offeredW: [TimedValue] = []
    /// `Alerting` device events at this EVSE or at the station as a whole.
    public var alertMs: [Int64] = []
    /// `TransactionEvent` `Started` times.
    public var startedMs: [Int64] = []
    /// `Ended` times with the `stoppedReason` (empty when none was given).
    public var ended: [(timeMs: Int64, reason: String)] = []
    /// `Faulted` status times.
    public var faultedMs: [Int64] = []

    public init() {}

    public static func == (a: ChargerTelemetry, b: ChargerTelemetry) -> Bool {
        a.connectorC == b.connectorC && a.ambientC == b.ambientC && a.currentA == b.currentA && a.voltageV == b.voltageV
            && a.powerW == b.powerW && a.offeredW == b.offeredW && a.alertMs == b.alertMs && a.startedMs == b.startedMs
            && a.ended.map(\.timeMs) == b.ended.map(\.timeMs) && a.ended.map(\.reason) == b.ended.map(\.reason) && a.faultedMs == b.faultedMs
    }
}

/// A charger's failure risk on one day as recorded for its host and for dispatch. When `alert`
/// is set, dispatch caps the charger at `maxChargeKw` (0 = out of service) while the record is in
/// force.
public struct MaintenanceScore: Sendable, Equatable {
    public var chargerId: String
    /// The day scored: UTC midnight after the last day of data used.
    public var asOf: Timestamp
    public var risk: Double
    public var alert: Bool
    /// The cap dispatch applies while alerted, kW; 0 takes the charger out of service.
    public var maxChargeKw: Double?
    /// The top contributing features, as JSON text (`[{"feature", "value", "contribution"}]`).
    public var topFeatures: String
    /// The model that scored it (`name@engineVersion`).
    public var model: String

    public init(chargerId: String, asOf: Timestamp, risk: Double, alert: Bool, maxChargeKw: Double?, topFeatures: String, model: String) {
        self.chargerId = chargerId
        self.asOf = asOf
        self.risk = risk
        self.alert = alert
        self.maxChargeKw = maxChargeKw
        self.topFeatures = topFeatures
        self.model = model
    }
}

/// Failure-risk scores of chargers (predictive maintenance): the alerts dispatch honours.
public protocol MaintenanceStore {
    /// The alerts in force at `time` (see `SQLiteStore.maintenanceAlerts(at:)`).
    func maintenanceAlerts(at time: Timestamp) throws(StoreError) -> [MaintenanceScore]
}

extension SQLiteStore: MaintenanceStore {
    /// `v12-maintenance-scores`: each charger's risk per scored day (a rescore of the same day
    /// replaces it), with the alert and the cap dispatch applies.
    static func registerMaintenanceMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-maintenance-scores") { db in
            try db.execute(
                sql: """
                    CREATE TABLE maintenance_scores (
                        charger_id TEXT NOT NULL,
                        as_of_ms INTEGER NOT NULL,
                        risk REAL NOT NULL CHECK (risk >= 0 AND risk <= 1),
                        alert INTEGER NOT NULL CHECK (alert IN (0, 1)),
                        max_charge_kw REAL CHECK (max_charge_kw >= 0),
                        top_features TEXT NOT NULL,
                        model TEXT NOT NULL,
                        PRIMARY KEY (charger_id, as_of_ms)) WITHOUT ROWID;
                    """)
        }
    }

    /// Measurands predictive maintenance reads.
    static let maintenanceMeasurands = ["Current.Import", "Voltage", "Power.Active.Import", "Power.Offered"]

    /// The telemetry of `chargers` recorded in [`from`, `to`), by charger, in time order. Meter
    /// samples come from one scan of the time-keyed sample table; the rest by station and time.
    public func chargerTelemetry(_ chargers: [StationEVSE], from: Timestamp, to: Timestamp) throws(StoreError) -> [StationEVSE: ChargerTelemetry] {
        let wanted = Set(chargers)
        let stations = Set(chargers.map(\.stationId)).sorted()
        let range: StatementArguments = [from.millisecondsSinceEpoch, to.millisecondsSinceEpoch]
        return try readingState { db in
            var out: [StationEVSE: ChargerTelemetry] = [:]
            for c in chargers { out[c] = ChargerTelemetry() }
            let samples = try Row.fetchCursor(
                db,
                sql: """
                    SELECT station_id, evse_id, time_ms, measurand, value FROM meter_samples
                    WHERE time_ms >= ? AND time_ms < ? AND measurand IN ('Current.Import', 'Voltage', 'Power.Active.Import', 'Power.Offered')
                    ORDER BY time_ms
                    """, arguments: range)
            while let row = try samples.next() {
                let key = StationEVSE(stationId: row[0], evseId: row[1])
                guard wanted.contains(key) else { continue }
                let v = TimedValue(timeMs: row[2], value: row[4])
                switch row[3] as String {
                case "Current.Import": out[key]?.currentA.append(v)
                case "Voltage": out[key]?.voltageV.append(v)
                case "Power.Active.Import": out[key]?.powerW.append(v)
                default: out[key]?.offeredW.append(v)
                }
            }
            let evsesByStation = Dictionary(grouping: chargers, by: \.stationId)
            for station in stations {
                let args: StatementArguments = [station] + range
                let evses = evsesByStation[station] ?? []
                let readings = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT evse_id, time_ms, component, value FROM device_readings
                        WHERE station_id = ? AND time_ms >= ? AND time_ms < ? AND variable = 'Temperature' ORDER BY time_ms
                        """, arguments: args)
                while let row = try readings.next() {
                    let v = TimedValue(timeMs: row[1], value: row[3])
                    if (row[2] as String) == "ExternalTemperatureSensor" {
                        for e in evses { out[e]?.ambientC.append(v) }
                    } else if let evse = row[0] as Int? {
                        out[StationEVSE(stationId: station, evseId: evse)]?.connectorC.append(v)
                    }
                }
                let events = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT evse_id, time_ms, kind, trigger, value FROM station_events
                        WHERE station_id = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms
                        """, arguments: args)
                while let row = try events.next() {
                    let evse = row[0] as Int?
                    let targets = evse.map { [StationEVSE(stationId: station, evseId: $0)] } ?? evses
                    let kind: String = row[2], trigger: String? = row[3], value: String = row[4]
                    for t in targets {
                        if kind == "device", trigger == "Alerting" { out[t]?.alertMs.append(row[1]) }
                        if kind == "status", value == "Faulted" { out[t]?.faultedMs.append(row[1]) }
                    }
                }
                let transactions = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT evse_id, time_ms, event_type, stopped_reason FROM transaction_events
                        WHERE station_id = ? AND time_ms >= ? AND time_ms < ? AND event_type IN ('Started', 'Ended') ORDER BY time_ms
                        """, arguments: args)
                while let row = try transactions.next() {
                    let key = StationEVSE(stationId: station, evseId: row[0])
                    if (row[2] as String) == "Started" {
                        out[key]?.startedMs.append(row[1])
                    } else {
                        out[key]?.ended.append((row[1], (row[3] as String?) ?? ""))
                    }
                }
            }
            return out
        }
    }

    /// Records `scores`, replacing any of the same charger and day, in one transaction.
    public func recordMaintenanceScores(_ scores: [MaintenanceScore]) throws(StoreError) {
        try writingState { db in
            for a in scores {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO maintenance_scores (charger_id, as_of_ms, risk, alert, max_charge_kw, top_features, model)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [a.chargerId, a.asOf.millisecondsSinceEpoch, a.risk, a.alert, a.maxChargeKw, a.topFeatures, a.model])
            }
        }
    }

    /// The alerts in force at `time`: per charger, its latest score at or before `time`, when that
    /// score is an alert. A later score under the threshold (after a repair) clears it; an alert is
    /// never dropped for want of news (`maintenance score` records nothing for a silent charger).
    public func maintenanceAlerts(at time: Timestamp) throws(StoreError) -> [MaintenanceScore] {
        try readingState { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT charger_id, as_of_ms, risk, alert, max_charge_kw, top_features, model FROM maintenance_scores AS a
                    WHERE as_of_ms <= ?
                      AND as_of_ms = (SELECT MAX(as_of_ms) FROM maintenance_scores AS b WHERE b.charger_id = a.charger_id AND b.as_of_ms <= ?)
                      AND alert = 1
                    ORDER BY charger_id
                    """, arguments: [time.millisecondsSinceEpoch, time.millisecondsSinceEpoch]
            ).map {
                MaintenanceScore(
                    chargerId: $0[0], asOf: Timestamp(millisecondsSinceEpoch: $0[1]), risk: $0[2], alert: $0[3], maxChargeKw: $0[4],
                    topFeatures: $0[5], model: $0[6])
            }
        }
    }
}
