import ChargeShareDomain
import DispatchOptimizer
import Testing

/// Violations are the minimum that uncontrollable load forces (spec §2, output invariants),
/// whatever the penalties and prices: EVs never charge on top of a forced overload.
///
/// The problem of issue 10: limit 1 kW, base load 2 kW in hour 0, one 7 kW EV wanting 20 kWh over
/// 3 h. The forced violation is 1 kW in hour 0; the EV can only use the 1 kW of hours 1 and 2:
/// charge [0, 1, 1], unmet 18 kWh.
struct ForcedViolationTests {
    enum Limit { case feeder, site }

    static func problem(
        _ limit: Limit, importPrice: Series = .constant(0.1), exportPrice: Series = .constant(0),
        unmetPenalty: Double = 10, violationPenalty: Double = 1000
    ) -> DispatchProblem {
        var p = Small.problem(
            intervals: 3, importPrice: importPrice, exportPrice: exportPrice,
            feederLimit: limit == .feeder ? .constant(1) : nil,
            sites: [Small.site(base: .values([2, 0, 0]), limit: limit == .site ? .constant(1) : nil)],
            chargers: [Small.charger()], sessions: [Small.session(from: 0, to: 3, target: 30)]
        )
        p.unmetEnergyPenaltyPerKwh = unmetPenalty
        p.limitViolationPenaltyPerKwh = violationPenalty
        return p
    }

    static func violation(_ r: DispatchResult, _ limit: Limit) -> [Double] {
        limit == .feeder ? r.feeders[0].limitViolationKw : r.sites[0].limitViolationKw
    }

    /// Unmet energy dearer than the violation: 0.4 import + 18 × 2000 unmet + 1 × 1000 = 37000.4.
    /// Relaxing the limit by 1 kW in any hour lets 1 kWh more in: congestion 2000 − 0.1 = 1999.9.
    @Test(arguments: [Limit.feeder, .site]) func unmetPenaltyAboveViolationPenalty(limit: Limit) throws {
        let r = try Small.solve(Self.problem(limit, unmetPenalty: 2000))
        #expect(r.status == .optimalWithViolations)
        #expect(isClose(Self.violation(r, limit), [1, 0, 0]))
        #expect(isClose(r.sessions[0].chargeKw, [0, 1, 1]))
        #expect(isClose(r.sessions[0].unmetKwh, 18))
        #expect(isClose(r.objective.total, 37000.4))
        if limit == .feeder {
            #expect(isClose(r.feeders[0].congestionPricePerKwh, [1999.9, 1999.9, 1999.9], absolute: 1e-4))
        }
    }

    /// A violation cheaper than energy: 0.4 import + 180 unmet + 1 × 5 violation = 185.4.
    @Test(arguments: [Limit.feeder, .site]) func cheapViolationPenalty(limit: Limit) throws {
        let r = try Small.solve(Self.problem(limit, violationPenalty: 5))
        #expect(isClose(Self.violation(r, limit), [1, 0, 0]))
        #expect(isClose(r.sessions[0].chargeKw, [0, 1, 1]))
        #expect(isClose(r.objective.violationPenalty, 5))
        #expect(isClose(r.objective.total, 185.4))
    }

    /// A price of −5000 in hour 0 pays for charging, but not beyond the limit:
    /// 2 × −5000 + 0.2 import + 180 unmet + 1000 violation = −8819.8. Congestion in hour 0 is
    /// 5000 + 10 (a kWh more earns 5000 and saves 10 of unmet penalty); in hours 1–2, 10 − 0.1.
    @Test(arguments: [Limit.feeder, .site]) func negativePrice(limit: Limit) throws {
        let r = try Small.solve(Self.problem(limit, importPrice: .values([-5000, 0.1, 0.1]), exportPrice: .values([-5000, 0, 0])))
        #expect(isClose(Self.violation(r, limit), [1, 0, 0]))
        #expect(isClose(r.sessions[0].chargeKw, [0, 1, 1]))
        #expect(isClose(r.objective.total, -8819.8))
        if limit == .feeder {
            #expect(isClose(r.feeders[0].congestionPricePerKwh, [5010, 9.9, 9.9], absolute: 1e-4))
        }
    }

    /// V2G may lower a forced violation: with 10 kWh to spare, the car discharges 2 kW in hour 0,
    /// so nothing is imported and nothing violated.
    @Test func dischargeRemovesForcedViolation() throws {
        let p = Small.problem(
            intervals: 3, importPrice: .constant(0.1),
            sites: [Small.site(base: .values([2, 0, 0]), limit: .constant(1))],
            chargers: [Small.charger(discharge: 7)], sessions: [Small.session(from: 0, to: 3, initial: 30, target: 20, v2g: true)]
        )
        let r = try Small.solve(p)
        #expect(r.status == .optimal)
        #expect(isClose(r.sites[0].limitViolationKw, [0, 0, 0]))
        #expect(isClose(r.sessions[0].dischargeKw, [2, 0, 0]))
        #expect(isClose(r.objective.total, 0))
    }

    /// Both limits forced at once on a two-site feeder: site A (base 5, fuse 3) forces 2 kW at the
    /// site; the feeder (limit 6, bases 5 + 4) forces 3 kW. No EV charges in hour 0 whatever the
    /// unmet penalty.
    @Test func siteAndFeederTogether() throws {
        var p = Small.problem(
            intervals: 2, importPrice: .constant(0.1), feederLimit: .constant(6),
            sites: [Small.site("A", base: .values([5, 0]), limit: .constant(3)), Small.site("B", base: .values([4, 0]))],
            chargers: [Small.charger("CA", site: "A"), Small.charger("CB", site: "B")],
            sessions: [
                Small.session("SA", charger: "CA", from: 0, to: 2, target: 30),
                Small.session("SB", charger: "CB", from: 0, to: 2, target: 30),
            ]
        )
        p.unmetEnergyPenaltyPerKwh = 5000
        let r = try Small.solve(p)
        #expect(isClose(r.sites[0].limitViolationKw, [2, 0]))
        #expect(isClose(r.feeders[0].limitViolationKw, [3, 0]))
        #expect(isClose(r.sessions[0].chargeKw[0], 0) && isClose(r.sessions[1].chargeKw[0], 0))
        #expect(isClose(r.sessions[0].chargeKw[1] + r.sessions[1].chargeKw[1], 6))
    }

    /// V2G can remove a forced violation, and another EV must not take that room: limit 1 kW,
    /// base 2 kW for 3 h; e2 (V2G, 30 kWh to spare) discharges 7 kW, so e1 may charge 6 kW and
    /// nothing is violated, although charging 7 kW on top of a 1 kW violation would be cheaper
    /// (unmet 2000/kWh against a violation penalty of 5). Solved lexicographically: least
    /// violation first. Import 3 × 1 kWh × 0.1 + unmet (50 − 18) × 2000 = 64000.3.
    @Test func dischargeRoomIsNotTakenByCharging() throws {
        var p = Small.problem(
            intervals: 3, importPrice: .constant(0.1),
            sites: [Small.site(base: .constant(2), limit: .constant(1))],
            chargers: [Small.charger("C1"), Small.charger("C2", discharge: 7)],
            sessions: [
                Small.session("e1", charger: "C1", from: 0, to: 3, battery: 80, initial: 10, target: 60),
                Small.session("e2", charger: "C2", from: 0, to: 3, initial: 40, target: 10, v2g: true),
            ]
        )
        p.unmetEnergyPenaltyPerKwh = 2000
        p.limitViolationPenaltyPerKwh = 5
        let r = try Small.solve(p)
        #expect(r.status == .optimal)
        #expect(isClose(r.sites[0].limitViolationKw, [0, 0, 0]))
        #expect(isClose(r.sessions[0].chargeKw, [6, 6, 6]))
        #expect(isClose(r.sessions[1].dischargeKw, [7, 7, 7]))
        #expect(isClose(r.objective.total, 64000.3))
    }
}
