public import ChargeShareDomain

/// Where a previous window's optimum put each session's power, to start the simplex method near
/// the next window's optimum (docs/dispatch-model.md, "Warm starts").
///
/// Consecutive windows of one feeder overlap: the next one drops the first interval and adds one
/// at the end, and most sessions are the same. A column that sat at its upper bound in the
/// previous plan (a car charging at full power in some interval, a V2G car discharging at full
/// power) starts there again; every other column starts as in a cold start. With the previous
/// window's optimal basis (`DispatchBasis`, from `Dispatcher.dispatchRolling`) every row and
/// column the two windows share starts with its previous status instead, when the carried basis
/// is valid. The simplex method still proves the optimum of the new window, so a warm start can
/// cost time but never change an answer.
public struct WarmStart: Sendable {
    struct Plan: Sendable {
        let startMs: Int64
        let intervalMs: Int64
        let chargeKw: [Double]
        let dischargeKw: [Double]
    }

    let plans: [String: Plan]
    /// The previous window's optimal bases, when the caller kept them.
    public let basis: DispatchBasis?

    /// The plan of `result` (the previous window of the same feeders) and, when given, the
    /// optimal bases it was solved to (`Dispatcher.dispatchRolling` returns both).
    public init(previous result: DispatchResult, basis: DispatchBasis? = nil) {
        self.init(start: result.start, intervalMinutes: result.intervalMinutes, sessions: result.sessions, basis: basis)
    }

    /// The plan of a stored result, read back with `FlowsReader`, and the optimal bases it was
    /// solved to when the caller kept them.
    public init(previous flows: DispatchFlows, basis: DispatchBasis? = nil) {
        self.init(start: flows.start, intervalMinutes: flows.intervalMinutes, sessions: flows.sessions, basis: basis)
    }

    init(start: Timestamp, intervalMinutes: Int, sessions: [DispatchResult.SessionSchedule], basis: DispatchBasis? = nil) {
        self.basis = basis
        // A hand-built result may carry any length: one that overflows matches no interval.
        let (product, overflow) = Int64(intervalMinutes).multipliedReportingOverflow(by: 60_000)
        let step = overflow ? 0 : product
        var plans: [String: Plan] = [:]
        for s in sessions {
            plans[s.id] = Plan(startMs: start.millisecondsSinceEpoch, intervalMs: step, chargeKw: s.chargeKw, dischargeKw: s.dischargeKw)
        }
        self.plans = plans
    }

    /// Plans by session id (tests).
    init(plans: [String: Plan]) {
        self.plans = plans
        basis = nil
    }

    /// Sessions with a previous plan.
    public var sessionCount: Int { plans.count }

    /// The previous charge and discharge power of session `id` over the interval starting at
    /// `ms` and lasting `lengthMs`; `nil` when the previous plan has no such interval. A plan on
    /// intervals a whole multiple as long (a coarser solve, `CoarseStart`) gives each of its
    /// intervals' energy to the finer intervals inside it earliest first, at `maxChargeKw`
    /// (`maxDischargeKw`); a finer plan, or one off the grid, gives `nil`.
    func power(session id: String, at ms: Int64, lengthMs: Int64, maxChargeKw: Double, maxDischargeKw: Double)
        -> (charge: Double, discharge: Double)?
    {
        guard let plan = plans[id], lengthMs > 0, plan.intervalMs >= lengthMs, plan.intervalMs % lengthMs == 0 else { return nil }
        let (offset, overflow) = ms.subtractingReportingOverflow(plan.startMs)
        guard !overflow, offset >= 0, offset % lengthMs == 0 else { return nil }
        let t = Int(offset / plan.intervalMs)
        guard t < plan.chargeKw.count, t < plan.dischargeKw.count else { return nil }
        let factor = plan.intervalMs / lengthMs
        guard factor > 1 else { return (plan.chargeKw[t], plan.dischargeKw[t]) }
        // A coarser plan: its energy fills the finer intervals earliest first, at full power.
        let j = Double((offset % plan.intervalMs) / lengthMs)
        func fill(_ kw: Double, _ full: Double) -> Double {
            guard full > 0, full.isFinite else { return 0 }
            return full * min(1, max(0, kw / full * Double(factor) - j))
        }
        return (fill(plan.chargeKw[t], maxChargeKw), fill(plan.dischargeKw[t], maxDischargeKw))
    }
}
