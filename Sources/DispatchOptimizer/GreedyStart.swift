import ChargeShareDomain

/// A session's own cheapest way to meet its need, ignoring every other session and every limit:
/// the starting basis of its columns (docs/dispatch-model.md, "Starting basis").
///
/// Its intervals sorted by the site's import price (earlier first on a tie, as the tie-breaker
/// prefers): the first `full` charge at full power (nonbasic at the upper bound), the next one,
/// `marginal`, delivers the rest (basic in the session's energy or target row). Where the need
/// exceeds what the session can take, every interval is full and `unmet` stays basic. With the
/// marginal interval basic, the session's value of energy is that interval's price, so every
/// charge column's reduced cost has the sign its bound needs: the basis is dual feasible for the
/// session, and the simplex method only has to settle the limits the sessions share.
struct GreedyStart {
    /// Positions in the session's run, cheapest first.
    let cheapest: [Int]
    /// Positions in the run charging at full power.
    let full: [Int]
    /// Position in the run delivering the remainder, basic; `nil` when none does.
    let marginal: Int?

    init(plan: SessionPlan, price: Series, hours: Double) {
        let run = plan.run
        cheapest = run.indices.map { $0 - run.lowerBound }.sorted {
            price[run.lowerBound + $0] < price[run.lowerBound + $1] || (price[run.lowerBound + $0] == price[run.lowerBound + $1] && $0 < $1)
        }
        let need = max(0, plan.requiredKwh - plan.initialKwh)
        let perInterval = hours * plan.chargeEfficiency * plan.maxChargeKw
        guard need > 0, perInterval > 0 else {
            full = []
            marginal = nil
            return
        }
        // Compared as a Double first: a tiny power gives a ratio no Int can hold (found by the fuzz test).
        let intervals = (need / perInterval).rounded(.down)
        let count = intervals >= Double(cheapest.count) ? cheapest.count : Int(intervals)
        full = Array(cheapest.prefix(count))
        marginal = count < cheapest.count ? cheapest[count] : nil
    }
}
