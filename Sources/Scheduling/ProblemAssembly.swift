public import ChargeShareDomain

/// Builds dispatch windows for the scheduling site model (one feeder, one site, one charger per
/// station): the problems `lp` solves every step and the offline optimum solves per block.
public enum ProblemAssembly {
    /// A car to schedule in a window, by step offsets within the window.
    public struct Car: Sendable {
        public let id: String
        public let stationId: String
        /// First interval the car may use.
        public let firstStep: Int
        /// First interval the car is gone (may lie beyond the window).
        public let endStep: Int
        public let remainingKwh: Double
        public let dischargeableKwh: Double

        public init(id: String, stationId: String, firstStep: Int, endStep: Int, remainingKwh: Double, dischargeableKwh: Double) {
            self.id = id
            self.stationId = stationId
            self.firstStep = firstStep
            self.endStep = endStep
            self.remainingKwh = remainingKwh
            self.dischargeableKwh = dischargeableKwh
        }
    }

    /// The window `name` of `intervals` steps from `start`, with one charger per car.
    public static func window(
        name: String, start: Timestamp, intervals: Int, site model: SchedulingSite, importPrices: [Double],
        exportPrices: [Double], importLimitsKw: [Double]? = nil, cars: [Car], tieBreak: TieBreak, currency: String,
        unmetPenaltyPerKwh: Double
    ) -> DispatchProblem {
        let dt = model.intervalMilliseconds
        func series(_ values: [Double]) -> Series {
            guard let first = values.first else { return .values([]) }
            return values.allSatisfy({ $0 == first }) ? .constant(first) : .values(values)
        }
        let feeder = Feeder(
            id: "feeder", importLimitKw: importLimitsKw.map { series($0) } ?? .constant(model.feederLimitKw),
            exportLimitKw: .constant(model.v2g?.exportLimitKw ?? 0))
        let site = Site(id: "site", feederId: "feeder", exportLimitKw: .constant(model.v2g?.exportLimitKw ?? 0))
        var chargers: [Charger] = []
        var used: [String: Int] = [:]
        var sessions: [Session] = []
        for car in cars {
            // Two cars on one station only happen with overlapping records; keep both on separate EVSEs.
            let count = used[car.stationId, default: 0]
            used[car.stationId] = count + 1
            let chargerId = count == 0 ? car.stationId : "\(car.stationId)~\(count + 1)"
            chargers.append(
                Charger(
                    id: chargerId, siteId: "site", maxChargeKw: model.chargerKw,
                    maxDischargeKw: model.v2g?.dischargeKw ?? 0, chargeEfficiency: 1, dischargeEfficiency: 1))
            let arrival = start.adding(milliseconds: Int64(car.firstStep) * dt)
            let departure = start.adding(milliseconds: Int64(car.endStep) * dt)
            if let v2g = model.v2g {
                let initial = v2g.minimumKwh + max(0, car.dischargeableKwh)
                let target = max(0, min(v2g.batteryKwh, initial + car.remainingKwh))  // below the level after a cheap-hour top-up
                sessions.append(
                    Session(
                        id: car.id, chargerId: chargerId, arrival: arrival, departure: departure,
                        batteryKwh: v2g.batteryKwh, initialKwh: min(initial, v2g.batteryKwh), targetKwh: target,
                        minKwh: v2g.minimumKwh, v2g: true))
            } else {
                let need = max(car.remainingKwh, 1e-6)
                sessions.append(
                    Session(
                        id: car.id, chargerId: chargerId, arrival: arrival, departure: departure,
                        batteryKwh: need, initialKwh: 0, targetKwh: need))
            }
        }
        return DispatchProblem(
            windowId: name, start: start, intervalMinutes: model.intervalMinutes, intervals: intervals, currency: currency,
            prices: Prices(importPerKwh: series(importPrices), exportPerKwh: series(exportPrices)),
            degradationCostPerKwh: model.v2g?.degradationCostPerKwh ?? 0, unmetEnergyPenaltyPerKwh: unmetPenaltyPerKwh,
            feeders: [feeder], sites: [site], chargers: chargers, sessions: sessions, tieBreak: tieBreak)
    }
}
