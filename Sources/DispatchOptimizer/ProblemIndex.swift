import ChargeShareDomain

/// What the model needs to know about one session, worked out once.
struct SessionPlan: Sendable {
    let index: Int
    let site: Int
    let charger: Int
    /// Usable intervals A_s = [a_s, b_s).
    let run: Range<Int>
    /// min(charger.maxChargeKw, session.maxChargeKw).
    let maxChargeKw: Double
    /// min(charger.maxDischargeKw, session.maxDischargeKw) when the driver consents to V2G, else 0.
    let maxDischargeKw: Double
    let chargeEfficiency: Double
    let dischargeEfficiency: Double
    let initialKwh: Double
    let batteryKwh: Double
    /// Lower bound on stored energy: min(minKwh, initialKwh).
    let floorKwh: Double
    /// required_s (§2): targetKwh, less what can still be charged after the window ends.
    let requiredKwh: Double

    /// True when the session may discharge.
    var isBidirectional: Bool { maxDischargeKw > 0 }
}

/// Lookup tables from a validated problem: which sites belong to which feeder, which sessions
/// charge at which site, and each session's plan.
struct ProblemIndex: Sendable {
    let problem: DispatchProblem
    let sitesOfFeeder: [[Int]]
    let sessionsOfSite: [[Int]]
    let plans: [SessionPlan]
    /// Per site: import and export prices (the site's override or the problem's).
    let importPrice: [Series]
    let exportPrice: [Series]

    init(_ problem: DispatchProblem) {
        self.problem = problem
        var feederIndex: [String: Int] = [:]
        for (i, f) in problem.feeders.enumerated() { feederIndex[f.id] = i }
        var siteIndex: [String: Int] = [:]
        var sitesOfFeeder = [[Int]](repeating: [], count: problem.feeders.count)
        for (k, s) in problem.sites.enumerated() {
            siteIndex[s.id] = k
            if let f = feederIndex[s.feederId] { sitesOfFeeder[f].append(k) }
        }
        var chargerIndex: [String: Int] = [:]
        for (c, charger) in problem.chargers.enumerated() { chargerIndex[charger.id] = c }
        var sessionsOfSite = [[Int]](repeating: [], count: problem.sites.count)
        var plans: [SessionPlan] = []
        plans.reserveCapacity(problem.sessions.count)
        for (i, s) in problem.sessions.enumerated() {
            // Validation guarantees every reference resolves.
            let c = chargerIndex[s.chargerId] ?? 0
            let charger = problem.chargers[c]
            let k = siteIndex[charger.siteId] ?? 0
            let maxCharge = min(charger.maxChargeKw, s.maxChargeKw ?? .infinity)
            let maxDischarge = s.v2g ? min(charger.maxDischargeKw, s.maxDischargeKw ?? .infinity) : 0
            let afterWindow = problem.hoursAfterWindow(until: s.departure)
            plans.append(
                SessionPlan(
                    index: i, site: k, charger: c, run: problem.usableIntervals(of: s),
                    maxChargeKw: maxCharge, maxDischargeKw: maxDischarge,
                    chargeEfficiency: charger.chargeEfficiency, dischargeEfficiency: charger.dischargeEfficiency,
                    initialKwh: s.initialKwh, batteryKwh: s.batteryKwh, floorKwh: min(s.minKwh, s.initialKwh),
                    requiredKwh: s.targetKwh - charger.chargeEfficiency * maxCharge * afterWindow
                ))
            sessionsOfSite[k].append(i)
        }
        self.sitesOfFeeder = sitesOfFeeder
        self.sessionsOfSite = sessionsOfSite
        self.plans = plans
        importPrice = problem.sites.map { ($0.prices ?? problem.prices).importPerKwh }
        exportPrice = problem.sites.map { ($0.prices ?? problem.prices).exportPerKwh }
    }

    /// Energy still missing when a session ends at `finalKwh`: max(0, required − final), or 0
    /// when nothing is required.
    static func unmet(required: Double, finalKwh: Double) -> Double {
        required > 0 ? max(0, required - finalKwh) : 0
    }
}
