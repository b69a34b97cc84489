import ChargeShareDomain

/// Room left under the site and feeder import limits per interval while greedy starts are placed
/// (`GreedyStart`), so that the start they make together respects the limits and phase 1 of the
/// simplex method has nothing to repair there.
struct GreedyCapacity {
    /// Per site (problem index) and interval: import limit − (base load − PV), kW; +∞ without a limit.
    private var site: [Int: [Double]] = [:]
    /// Per feeder (problem index) and interval: its import limit − Σ its sites' base load − PV.
    private var feeder: [Int: [Double]] = [:]
    private let feederOfSite: [Int: Int]

    init(index: ProblemIndex, feeders: [Int]) {
        let p = index.problem
        var feederOfSite: [Int: Int] = [:]
        for f in feeders {
            var room = (0..<p.intervals).map { p.feeders[f].importLimitKw?[$0] ?? .infinity }
            for k in index.sitesOfFeeder[f] {
                feederOfSite[k] = f
                let s = p.sites[k]
                let uncontrolled = (0..<p.intervals).map { s.baseLoadKw[$0] - s.pvKw[$0] }
                site[k] = (0..<p.intervals).map { (s.importLimitKw?[$0] ?? .infinity) - uncontrolled[$0] }
                for t in 0..<p.intervals { room[t] -= uncontrolled[t] }
            }
            feeder[f] = room
        }
        self.feederOfSite = feederOfSite
    }

    /// Takes `kw` in interval `t` at site `k`, room or not (a warm-started column at full power).
    mutating func use(_ kw: Double, site k: Int, interval t: Int) {
        guard let f = feederOfSite[k], site[k] != nil, feeder[f] != nil else { return }
        site[k]?[t] -= kw
        feeder[f]?[t] -= kw
    }

    /// Takes `kw` in interval `t` at site `k` when both limits leave room for it.
    mutating func take(_ kw: Double, site k: Int, interval t: Int) -> Bool {
        guard let f = feederOfSite[k], let s = site[k]?[t], let r = feeder[f]?[t], s >= kw, r >= kw else { return false }
        site[k]?[t] = s - kw
        feeder[f]?[t] = r - kw
        return true
    }
}
