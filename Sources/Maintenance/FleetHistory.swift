public import ChargeShareDomain
public import Store

/// A charger as maintenance sees it: its registry id, its station and EVSE, and its rating.
public struct MaintainedCharger: Sendable, Equatable {
    public var chargerId: String
    public var station: StationEVSE
    public var maxChargeKw: Double

    public init(chargerId: String, station: StationEVSE, maxChargeKw: Double) {
        self.chargerId = chargerId
        self.station = station
        self.maxChargeKw = maxChargeKw
    }

    /// Every charger of `registry`, in registry order.
    public static func all(_ registry: Registry) -> [MaintainedCharger] {
        registry.chargers.map {
            MaintainedCharger(
                chargerId: $0.charger.id, station: StationEVSE(stationId: $0.stationId, evseId: $0.charger.evseId),
                maxChargeKw: $0.charger.maxChargeKw)
        }
    }
}

/// Daily features of a fleet over consecutive UTC days, read from the store one day at a time
/// (memory holds one day's telemetry and the features).
public struct FleetHistory: Sendable {
    public let chargers: [MaintainedCharger]
    /// UTC midnight of the first day.
    public let firstDay: Timestamp
    /// `days[c][d]`: charger `c`'s features on day `d`.
    public let days: [[DailyFeatures]]

    public init(chargers: [MaintainedCharger], firstDay: Timestamp, days: [[DailyFeatures]]) {
        self.chargers = chargers
        self.firstDay = firstDay
        self.days = days
    }

    /// Days covered.
    public var dayCount: Int { days.first?.count ?? 0 }

    /// Reads `dayCount` days from `firstDay` (a UTC midnight) out of `store`.
    /// - Parameter progress: called after each day with (days done, days in all).
    public static func load(
        _ store: SQLiteStore, chargers: [MaintainedCharger], firstDay: Timestamp, dayCount: Int, progress: ((Int, Int) -> Void)? = nil
    ) throws(StoreError) -> FleetHistory {
        var days = [[DailyFeatures]](repeating: [], count: chargers.count)
        for d in 0..<dayCount {
            let from = firstDay.adding(milliseconds: Int64(d) * 86_400_000)
            let telemetry = try store.chargerTelemetry(chargers.map(\.station), from: from, to: from.adding(milliseconds: 86_400_000))
            for (c, charger) in chargers.enumerated() {
                days[c].append(DailyFeatures(telemetry[charger.station] ?? ChargerTelemetry(), dayStartMs: from.millisecondsSinceEpoch))
            }
            progress?(d + 1, dayCount)
        }
        return FleetHistory(chargers: chargers, firstDay: firstDay, days: days)
    }

    /// UTC midnight of day `d` (d = `dayCount` is the end of the last day).
    public func time(ofDay d: Int) -> Timestamp { firstDay.adding(milliseconds: Int64(d) * 86_400_000) }

    /// Whether charger `c` reported anything a score reads (a heat measure, a session, an alert,
    /// an abnormal end) in the recent days before day `d`. Without it the features are all
    /// neutral and the risk says nothing about the charger.
    public func hasRecentData(charger c: Int, asOfDay d: Int) -> Bool {
        days[c][max(0, d - RiskFeatures.recentDays)..<d].contains {
            $0.heatPerAmpSquared != nil || $0.sessions > 0 || $0.alerts > 0 || $0.abnormalEnds > 0
        }
    }

    /// The features of every charger for a score at the start of day `d` (from the days before
    /// it), with the fleet's median recent heat coefficient: over the chargers whose coefficients
    /// are of the same kind (idle-corrected or raw) as the charger's own.
    public func features(asOfDay d: Int) -> [[Double]] {
        let from = max(0, d - RiskFeatures.lookbackDays)
        let histories = days.map { $0[from..<d] }
        let heats = histories.map(RiskFeatures.HeatHistory.init)
        func fleetHeat(idleCorrected: Bool) -> Double? {
            let recent = heats.filter { $0.idleCorrected == idleCorrected }.compactMap(\.recent)
            return recent.isEmpty ? nil : DailyFeatures.median(recent)
        }
        let fleet = [false: fleetHeat(idleCorrected: false), true: fleetHeat(idleCorrected: true)]
        return zip(histories, heats).map { history, heat in
            RiskFeatures.values(history: history, heat: heat, fleetRecentHeat: fleet[heat.idleCorrected] ?? nil)
        }
    }
}

extension Timestamp {
    /// UTC midnight at or before this instant.
    public var utcMidnight: Timestamp {
        let ms = millisecondsSinceEpoch
        return Timestamp(millisecondsSinceEpoch: ms - ((ms % 86_400_000) + 86_400_000) % 86_400_000)
    }
}
