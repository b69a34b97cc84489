import ChargeShareDomain
import DispatchOptimizer
import Foundation
import Synthetic
import Testing

@Suite("Depot problems (bench cases depotN, fleetN, negativeN)")
struct DepotGeneratorTests {
    @Test("Two stays per charger on one site, valid as read back, the same bytes for the same seed")
    func structure() throws {
        let problem = DepotGenerator(sessions: 41).generate()
        #expect(problem.feeders.count == 1 && problem.sites.count == 1 && problem.sites[0].id == "DEPOT")
        #expect(problem.chargers.count == 21 && problem.sessions.count == 41)
        #expect(problem.sites[0].demandChargePerKw == 0.5)
        // Overnight stays start 16:00–20:00 UTC and end 05:00–08:00 the next day; midday stays start 10:00–12:00.
        let start = problem.start.millisecondsSinceEpoch
        for session in problem.sessions {
            let arrival = Double(session.arrival.millisecondsSinceEpoch - start) / 3_600_000 + 16
            let departure = Double(session.departure.millisecondsSinceEpoch - start) / 3_600_000 + 16
            if session.id.hasSuffix("-S0") {
                #expect((16...20).contains(arrival) && (29...32).contains(departure), "\(session.id)")
            } else {
                #expect((34...36).contains(arrival) && (37...39).contains(departure), "\(session.id)")
            }
            #expect(session.v2g == (problem.chargers.first { $0.id == session.chargerId }?.maxDischargeKw ?? 0 > 0))
        }
        let bytes = JSONWriter().bytes(problem.json)
        #expect(try ProblemReader.read(bytes) == problem)
        #expect(JSONWriter().bytes(DepotGenerator(sessions: 41).generate().json) == bytes)
        #expect(JSONWriter().bytes(DepotGenerator(sessions: 41, seed: 2).generate().json) != bytes)
    }

    @Test("The charge-only fleet has no V2G and no demand charge; the evening binds the feeder")
    func fleet() throws {
        let problem = DepotGenerator(sessions: 40, bidirectionalShare: 0, demandChargePerKw: 0).generate()
        #expect(problem.sessions.allSatisfy { !$0.v2g } && problem.chargers.allSatisfy { $0.maxDischargeKw == 0 })
        let result = try Small.solve(problem)
        #expect(result.status == .optimal && !result.solver.mip)
        #expect(result.feeders[0].congestionPricePerKwh.contains { $0 > 0 }, "the feeder limit binds somewhere")
    }

    @Test("Negative prices: about −0.7 per kWh from 11:00 to 15:00 UTC, export never above import, and the MIP re-solve runs")
    func negative() throws {
        let problem = DepotGenerator(sessions: 12, negativeMiddayPrices: true).generate()
        guard case .values(let imports) = problem.prices.importPerKwh, case .values(let exports) = problem.prices.exportPerKwh else {
            Issue.record("prices are not series")
            return
        }
        for (t, price) in imports.enumerated() {
            let hour = (16 + Double(t) / 4).truncatingRemainder(dividingBy: 24)
            #expect((11..<15).contains(hour) ? (-0.85 ... -0.65).contains(price) : price > 0, "interval \(t)")
            #expect(exports[t] <= price, "interval \(t)")
        }
        let result = try Small.solve(problem)
        #expect(result.solver.mip, "charging and discharging one car at once pays at these prices: the LP does it, the MIP forbids it")
    }

    @Test("Settings out of range are refused with the reason")
    func refusals() {
        #expect(DepotGenerator(sessions: 1).problemWithSettings == "depot sessions must be from 2 to 100000, got 1")
        #expect(DepotGenerator(sessions: 10, bidirectionalShare: 2).problemWithSettings == "bidirectional share must be from 0 to 1, got 2.0")
        #expect(DepotGenerator(sessions: 10, demandChargePerKw: -1).problemWithSettings == "demand charge must be from 0 to 1000 per kW, got -1.0")
        #expect(DepotGenerator(sessions: 10).problemWithSettings == nil)
    }
}
