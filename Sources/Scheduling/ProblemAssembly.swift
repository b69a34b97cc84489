public import ChargeShareDomain

/// Builds dispatch windows: one core (`problem`) that turns a network (feeders, sites and
/// chargers, as the registry holds them) and the sessions on its chargers into a
/// `DispatchProblem`, and its two callers: `window`, the scheduling site model's windows (one
/// feeder, one site, one charger per station) that `lp` solves every step and the offline
/// optimum per block, and `live` (`ProblemAssembly+Live.swift`), the engine database's state.
public enum ProblemAssembly {
    /// What a window is, apart from its network and sessions: id, grid and money terms.
    public struct WindowTerms: Sendable, Equatable {
        public var windowId: String
        public var start: Timestamp
        public var intervalMinutes: Int
        public var intervals: Int
        public var currency: String
        public var prices: Prices
        public var degradationCostPerKwh: Double
        public var unmetPenaltyPerKwh: Double
        public var tieBreak: TieBreak

        public init(
            windowId: String, start: Timestamp, intervalMinutes: Int, intervals: Int, currency: String = "EUR", prices: Prices,
            degradationCostPerKwh: Double = 0, unmetPenaltyPerKwh: Double = 10, tieBreak: TieBreak = .earliest
        ) {
            self.windowId = windowId
            self.start = start
            self.intervalMinutes = intervalMinutes
            self.intervals = intervals
            self.currency = currency
            self.prices = prices
            self.degradationCostPerKwh = degradationCostPerKwh
            self.unmetPenaltyPerKwh = unmetPenaltyPerKwh
            self.tieBreak = tieBreak
        }

        /// End of the last interval.
        public var end: Timestamp { start.adding(milliseconds: Int64(intervals) * Int64(intervalMinutes) * 60_000) }
    }

    /// The core: the problem of the feeders `feederIds` of `registry` (all of them when `nil`),
    /// their sites and those sites' chargers, in registry order, with `sessions` on those
    /// chargers (sessions on other chargers are left out: callers say why before).
    ///
    /// Each feeder's limits are `GridLimit.effective`, the function behind the service's
    /// effective-limit series too: per interval, the utility `limits` touching it resolve by
    /// OpenADR priority (lowest number wins, none is lowest precedence), then the lowest value at
    /// equal priority, and the winner is capped by the feeder's own limit. With no limits the
    /// registry's series are kept as they are.
    /// - Complexity: O(entities + sessions + feeders × intervals × limits).
    public static func problem(
        _ terms: WindowTerms, registry: Registry, feederIds: [String]? = nil, limits: [GridLimit] = [], sessions: [Session]
    ) -> DispatchProblem {
        let wanted = feederIds.map(Set.init)
        let feeders = registry.feeders.filter { wanted?.contains($0.id) ?? true }.map { f in
            GridLimit.effective(feeder: f, limits: limits, start: terms.start, intervalMinutes: terms.intervalMinutes, intervals: terms.intervals)
        }
        let feederSet = Set(feeders.map(\.id))
        let sites = registry.sites.filter { feederSet.contains($0.feederId) }
        let siteSet = Set(sites.map(\.id))
        let chargers = registry.chargers.map(\.charger).filter { siteSet.contains($0.siteId) }
        let chargerSet = Set(chargers.map(\.id))
        return DispatchProblem(
            windowId: terms.windowId, start: terms.start, intervalMinutes: terms.intervalMinutes, intervals: terms.intervals,
            currency: terms.currency, prices: terms.prices, degradationCostPerKwh: terms.degradationCostPerKwh,
            unmetEnergyPenaltyPerKwh: terms.unmetPenaltyPerKwh, feeders: feeders, sites: sites, chargers: chargers,
            sessions: sessions.filter { chargerSet.contains($0.chargerId) }, tieBreak: terms.tieBreak)
    }

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

    /// The window `name` of `intervals` steps from `start` for the scheduling site model: a
    /// registry of one feeder (`model.feederLimitKw`, or `importLimitsKw` per step), one site and
    /// one charger per car, plus a virtual charger and session per expected session that arrives
    /// in the window (`virtualEntries`, with `expectedTerms`), given to `problem`.
    public static func window(
        name: String, start: Timestamp, intervals: Int, site model: SchedulingSite, importPrices: [Double],
        exportPrices: [Double], importLimitsKw: [Double]? = nil, cars: [Car], expected: [ExpectedSession] = [],
        expectedTerms: ExpectedSessionTerms = ExpectedSessionTerms(), tieBreak: TieBreak, currency: String,
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
        var chargers: [RegisteredCharger] = []
        var used: [String: Int] = [:]
        var sessions: [Session] = []
        for car in cars {
            // Two cars on one station only happen with overlapping records; keep both on separate EVSEs.
            let count = used[car.stationId, default: 0]
            used[car.stationId] = count + 1
            let chargerId = count == 0 ? car.stationId : "\(car.stationId)~\(count + 1)"
            chargers.append(
                RegisteredCharger(
                    charger: Charger(
                        id: chargerId, siteId: "site", maxChargeKw: model.chargerKw,
                        maxDischargeKw: model.v2g?.dischargeKw ?? 0, chargeEfficiency: 1, dischargeEfficiency: 1),
                    stationId: car.stationId))
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
        let prices = Prices(importPerKwh: series(importPrices), exportPerKwh: series(exportPrices))
        var sites = [site]
        if !expected.isEmpty {
            let twin = virtualSite(beside: site, prices: prices, terms: expectedTerms)
            let virtual = virtualEntries(
                for: expected, siteId: twin.id, end: start.adding(milliseconds: Int64(intervals) * dt), chargerKw: model.chargerKw,
                terms: expectedTerms)
            if !virtual.sessions.isEmpty { sites.append(twin) }
            chargers += virtual.chargers
            sessions += virtual.sessions
        }
        let terms = WindowTerms(
            windowId: name, start: start, intervalMinutes: model.intervalMinutes, intervals: intervals, currency: currency,
            prices: prices,
            degradationCostPerKwh: model.v2g?.degradationCostPerKwh ?? 0, unmetPenaltyPerKwh: unmetPenaltyPerKwh, tieBreak: tieBreak)
        return problem(terms, registry: Registry(feeders: [feeder], sites: sites, chargers: chargers), sessions: sessions)
    }
}
