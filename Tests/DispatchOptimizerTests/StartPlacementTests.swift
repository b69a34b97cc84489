import ChargeShareDomain
@testable import DispatchOptimizer
import Testing

/// The order in which `FeederModelBuilder.placeStarts` places the sessions' starts under the limits.
@Suite("Start placement: warm-started sessions first, then greedy ones by slack class and arrival")
struct StartPlacementTests {
    /// Feeder limit 5 kW, base load 1 kW: 4 kW of room per hour. Prices 3, 1, 2, 1, then 5 for 16
    /// hours. Two 4 kW cars: `a` (first in the problem) may charge in hours 0–19 and needs 4 kWh,
    /// one hour at full power, so 19 hours to spare (slack class ⌊19 / 16⌋ = 1); `b` is there in
    /// hours 1 and 2 only and needs 8 kWh, both of them, none to spare (class 0).
    static let problem = Small.problem(
        intervals: 20, importPrice: .values([3, 1, 2, 1] + Array(repeating: 5, count: 16)), feederLimit: .constant(5),
        sites: [Small.site(base: .constant(1))],
        chargers: [Small.charger("A", charge: 4), Small.charger("B", charge: 4)],
        sessions: [
            Small.session("a", charger: "A", from: 0, to: 20, battery: 40, initial: 0, target: 4),
            Small.session("b", charger: "B", from: 1, to: 3, battery: 40, initial: 0, target: 8),
        ])

    static func greedy(_ start: SessionStart?) -> [Int]? {
        if case .greedy(let full) = start { return full }
        return nil
    }

    @Test("Slack by hand: a has 20 − 4/4 = 19 hours to spare, b 2 − 8/4 = 0; a car that cannot charge has +∞")
    func slack() {
        let index = ProblemIndex(Self.problem)
        #expect(GreedyStart.slack(index.plans[0], hours: 1) == 19)
        #expect(GreedyStart.slack(index.plans[1], hours: 1) == 0)
        #expect(FeederModelBuilder.slackClassIntervals == 16)
        let stuck = Small.problem(
            intervals: 2, importPrice: .constant(1), sites: [Small.site()], chargers: [Small.charger(charge: 0)],
            sessions: [Small.session(from: 0, to: 2, battery: 40, initial: 0, target: 4)])
        #expect(GreedyStart.slack(ProblemIndex(stuck).plans[0], hours: 1) == .infinity)
    }

    @Test("The car in the lower slack class is placed first: b takes hours 1 and 2, a the other cheap hour 3")
    func lowerSlackClassFirst() {
        // In problem order (or by arrival) a would take hour 1 and leave b only hour 2.
        let builder = FeederModelBuilder(index: ProblemIndex(Self.problem), feeders: [0], names: false)
        #expect(Self.greedy(builder.starts[1]) == [0, 1], "b's positions 0 and 1 are hours 1 and 2")
        #expect(Self.greedy(builder.starts[0]) == [3], "a skips hour 1 (full) for hour 3")
    }

    @Test("In one slack class the earlier arrival goes first, not the smaller slack nor the problem order")
    func earlierArrivalWithinClass() {
        // Five hours priced 3, 1, 2, 1, 5, the same 4 kW of room. a (first in the problem) arrives in
        // hour 1 and needs 4 kWh: 3 hours to spare; b arrives in hour 0 and needs 4 kWh: 4 to spare.
        // Both are in class 0, so b (earlier) takes hour 1, the earlier of the two cheapest, and a hour 3.
        let problem = Small.problem(
            intervals: 5, importPrice: .values([3, 1, 2, 1, 5]), feederLimit: .constant(5), sites: [Small.site(base: .constant(1))],
            chargers: [Small.charger("A", charge: 4), Small.charger("B", charge: 4)],
            sessions: [
                Small.session("a", charger: "A", from: 1, to: 5, battery: 40, initial: 0, target: 4),
                Small.session("b", charger: "B", from: 0, to: 5, battery: 40, initial: 0, target: 4),
            ])
        let builder = FeederModelBuilder(index: ProblemIndex(problem), feeders: [0], names: false)
        #expect(Self.greedy(builder.starts[1]) == [1], "b: hour 1")
        #expect(Self.greedy(builder.starts[0]) == [2], "a: position 2 of its run from hour 1 is hour 3")
    }

    @Test("A warm-started car books its room before any greedy one, even one with less slack: b gets only hour 2")
    func warmStartedFirst() throws {
        // a (class 1) warm-starts at full power in hour 1, which leaves no room there; b (class 0)
        // starts greedily after it and takes hour 2 only. Sorting warm and greedy cars together
        // by slack would have placed b first, in hours 1 and 2.
        var previous = try Small.solve(Self.problem)
        previous.sessions.removeAll { $0.id != "a" }
        previous.sessions[0].chargeKw = [0, 4] + Array(repeating: 0, count: 18)
        let builder = FeederModelBuilder(
            index: ProblemIndex(Self.problem), feeders: [0], names: false, warmStart: WarmStart(previous: previous))
        #expect(builder.starts[0]?.previous?.map { $0?.charge } == [0, 4] + Array(repeating: 0, count: 18))
        #expect(Self.greedy(builder.starts[1]) == [1], "b's position 1 is hour 2")
        #expect(builder.model.warmStartedSessions == 0, "counted as the sessions are added")
    }

    @Test("The hand-computed optimum, from the greedy start and from a warm start placed in the other order")
    func sameOptimum() throws {
        // b must charge 4 kW in hours 1 and 2; a's 4 kWh go into hour 3 (price 1): 4 + 8 + 4 = 16,
        // plus the base load's 1 kW at 3 + 1 + 2 + 1 + 16 × 5 = 87.
        let result = try Small.solve(Self.problem)
        #expect(isClose(result.objective.importCost, 103))
        #expect(isClose(result.sessions[1].chargeKw, [0, 4, 4] + Array(repeating: 0, count: 17)))
        #expect(isClose(result.sessions[0].chargeKw, [0, 0, 0, 4] + Array(repeating: 0, count: 16)))
        // a warm-started in hour 1, so b starts with hour 2 only (`warmStartedFirst`): the same optimum.
        var previous = result
        previous.sessions.removeAll { $0.id != "a" }
        previous.sessions[0].chargeKw = [0, 4] + Array(repeating: 0, count: 18)
        let warm = try Dispatcher().dispatch(Self.problem, warmStart: WarmStart(previous: previous))
        #expect(warm.solver.warmStartedSessions == 1)
        #expect(isClose(warm.objective.total, result.objective.total))
        #expect(isClose(warm.sessions[1].chargeKw, result.sessions[1].chargeKw))
    }
}

extension StartPlacementTests {
    @Test("A slack of ∞ / ∞ (a plan built in code with infinite need and power) sorts as +∞, not NaN")
    func infiniteSlack() {
        let plan = SessionPlan(
            index: 0, site: 0, charger: 0, run: 0..<4, maxChargeKw: .infinity, maxDischargeKw: 0, chargeEfficiency: 1,
            dischargeEfficiency: 1, initialKwh: 0, batteryKwh: .infinity, floorKwh: 0, requiredKwh: .infinity)
        #expect(GreedyStart.slack(plan, hours: 1) == .infinity)
    }

    @Test("A warm-started car books only the intervals its plan covers, even when its power is tiny")
    func warmBookingSkipsUncoveredIntervals() throws {
        // a: 1e-7 kW, its plan covers hour 0 only (0 kW there). At its power, 0 kW counts as "at the
        // bound" (within 1e-6 kW), so booking hours past the plan would take 1e-7 kW of room there too,
        // and b (4 kW, needs 4 kWh) could no longer fit the 4 kW left in hour 1, its cheapest.
        let problem = Small.problem(
            intervals: 5, importPrice: .values([3, 1, 2, 1, 5]), feederLimit: .constant(5), sites: [Small.site(base: .constant(1))],
            chargers: [Small.charger("A", charge: 1e-7), Small.charger("B", charge: 4)],
            sessions: [
                Small.session("a", charger: "A", from: 0, to: 5, battery: 40, initial: 0, target: 1e-7),
                Small.session("b", charger: "B", from: 0, to: 5, battery: 40, initial: 0, target: 4),
            ])
        var previous = try Small.solve(problem)
        previous.sessions.removeAll { $0.id != "a" }
        previous.sessions[0].chargeKw = [0]
        previous.sessions[0].dischargeKw = [0]
        let builder = FeederModelBuilder(index: ProblemIndex(problem), feeders: [0], names: false, warmStart: WarmStart(previous: previous))
        #expect(builder.starts[0]?.previous?.compactMap { $0?.charge } == [0], "a's plan covers hour 0 only")
        #expect(Self.greedy(builder.starts[1]) == [1])
    }
}
