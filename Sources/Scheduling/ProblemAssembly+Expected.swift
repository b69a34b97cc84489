public import ChargeShareDomain

extension ProblemAssembly {
    /// How a window plans for expected sessions (cars a forecast says will come).
    ///
    /// Each becomes a virtual session on a virtual charger of its own, both with the session's id
    /// (`expected:…`), on a virtual site (`expected:SITE`) beside the real cars' site, on the same
    /// feeder and with the same import limit: it arrives and leaves as the expected session does
    /// (`ExpectedSession.arrival`, `.departure`), may draw up to `count × chargerKw` and wants
    /// `count × energyPerCarKwh` from the grid. It reserves feeder capacity and shapes the plan;
    /// its own power is never applied and its charging profile never sent.
    ///
    /// **Priority through efficiency.** The dispatch contract has one unmet-energy penalty for all
    /// sessions, so a virtual session is given a lower value per kWh another way: its charger's
    /// charge efficiency is `priority × realEfficiency` and its target is scaled by the same
    /// factor. It still needs the same grid energy (target / η = the expected kWh), but each kWh
    /// of grid capacity it takes removes only `priority` as much unmet penalty as it would for a
    /// real car. The LP therefore never leaves a real car's energy undelivered to serve an
    /// expected one, yet still pays up to `priority × unmetPenalty` per kWh (far above any price)
    /// to keep capacity free for it.
    ///
    /// **Their energy is free in the plan.** The virtual site's prices are the real site's times
    /// `priceWeight` (0 by default): the expected cars only take capacity, so the real cars'
    /// timing is chosen for their own cost, never to give a hypothetical car the cheap hours. (With
    /// their energy priced, a real car that could charge at the same price in the morning or the
    /// evening was moved to the evening to leave the morning to expected cars, and lost energy
    /// when it left before its estimate: measured in docs/backtests.md, "Expected sessions".)
    public struct ExpectedSessionTerms: Sendable, Equatable {
        /// Value of an expected car's kWh against a real car's, in (0, 1).
        public var priority: Double
        /// Weight of the expected cars' energy cost in the plan, in [0, 1].
        public var priceWeight: Double
        /// Expected sessions wanting less energy than this, kWh, are left out.
        public var minimumKwh: Double

        /// - Parameters:
        ///   - priority: clamped to [0.01, 0.99].
        ///   - priceWeight: clamped to [0, 1].
        public init(priority: Double = 0.5, priceWeight: Double = 0, minimumKwh: Double = 0.01) {
            self.priority = priority.isFinite ? min(0.99, max(0.01, priority)) : 0.5
            self.priceWeight = priceWeight.isFinite ? min(1, max(0, priceWeight)) : 0
            self.minimumKwh = max(1e-6, minimumKwh)
        }
    }

    /// The virtual site beside `site` for its expected sessions: id `expected:SITE`, the same
    /// feeder and import limit, no export, no base load or PV, prices `prices × priceWeight`.
    public static func virtualSite(beside site: Site, prices: Prices, terms: ExpectedSessionTerms) -> Site {
        func scaled(_ series: Series) -> Series {
            switch series {
            case .constant(let v): .constant(v * terms.priceWeight)
            case .values(let a): .values(a.map { $0 * terms.priceWeight })
            }
        }
        return Site(
            id: ExpectedSession.idPrefix + site.id, feederId: site.feederId, importLimitKw: site.importLimitKw,
            prices: Prices(importPerKwh: scaled(prices.importPerKwh), exportPerKwh: scaled(prices.exportPerKwh)), timeZone: site.timeZone)
    }

    /// The virtual chargers and sessions of `expected` on the virtual site `siteId`, each charger of
    /// `count × chargerKw` with charge efficiency `terms.priority × realEfficiency`, each
    /// session's target and battery `energyKwh × that efficiency` (from empty). Sessions that
    /// arrive at or after `end`, have no stay, or want less than `terms.minimumKwh` are left out.
    /// - Complexity: O(expected).
    public static func virtualEntries(
        for expected: [ExpectedSession], siteId: String, end: Timestamp, chargerKw: Double, realEfficiency: Double = 1,
        terms: ExpectedSessionTerms
    ) -> (chargers: [RegisteredCharger], sessions: [Session]) {
        let eta = terms.priority * min(1, max(0.01, realEfficiency))
        var chargers: [RegisteredCharger] = []
        var sessions: [Session] = []
        var seen: Set<String> = []
        for e in expected where e.arrival < end && e.departure > e.arrival && e.energyKwh >= terms.minimumKwh && e.count > 0 {
            guard seen.insert(e.id).inserted else { continue }
            let target = e.energyKwh * eta
            chargers.append(
                RegisteredCharger(
                    charger: Charger(id: e.id, siteId: siteId, maxChargeKw: e.count * chargerKw, chargeEfficiency: eta, dischargeEfficiency: 1),
                    stationId: e.id))
            sessions.append(
                Session(id: e.id, chargerId: e.id, arrival: e.arrival, departure: e.departure, batteryKwh: target, initialKwh: 0, targetKwh: target))
        }
        return (chargers, sessions)
    }

    /// `registry` and `sessions` with the virtual chargers and sessions of `expected` (by site id)
    /// added: for each registered site, its expected sessions still to arrive at `terms.start`, on
    /// its virtual site (`virtualSite`), on chargers of `count ×` the site's largest charger power, with the mean charge efficiency of
    /// its chargers as `realEfficiency`. Sites with no charger, or not in the registry, get none.
    /// - Complexity: O(chargers + expected).
    public static func withExpected(
        _ expected: [String: [ExpectedSession]], terms: WindowTerms, registry: Registry, sessions: [Session],
        expectedTerms: ExpectedSessionTerms
    ) -> (registry: Registry, sessions: [Session]) {
        var network = registry
        var all = sessions
        for site in registry.sites {
            guard let list = expected[site.id], !list.isEmpty else { continue }
            let chargers = registry.chargers.map(\.charger).filter { $0.siteId == site.id }
            guard let kw = chargers.map(\.maxChargeKw).max(), kw > 0 else { continue }
            let eta = chargers.reduce(0) { $0 + $1.chargeEfficiency } / Double(chargers.count)
            let twin = virtualSite(beside: site, prices: site.prices ?? terms.prices, terms: expectedTerms)
            let virtual = virtualEntries(
                for: list.compactMap { $0.notArrived(at: terms.start) }, siteId: twin.id, end: terms.end, chargerKw: kw, realEfficiency: eta,
                terms: expectedTerms)
            guard !virtual.sessions.isEmpty else { continue }
            network.sites.append(twin)
            network.chargers += virtual.chargers
            all += virtual.sessions
        }
        return (network, all)
    }
}
