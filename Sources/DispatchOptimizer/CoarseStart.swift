import ChargeShareDomain

/// A start for a large feeder's window that no earlier window covers, from the same window solved
/// on longer intervals (docs/dispatch-model.md, "Coarse start").
///
/// The window with a quarter (or half) as many intervals has a quarter as many charge columns
/// and its own coarse start, so 15 minutes start from 30, and 30 from an hour: the hourly LP is
/// solved cold, each finer one from the plan of the coarser. Each plan's energy per session and
/// interval fills the finer intervals inside it earliest first at full power (`WarmStart`). A
/// coarse plan is only a start: the simplex method still proves the optimum of the window as
/// given, so the value never depends on it.
struct CoarseStart {
    /// The coarser solve's plan, by session id.
    let warmStart: WarmStart
    /// Simplex iterations the coarser solves took, all levels together.
    let iterations: Int

    /// Solves the coarser window of the feeder groups of `groups` with at least `minimum`
    /// sessions, or returns `nil` when none is that large, the intervals cannot be merged
    /// (`coarserFactor`), or the coarser solve fails (the greedy start is used then).
    static func solve(_ problem: DispatchProblem, index: ProblemIndex, groups: [[Int]], minimum: Int, options: DispatchOptions) -> CoarseStart? {
        let large = groups.filter { group in
            group.reduce(0) { $0 + index.sitesOfFeeder[$1].reduce(0) { $0 + index.sessionsOfSite[$1].count } } >= minimum
        }
        guard !large.isEmpty, let factor = problem.coarserFactor else { return nil }
        var options = options
        options.mpsDirectory = nil
        options.lpRelaxationOnly = true
        let coarse = problem.restricted(toFeeders: Set(large.joined())).coarsened(by: factor)
        guard let result = try? Dispatcher(options: options).dispatch(coarse) else { return nil }
        return CoarseStart(warmStart: WarmStart(previous: result), iterations: result.solver.iterations + result.solver.coarseIterations)
    }
}

extension DispatchProblem {
    /// How many intervals make one of the next coarser length: the smallest allowed length that
    /// is a multiple of this one and divides the window (15 → 30 → 60 minutes, 5 → 10 → 20 → 60);
    /// `nil` at 60 minutes or when the window does not divide.
    var coarserFactor: Int? {
        for minutes in Self.allowedIntervalMinutes where minutes > intervalMinutes && minutes % intervalMinutes == 0 {
            let factor = minutes / intervalMinutes
            if intervals % factor == 0 { return factor }
        }
        return nil
    }

    /// The same window on intervals `factor` times as long (`intervals` divisible by it): prices,
    /// base load and PV are the means of the merged intervals, limits their lowest. Sessions
    /// keep their times, so they can use only the longer intervals they cover whole.
    func coarsened(by factor: Int) -> DispatchProblem {
        let n = intervals / factor
        func merged(_ s: Series, _ combine: (ArraySlice<Double>) -> Double) -> Series {
            guard case .values(let a) = s, a.count == n * factor else { return s }
            return .values((0..<n).map { combine(a[($0 * factor)..<(($0 + 1) * factor)]) })
        }
        func mean(_ s: Series) -> Series { merged(s) { $0.reduce(0, +) / Double(factor) } }
        func lowest(_ s: Series) -> Series { merged(s) { $0.min() ?? 0 } }
        func prices(_ p: Prices) -> Prices { Prices(importPerKwh: mean(p.importPerKwh), exportPerKwh: mean(p.exportPerKwh)) }
        var c = self
        c.intervalMinutes = intervalMinutes * factor
        c.intervals = n
        c.prices = prices(c.prices)
        for k in c.sites.indices {
            c.sites[k].baseLoadKw = mean(c.sites[k].baseLoadKw)
            c.sites[k].pvKw = mean(c.sites[k].pvKw)
            c.sites[k].importLimitKw = c.sites[k].importLimitKw.map(lowest)
            c.sites[k].exportLimitKw = lowest(c.sites[k].exportLimitKw)
            c.sites[k].prices = c.sites[k].prices.map(prices)
        }
        for f in c.feeders.indices {
            c.feeders[f].importLimitKw = c.feeders[f].importLimitKw.map(lowest)
            c.feeders[f].exportLimitKw = lowest(c.feeders[f].exportLimitKw)
        }
        return c
    }

    /// The window with only `feeders` (problem indices), their sites, chargers and sessions.
    func restricted(toFeeders feeders: Set<Int>) -> DispatchProblem {
        guard feeders.count < self.feeders.count else { return self }
        let feederIds = Set(feeders.map { self.feeders[$0].id })
        var r = self
        r.feeders = self.feeders.filter { feederIds.contains($0.id) }
        r.sites = sites.filter { feederIds.contains($0.feederId) }
        let siteIds = Set(r.sites.map(\.id))
        r.chargers = chargers.filter { siteIds.contains($0.siteId) }
        let chargerIds = Set(r.chargers.map(\.id))
        r.sessions = sessions.filter { chargerIds.contains($0.chargerId) }
        return r
    }
}
