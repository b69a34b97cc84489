import ChargeShareDomain
import DispatchOptimizer
import Testing

/// Issue 10, item 4: a long window with V2G sessions used to spend most of its simplex iterations
/// in phase 1, one or more per site balance row (imports = base load are not 0), because GLPK
/// started from the all-slack basis. The builder now hints the no-EV start, which is feasible.
struct LongWindowTests {
    /// 1,440 one-minute intervals, two V2G cars over the whole day, base load 1 kW, a price that
    /// changes every hour. The all-slack start violates all 1,440 balance rows; from the hinted
    /// start the same optimum takes less than half the iterations.
    @Test func v2gDayStartsFromAFeasibleBasis() throws {
        let T = 1440
        let hourly: [Double] = (0..<24).map { h in 0.2 + 0.1 * Double((h * 7) % 24) / 24 }
        let prices: [Double] = (0..<T).map { t in hourly[t / 60] }
        var p = Small.problem(
            intervals: T, importPrice: .values(prices), exportPrice: .values(prices.map { 0.8 * $0 }),
            feederLimit: .constant(12), sites: [Small.site(base: .constant(1), exportLimit: .constant(7))],
            chargers: [Small.charger("C1", discharge: 7), Small.charger("C2", discharge: 7)],
            sessions: [
                Small.session("S1", charger: "C1", from: 0, to: 24, initial: 20, target: 50, minimum: 10, v2g: true),
                Small.session("S2", charger: "C2", from: 0, to: 24, initial: 20, target: 50, minimum: 10, v2g: true),
            ]
        )
        p.intervalMinutes = 1
        let r = try Small.solve(p)
        var slack = DispatchOptions()
        slack.solver.startingBasis = false
        let plain = try Small.solve(p, options: slack)
        #expect(r.sessions.allSatisfy { isClose($0.unmetKwh, 0) })
        #expect(isClose(r.objective.total, plain.objective.total, absolute: 1e-6))
        let (hinted, slackIterations) = (r.solver.iterations, plain.solver.iterations)
        #expect(2 * hinted < slackIterations, "\(hinted) against \(slackIterations) iterations")
    }
}

/// Issue 10, items 3 and 4: a small request must not make the engine build a model of gigabytes.
struct ProblemSizeTests {
    /// 500 V2G cars over 2,880 one-minute intervals need 4.3 million columns (limit 4 million):
    /// refused before anything is built.
    @Test func oversizedWindowIsRefusedBeforeBuilding() throws {
        let chargers = (0..<500).map { Small.charger("C\($0)", discharge: 7) }
        let sessions = (0..<500).map { Small.session("S\($0)", charger: "C\($0)", from: 0, to: 48, target: 40, v2g: true) }
        var p = Small.problem(intervals: 2880, importPrice: .constant(0.2), sites: [Small.site()], chargers: chargers, sessions: sessions)
        p.intervalMinutes = 1
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: DispatchError.problemTooLarge(columns: 500 * 2880 * 3 + 4 * 2880 * 2, limit: 4_000_000)) {
            try Dispatcher().dispatch(p)
        }
        #expect(clock.now - started < .seconds(5))
    }
}
