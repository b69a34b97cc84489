/// Every car at full power until full, ignoring the feeder limit: what an unmanaged site does.
public struct UncontrolledPolicy: SchedulingPolicy {
    public let name = "uncontrolled"
    public init() {}

    public func schedule(_ view: StepView) -> [Double] {
        view.evs.map { min($0.maxChargeKw, max(0, $0.remainingKwh) / view.intervalHours) }
    }
}

/// The sorted greedy schedulers of acnportal: cars in priority order each take as much of the
/// feeder's remaining capacity as they can use.
public struct SortedGreedyPolicy: SchedulingPolicy {
    /// Priority order.
    public enum Order: String, Sendable {
        /// Earliest (estimated) departure first.
        case earliestDeadline = "edf"
        /// Least laxity first: time to the estimated departure minus time needed at full power.
        case leastLaxity = "llf"
    }

    public let order: Order
    public var name: String { order.rawValue }

    public init(order: Order) { self.order = order }

    public func schedule(_ view: StepView) -> [Double] {
        let h = view.intervalHours
        func key(_ ev: ActiveEV) -> Double {
            let hoursLeft = Double(ev.estimatedDepartureStep - view.step) * h
            switch order {
            case .earliestDeadline: return hoursLeft
            case .leastLaxity: return hoursLeft - max(0, ev.remainingKwh) / ev.maxChargeKw
            }
        }
        let ranked = view.evs.indices.sorted { a, b in
            let (ka, kb) = (key(view.evs[a]), key(view.evs[b]))
            return ka != kb ? ka < kb : a < b  // evs are in arrival order: earlier arrival wins ties
        }
        var capacity = view.importLimitKw
        var power = [Double](repeating: 0, count: view.evs.count)
        for i in ranked {
            let want = min(view.evs[i].maxChargeKw, max(0, view.evs[i].remainingKwh) / h)
            power[i] = max(0, min(want, capacity))
            capacity -= power[i]
        }
        return power
    }
}

/// Equal shares of the feeder limit, redistributing what a car cannot use (acnportal's round robin
/// converges to this water-filling split).
public struct RoundRobinPolicy: SchedulingPolicy {
    public let name = "round-robin"
    public init() {}

    public func schedule(_ view: StepView) -> [Double] {
        let want = view.evs.map { min($0.maxChargeKw, max(0, $0.remainingKwh) / view.intervalHours) }
        var power = [Double](repeating: 0, count: want.count)
        var open = want.indices.filter { want[$0] > 0 }
        var capacity = view.importLimitKw
        while !open.isEmpty, capacity > 1e-9 {
            let share = capacity / Double(open.count)
            let satisfied = open.filter { want[$0] - power[$0] <= share }
            if satisfied.isEmpty {
                for i in open { power[i] += share }
                break
            }
            for i in satisfied {
                capacity -= want[i] - power[i]
                power[i] = want[i]
            }
            open.removeAll { want[$0] - power[$0] <= 1e-12 }
        }
        return power
    }
}
