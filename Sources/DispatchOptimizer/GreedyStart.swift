import ChargeShareDomain

/// A session's own cheapest way to meet its need, within the room the sessions placed before it
/// left under the limits: where its columns start the simplex method when no previous plan covers
/// it (docs/dispatch-model.md, "Greedy start").
///
/// Its intervals sorted by the site's import price (earlier first on a tie, as the tie-breaker
/// prefers): up to ⌊need / full-power energy⌋ of them, `full`, charge at full power (nonbasic at
/// the upper bound), skipping those without room for full power; `unmet` stays basic for the
/// rest. `marginal` is the cheapest interval not taken. `FeederModelBuilder.placeStarts` places
/// the sessions by class of `slack`, then by arrival.
struct GreedyStart {
    /// Positions in the session's run, cheapest first.
    let cheapest: [Int]
    /// Positions in the run charging at full power.
    let full: [Int]
    /// The cheapest position not charging at full power; `nil` when every one does.
    let marginal: Int?

    /// - Parameter capacity: room under the limits, shared with the sessions placed before; an
    ///   interval without room for full power is skipped. `nil`: no limits.
    init(plan: SessionPlan, price: Series, hours: Double, capacity: inout GreedyCapacity?) {
        let run = plan.run
        cheapest = run.indices.map { $0 - run.lowerBound }.sorted {
            price[run.lowerBound + $0] < price[run.lowerBound + $1] || (price[run.lowerBound + $0] == price[run.lowerBound + $1] && $0 < $1)
        }
        let need = Self.need(plan)
        let perInterval = Self.fullPowerKwh(plan, hours: hours)
        guard need > 0, perInterval > 0 else {
            full = []
            marginal = nil
            return
        }
        // Compared as a Double first: a tiny power gives a ratio no Int can hold (found by the fuzz test).
        let intervals = (need / perInterval).rounded(.down)
        let count = intervals >= Double(cheapest.count) ? cheapest.count : Int(intervals)
        var full: [Int] = []
        for j in cheapest where full.count < count {
            if capacity?.take(plan.maxChargeKw, site: plan.site, interval: run.lowerBound + j) ?? true { full.append(j) }
        }
        self.full = full
        let taken = Set(full)
        marginal = cheapest.first { !taken.contains($0) }
    }

    /// Intervals of the session's run to spare if it charged at full power: the run's length less
    /// the intervals its need takes; +∞ when it cannot charge. Sessions are placed by class of
    /// slack (`FeederModelBuilder.slackClassIntervals`), so the ones with the fewest choices get
    /// the cheap room under the limits.
    static func slack(_ plan: SessionPlan, hours: Double) -> Double {
        let perInterval = fullPowerKwh(plan, hours: hours)
        let slack = Double(plan.run.count) - need(plan) / perInterval
        // NaN (infinite need and power, from a problem built in code) would break the sort's order.
        return perInterval > 0 && !slack.isNaN ? slack : .infinity
    }

    /// Energy the session still needs in the window, kWh.
    private static func need(_ plan: SessionPlan) -> Double { max(0, plan.requiredKwh - plan.initialKwh) }

    /// Energy one interval at full power stores, kWh.
    private static func fullPowerKwh(_ plan: SessionPlan, hours: Double) -> Double { hours * plan.chargeEfficiency * plan.maxChargeKw }
}
