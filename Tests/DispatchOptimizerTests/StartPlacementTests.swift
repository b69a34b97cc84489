import ChargeShareDomain
@testable import DispatchOptimizer
import Testing

/// The order in which `FeederModelBuilder.placeStarts` places the sessions' starts under the limits.
@Suite("Start placement: warm-started sessions first, then greedy ones least slack first")
struct StartPlacementTests {
    /// Feeder limit 5 kW, base load 1 kW: 4 kW of room per hour. Prices 3, 1, 2, 1, 5. Two 4 kW
    /// cars: `a` (first in the problem) may charge in hours 0–4 and needs 4 kWh, one hour at full
    /// power, so 4 hours to spare; `b` is there in hours 1 and 2 only and needs 8 kWh, both of
    /// them, none to spare.
    static let problem = Small.problem(
        intervals: 5, importPrice: .values([3, 1, 2, 1, 5]), feederLimit: .constant(5),
        sites: [Small.site(base: .constant(1))],
        chargers: [Small.charger("A", charge: 4), Small.charger("B", charge: 4)],
        sessions: [
            Small.session("a", charger: "A", from: 0, to: 5, battery: 40, initial: 0, target: 4),
            Small.session("b", charger: "B", from: 1, to: 3, battery: 40, initial: 0, target: 8),
        ])

    static func greedy(_ start: SessionStart?) -> [Int]? {
        if case .greedy(let full) = start { return full }
        return nil
    }

    @Test("Slack by hand: a has 5 − 4/4 = 4 hours to spare, b 2 − 8/4 = 0; a car that cannot charge has +∞")
    func slack() {
        let index = ProblemIndex(Self.problem)
        #expect(GreedyStart.slack(index.plans[0], hours: 1) == 4)
        #expect(GreedyStart.slack(index.plans[1], hours: 1) == 0)
        let stuck = Small.problem(
            intervals: 2, importPrice: .constant(1), sites: [Small.site()], chargers: [Small.charger(charge: 0)],
            sessions: [Small.session(from: 0, to: 2, battery: 40, initial: 0, target: 4)])
        #expect(GreedyStart.slack(ProblemIndex(stuck).plans[0], hours: 1) == .infinity)
    }

    @Test("The car with no hour to spare is placed first: b takes hours 1 and 2, a the other cheap hour 3")
    func leastSlackFirst() {
        // In problem order a would take hour 1 and leave b only hour 2.
        let builder = FeederModelBuilder(index: ProblemIndex(Self.problem), feeders: [0], names: false)
        #expect(Self.greedy(builder.starts[1]) == [0, 1], "b's positions 0 and 1 are hours 1 and 2")
        #expect(Self.greedy(builder.starts[0]) == [3], "a skips hour 1 (full) for hour 3")
    }

    @Test("A warm-started car takes its room first, wherever it is in the problem: the greedy one skips that hour")
    func warmStartedFirst() throws {
        // b, second in the problem, warm-starts at full power in hour 1 and 0 kW in hour 2 (a plan
        // that is not b's optimum, so that the hours are told apart); a starts greedily after it.
        var previous = try Small.solve(Self.problem)
        previous.sessions.removeAll { $0.id != "b" }
        previous.sessions[0].chargeKw = [0, 4, 0, 0, 0]
        let builder = FeederModelBuilder(
            index: ProblemIndex(Self.problem), feeders: [0], names: false, warmStart: WarmStart(previous: previous))
        #expect(builder.starts[1]?.previous?.map { $0?.charge } == [4, 0])
        #expect(Self.greedy(builder.starts[0]) == [3], "hour 1 is b's, so a takes hour 3")
        #expect(builder.model.warmStartedSessions == 0, "counted as the sessions are added")
    }

    @Test("The placement order never changes the optimum: both cars' plans and the cost by hand")
    func sameOptimum() throws {
        // b must charge 4 kW in hours 1 and 2; a's 4 kWh go into hour 3 (price 1): 4 + 8 + 4 = 16,
        // plus the base load's 1 kW at 3 + 1 + 2 + 1 + 5 = 12.
        let result = try Small.solve(Self.problem)
        #expect(isClose(result.objective.importCost, 28))
        #expect(isClose(result.sessions[1].chargeKw, [0, 4, 4, 0, 0]))
        #expect(isClose(result.sessions[0].chargeKw, [0, 0, 0, 4, 0]))
    }
}
