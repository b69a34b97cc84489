import Backtest
import Scheduling
import ChargeShareDatasets
import ChargeShareDomain
import Synthetic
import Testing
import TestSupport

/// The most energy any schedule can deliver, by max flow: source → car (its demand) → each step it
/// is plugged in (station power × Δh) → sink (feeder limit × Δh). Independent of GLPK and of the
/// dispatch model.
struct MaxFlow {
    private var capacity: [[Double]]
    private let n: Int

    init(nodes: Int) {
        n = nodes
        capacity = Array(repeating: Array(repeating: 0, count: nodes), count: nodes)
    }

    mutating func add(_ from: Int, _ to: Int, _ c: Double) { capacity[from][to] += c }

    /// Edmonds-Karp (shortest augmenting paths).
    mutating func solve(source: Int, sink: Int) -> Double {
        var total = 0.0
        while true {
            var parent = [Int](repeating: -1, count: n)
            parent[source] = source
            var queue = [source], head = 0
            while head < queue.count, parent[sink] == -1 {
                let u = queue[head]; head += 1
                for v in 0..<n where parent[v] == -1 && capacity[u][v] > 1e-12 {
                    parent[v] = u
                    queue.append(v)
                }
            }
            guard parent[sink] != -1 else { return total }
            var push = Double.infinity, v = sink
            while v != source { push = min(push, capacity[parent[v]][v]); v = parent[v] }
            v = sink
            while v != source {
                capacity[parent[v]][v] -= push
                capacity[v][parent[v]] += push
                v = parent[v]
            }
            total += push
        }
    }
}

@Suite("Offline optimum")
struct OfflineOptimalTests {
    /// 14 random sessions over an afternoon, drivers' estimates off by up to ±90 minutes.
    static func fleet(seed: UInt64) -> [SessionRecord] {
        var rng = SeededGenerator(seed: seed)
        return (0..<14).map { i in
            let arrive = Int(rng.uniform(0, 240))
            let stay = Int(rng.uniform(20, 300))
            return Fixtures.session(
                "s\(i)", station: "st\(i % 9)", arrive: arrive, leave: arrive + stay,
                estimate: arrive + max(10, stay + Int(rng.uniform(-90, 90))), kwh: (rng.uniform(1, 30) * 1000).rounded() / 1000)
        }
    }

    static func maxEnergy(_ replay: Replay) -> Double {
        let entries = replay.fleet.entries, steps = replay.fleet.steps, h = replay.config.intervalHours
        var flow = MaxFlow(nodes: 2 + entries.count + steps)
        let source = 0, sink = 1
        for (i, e) in entries.enumerated() {
            flow.add(source, 2 + i, e.demandKwh)
            for k in e.arrivalStep..<max(e.arrivalStep, e.departureStep) { flow.add(2 + i, 2 + entries.count + k, replay.config.chargerKw * h) }
        }
        for k in 0..<steps { flow.add(2 + entries.count + k, sink, replay.config.feederLimitKw * h) }
        return flow.solve(source: source, sink: sink)
    }

    @Test(
        "offline-optimal delivers exactly the max-flow bound; no policy beats it; only uncontrolled breaks the limit",
        arguments: [1, 2, 3] as [UInt64])
    func maxFlowBound(seed: UInt64) throws {
        let replay = try Replay(sessions: Self.fleet(seed: seed), config: ReplayConfig(feederLimitKw: 12), prices: .flat(0.2))
        let bound = Self.maxEnergy(replay)
        let backtester = Backtester(replay: replay, currency: "EUR")
        let offline = try backtester.run(.offlineOptimal).summary.metrics
        #expect(abs(offline.deliveredKwh - bound) < 1e-5, "offline \(offline.deliveredKwh) vs max flow \(bound)")
        for policy in [PolicyName.lp, .lpNoTieBreak, .edf, .llf, .roundRobin] {
            let m = try backtester.run(policy).summary.metrics
            #expect(m.deliveredKwh <= bound + 1e-6, "\(policy)")
            #expect(m.violations == 0, "\(policy)")
        }
        let uncontrolled = try backtester.run(.uncontrolled).summary.metrics
        #expect(uncontrolled.violations > 0)
    }

    @Test("Stays are split into independent blocks only where no car is plugged in")
    func blocks() throws {
        let sessions = [
            Fixtures.session("a", arrive: 0, leave: 60, kwh: 1), Fixtures.session("b", arrive: 30, leave: 90, kwh: 1),
            Fixtures.session("c", arrive: 90, leave: 120, kwh: 1), Fixtures.session("d", arrive: 200, leave: 230, kwh: 1),
        ]
        let replay = try Replay(sessions: sessions, config: ReplayConfig(feederLimitKw: 12), prices: .flat(0.2))
        let planned = try OfflineOptimalPlanner().plan(
            fleet: replay.fleet, config: replay.config,
            importPrices: replay.importPrices, exportPrices: replay.exportPrices)
        // a and b overlap; c starts as b leaves (step 18), so it is a block of its own; d too.
        #expect(planned.solveMs.count == 3)
    }
}
