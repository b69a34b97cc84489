public import ChargeShareDomain

extension DispatchProblem {
    /// The window `steps` intervals later, as a live deployment (or the backtester) sees it next:
    /// every series shifted (its last value repeated), cars that have left dropped, and each car's
    /// energy advanced by what `result` (this window's result) planned for the intervals passed.
    /// For benchmarks and tests of warm starts (`bench dispatch --next-window`). A session the
    /// result does not cover keeps its energy.
    public func nextWindow(after result: DispatchResult, steps: Int = 1) -> DispatchProblem {
        let steps = max(0, min(steps, intervals))
        func shift(_ s: Series) -> Series {
            guard case .values(let a) = s, let last = a.last else { return s }
            return .values(Array(a.dropFirst(steps)) + Array(repeating: last, count: steps))
        }
        var next = self
        next.windowId = windowId + "+\(steps)"
        next.start = start.adding(milliseconds: intervalMilliseconds * Int64(steps))
        next.prices = Prices(importPerKwh: shift(prices.importPerKwh), exportPerKwh: shift(prices.exportPerKwh))
        for k in next.sites.indices {
            next.sites[k].baseLoadKw = shift(sites[k].baseLoadKw)
            next.sites[k].pvKw = shift(sites[k].pvKw)
            next.sites[k].importLimitKw = sites[k].importLimitKw.map(shift)
            next.sites[k].exportLimitKw = shift(sites[k].exportLimitKw)
            next.sites[k].prices = sites[k].prices.map { Prices(importPerKwh: shift($0.importPerKwh), exportPerKwh: shift($0.exportPerKwh)) }
        }
        for f in next.feeders.indices {
            next.feeders[f].importLimitKw = feeders[f].importLimitKw.map(shift)
            next.feeders[f].exportLimitKw = shift(feeders[f].exportLimitKw)
        }
        let chargers = Dictionary(chargers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let plans = Dictionary(result.sessions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let hours = intervalHours
        next.sessions = sessions.filter { $0.departure > next.start }.map { s in
            guard let c = chargers[s.chargerId], let plan = plans[s.id] else { return s }
            var s = s
            for t in 0..<min(steps, plan.chargeKw.count, plan.dischargeKw.count) {
                s.initialKwh += hours * (c.chargeEfficiency * plan.chargeKw[t] - plan.dischargeKw[t] / c.dischargeEfficiency)
            }
            s.initialKwh = min(max(0, s.initialKwh), s.batteryKwh)
            return s
        }
        return next
    }
}
