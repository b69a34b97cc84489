import ChargeShareDomain

/// The coarser windows `CoarseStart` solves first (docs/dispatch-model.md, "Coarse start").
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
        // Each value divided before summing, so that huge finite inputs cannot overflow.
        func mean(_ s: Series) -> Series { merged(s) { $0.reduce(0) { $0 + $1 / Double(factor) } } }
        func lowest(_ s: Series) -> Series { merged(s) { $0.min() ?? 0 } }
        func prices(_ p: Prices) -> Prices { Prices(importPerKwh: mean(p.importPerKwh), exportPerKwh: mean(p.exportPerKwh)) }
        var coarse = self
        coarse.intervalMinutes = intervalMinutes * factor
        coarse.intervals = n
        coarse.prices = prices(coarse.prices)
        for k in coarse.sites.indices {
            coarse.sites[k].baseLoadKw = mean(coarse.sites[k].baseLoadKw)
            coarse.sites[k].pvKw = mean(coarse.sites[k].pvKw)
            coarse.sites[k].importLimitKw = coarse.sites[k].importLimitKw.map(lowest)
            coarse.sites[k].exportLimitKw = lowest(coarse.sites[k].exportLimitKw)
            coarse.sites[k].prices = coarse.sites[k].prices.map(prices)
        }
        for f in coarse.feeders.indices {
            coarse.feeders[f].importLimitKw = coarse.feeders[f].importLimitKw.map(lowest)
            coarse.feeders[f].exportLimitKw = lowest(coarse.feeders[f].exportLimitKw)
        }
        return coarse
    }

    /// The window with only `feeders` (problem indices), their sites, chargers and sessions.
    func restricted(toFeeders feeders: Set<Int>) -> DispatchProblem {
        guard feeders.count < self.feeders.count else { return self }
        let feederIds = Set(feeders.map { self.feeders[$0].id })
        var kept = self
        kept.feeders = self.feeders.filter { feederIds.contains($0.id) }
        kept.sites = sites.filter { feederIds.contains($0.feederId) }
        let siteIds = Set(kept.sites.map(\.id))
        kept.chargers = chargers.filter { siteIds.contains($0.siteId) }
        let chargerIds = Set(kept.chargers.map(\.id))
        kept.sessions = sessions.filter { chargerIds.contains($0.chargerId) }
        return kept
    }
}
