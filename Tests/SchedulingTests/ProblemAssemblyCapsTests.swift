import ChargeShareDomain
import DispatchOptimizer
import Testing

@testable import Scheduling

/// Maintenance caps in live assembly: a lowered charger, a charger out of service, caps elsewhere ignored.
@Suite("Problem assembly with maintenance caps")
struct ProblemAssemblyCapsTests {
    typealias T = ProblemAssemblyTests

    @Test("A cap lowers charge and discharge power; 0 removes the charger and excludes its session; another feeder's cap is not applied")
    func caps() throws {
        let states = [
            T.state("a", energyWh: 1_000, targetWh: 10_000, departure: "2026-06-01T18:00:00Z"),
            // B (η 1) wants 5 kWh by the window's end at 11:00: more than an hour at the 3.7 kW cap gives.
            T.state("b", evse: 2, energyWh: 0, targetWh: 5_000, departure: "2026-06-01T11:00:00Z"),
        ]
        let caps = [
            ProblemAssembly.ChargerCap(chargerId: "A", maxKw: 0, reason: "risk 0.95"),
            ProblemAssembly.ChargerCap(chargerId: "B", maxKw: 3.7, reason: "risk 0.6"),
            ProblemAssembly.ChargerCap(chargerId: "C", maxKw: 1, reason: "on feeder G"),
            // Two caps for one charger: the lower holds.
            ProblemAssembly.ChargerCap(chargerId: "B", maxKw: 5, reason: "older"),
        ]
        let live = try ProblemAssembly.live(T.terms(), registry: T.registry, feederIds: ["F"], sessions: states, limits: [], caps: caps)
        #expect(live.problem.chargers.map(\.id) == ["B"])
        #expect(live.problem.chargers.first?.maxChargeKw == 3.7 && live.problem.chargers.first?.maxDischargeKw == 0)
        #expect(live.problem.sessions.map(\.id) == ["CS1/b"])
        #expect(live.excluded.map(\.description) == ["session \"CS1/a\": charger \"A\" is out of service: risk 0.95"])
        #expect(live.derated.map(\.chargerId) == ["A", "B"] && live.derated.map(\.maxKw) == [0, 3.7])
        // The capped problem is one the contract reads; the dispatcher holds every interval at the
        // cap and leaves 5 − 3.7 kWh unmet.
        let result = try Dispatcher().dispatch(ProblemReader.read(live.problem.json))
        let b = try #require(result.sessions.first)
        #expect(b.chargeKw.count == 4 && b.chargeKw.allSatisfy { abs($0 - 3.7) < 1e-6 }, "\(b.chargeKw)")
        #expect(abs(b.unmetKwh - 1.3) < 1e-6)

        let uncapped = try ProblemAssembly.live(T.terms(), registry: T.registry, feederIds: ["F"], sessions: states, limits: [])
        #expect(uncapped.derated.isEmpty && uncapped.problem.chargers.map(\.maxChargeKw) == [11, 7.4])
    }
}
