import ChargeShareDomain
import LinearProgramming

/// Where each session's columns start the simplex method (docs/dispatch-model.md, "Greedy start"
/// and "Warm starts"). Only which bound a nonbasic column sits at changes, plus, with a warm
/// start, one charge column basic in place of `unmet`: the basis stays nonsingular.
extension FeederModelBuilder {
    /// The previous window's power of the session over its run, or `nil` when the previous plan
    /// covers none of it (a new session, or a plan with other intervals).
    func previousPower(_ plan: SessionPlan) -> [(charge: Double, discharge: Double)?]? {
        guard let warmStart else { return nil }
        let id = problem.sessions[plan.index].id
        guard warmStart.plans[id] != nil else { return nil }
        let step = problem.intervalMilliseconds
        let start = problem.start.millisecondsSinceEpoch
        let power = plan.run.map { t in
            warmStart.power(
                session: id, at: start + Int64(t) * step, lengthMs: step, maxChargeKw: plan.maxChargeKw, maxDischargeKw: plan.maxDischargeKw)
        }
        return power.contains { $0 != nil } ? power : nil
    }

    /// Places every session's start before the model is built (docs/dispatch-model.md, "Greedy
    /// start"). The sessions a previous plan covers come first: their full-power intervals take
    /// their room under the limits, room or not. Then the others are placed greedily in the room
    /// left, least slack first by whole classes of `slackClassIntervals` (`GreedyStart.slack`), the
    /// earlier arrival first within a class, and then in problem order.
    mutating func placeStarts(feeders: [Int]) {
        var capacity: GreedyCapacity? = GreedyCapacity(index: index, feeders: feeders)
        var greedy: [(slackClass: Double, arrival: Int, session: Int)] = []
        for f in feeders {
            for k in index.sitesOfFeeder[f] {
                for s in index.sessionsOfSite[k] where !index.plans[s].run.isEmpty {
                    let plan = index.plans[s]
                    guard let previous = previousPower(plan) else {
                        let slackClass = (GreedyStart.slack(plan, hours: hours) / Self.slackClassIntervals).rounded(.down)
                        greedy.append((slackClass, plan.run.lowerBound, s))
                        continue
                    }
                    starts[s] = .previous(previous)
                    for (j, power) in previous.enumerated() {
                        guard let power, Self.chargesAtFull(power, plan) else { continue }
                        capacity?.use(plan.maxChargeKw, site: plan.site, interval: plan.run.lowerBound + j)
                    }
                }
            }
        }
        greedy.sort { ($0.slackClass, $0.arrival, $0.session) < ($1.slackClass, $1.arrival, $1.session) }
        for (_, _, s) in greedy {
            let plan = index.plans[s]
            starts[s] = .greedy(full: GreedyStart(plan: plan, price: index.importPrice[plan.site], hours: hours, capacity: &capacity).full)
        }
    }

    /// Where the session's power columns start (docs/dispatch-model.md, "Starting basis"): at the
    /// upper bound where the previous window's plan had them there, for a session that plan
    /// covers; otherwise in the intervals its greedy start charges at full power.
    mutating func hintStart(_ plan: SessionPlan, _ columns: FeederModel.SessionColumns, start: SessionStart?) {
        switch start {
        case nil:
            assertionFailure("placeStarts placed no start for session \(plan.index)")
        case .greedy(let full):
            for j in full { model.lp.hintAtUpperBound(LinearProgram.ColumnID(columns.charge + j)) }
        case .previous(let previous):
            model.warmStartedSessions += 1
            for (j, power) in previous.enumerated() {
                guard let power else { continue }
                if Self.chargesAtFull(power, plan) {
                    model.lp.hintAtUpperBound(LinearProgram.ColumnID(columns.charge + j))
                }
                if columns.discharge >= 0, plan.maxDischargeKw > 0, power.discharge >= plan.maxDischargeKw - Self.atBoundKw {
                    model.lp.hintAtUpperBound(LinearProgram.ColumnID(columns.discharge + j))
                }
            }
        }
    }

    /// The interval whose charge column starts basic in the session's energy (or target) row in
    /// place of `unmet`: the first the previous plan had strictly between 0 and full power (the
    /// session's marginal interval then), if any.
    static func marginalInterval(_ plan: SessionPlan, previous: [(charge: Double, discharge: Double)?]?) -> Int? {
        previous?.firstIndex { power in
            guard let power else { return false }
            return power.charge > atBoundKw && power.charge < plan.maxChargeKw - atBoundKw
        }
    }

    /// Width of the slack classes greedy starts are placed by, intervals (4 hours of 15-minute
    /// windows; 16 hours on the hourly level of a coarse start, which places a large window's
    /// greedy starts). Chosen on eight windows, checked on eight others (docs/dispatch-model.md).
    static let slackClassIntervals = 16.0

    /// Whether a previous plan's power charges the session at full power (within `atBoundKw`):
    /// its charge column starts at its upper bound, and books that power under the limits.
    static func chargesAtFull(_ power: (charge: Double, discharge: Double), _ plan: SessionPlan) -> Bool {
        power.charge >= plan.maxChargeKw - atBoundKw
    }

    /// A previous power this close to a column's upper bound counts as at the bound, kW.
    static let atBoundKw = 1e-6
}
