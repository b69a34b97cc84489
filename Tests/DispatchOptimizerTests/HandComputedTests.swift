import ChargeShareDomain
import DispatchOptimizer
import Testing

/// Small problems whose optimum is worked out by hand in each comment. Intervals are 1 h, so
/// kW and kWh coincide; efficiencies are 1 unless stated. Tolerance: 1e-6 absolute.
struct HandComputedTests {
    /// Flat 0.2/kWh, 10 kWh wanted, 7 kW charger, 3 h: cost 10 × 0.2 = 2.0. The tie-breaker
    /// charges as early as possible: [7, 3, 0].
    @Test func flatPrice() throws {
        let p = Small.problem(
            intervals: 3, importPrice: .constant(0.2), sites: [Small.site()], chargers: [Small.charger()],
            sessions: [Small.session(from: 0, to: 3, target: 20)]
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, 2.0))
        #expect(isClose(r.sessions[0].chargeKw, [7, 3, 0]))
        #expect(isClose(r.sessions[0].finalKwh, 20))
        #expect(r.status == .optimal)
    }

    /// Prices [0.3, 0.1, 0.2]: 7 kWh at 0.1 then 3 at 0.2 → 0.7 + 0.6 = 1.3.
    @Test func priceValley() throws {
        let p = Small.problem(
            intervals: 3, importPrice: .values([0.3, 0.1, 0.2]), sites: [Small.site()], chargers: [Small.charger()],
            sessions: [Small.session(from: 0, to: 3, target: 20)]
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, 1.3))
        #expect(isClose(r.objective.importCost, 1.3))
        #expect(isClose(r.sessions[0].chargeKw, [0, 7, 3]))
    }

    /// Two EVs at two homes want 8 kWh each over prices [0.1, 0.3]; the feeder carries 10 kW.
    /// 10 kWh at 0.1 and 6 at 0.3 → 1.0 + 1.8 = 2.8. One more kW in hour 0 would save 0.3 − 0.1,
    /// so the congestion price there is 0.2; hour 1 is not congested.
    @Test func bindingFeederLimitSharedByTwoEVs() throws {
        let p = Small.problem(
            intervals: 2, importPrice: .values([0.1, 0.3]), feederLimit: .constant(10),
            sites: [Small.site("A"), Small.site("B")],
            chargers: [Small.charger("CA", site: "A"), Small.charger("CB", site: "B")],
            sessions: [
                Small.session("SA", charger: "CA", from: 0, to: 2, target: 18),
                Small.session("SB", charger: "CB", from: 0, to: 2, target: 18),
            ]
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, 2.8))
        #expect(isClose(r.feeders[0].netImportKw, [10, 6]))
        #expect(isClose(r.feeders[0].congestionPricePerKwh, [0.2, 0]))
        #expect(isClose(r.sessions[0].finalKwh, 18) && isClose(r.sessions[1].finalKwh, 18))
        #expect(isClose(r.sessions[0].chargeKw[0] + r.sessions[1].chargeKw[0], 10))
    }

    /// A 5 kW main fuse with 1 kW of house load leaves 4 kW for a 7 kW charger: 12 kWh over 3 h
    /// is exactly [4, 4, 4]. Import cost includes the house: (3 + 12) × 0.2 = 3.0.
    @Test func bindingServiceLimit() throws {
        let p = Small.problem(
            intervals: 3, importPrice: .constant(0.2), sites: [Small.site(base: .constant(1), limit: .constant(5))],
            chargers: [Small.charger()], sessions: [Small.session(from: 0, to: 3, target: 22)]
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, 3.0))
        #expect(isClose(r.sessions[0].chargeKw, [4, 4, 4]))
        #expect(isClose(r.sites[0].importKw, [5, 5, 5]))
        #expect(isClose(r.sites[0].peakKw, 5))
    }

    /// V2G, η = 0.9 both ways, wear 0.02/kWh; buy at 0.1, sell at 0.5; battery must end at 20.
    /// Charge 7 kW (0.7), storing 6.3 kWh; discharge 6.3 × 0.9 = 5.67 kW (revenue 2.835, wear 0.1134).
    /// Objective 0.7 − 2.835 + 0.1134 = −2.0216. The profile is OCPP 2.1: set-points 7000, −5670 W.
    @Test func v2gExportWhenSpreadPays() throws {
        let p = Small.problem(
            intervals: 2, importPrice: .values([0.1, 0.5]), exportPrice: .values([0.1, 0.5]),
            feederExportLimit: .constant(10), sites: [Small.site(exportLimit: .constant(10))],
            chargers: [Small.charger(discharge: 7, efficiency: 0.9)],
            sessions: [Small.session(from: 0, to: 2, battery: 50, initial: 20, target: 20, minimum: 10, v2g: true)],
            degradation: 0.02
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, -2.0216))
        #expect(isClose(r.objective.exportRevenue, 2.835))
        #expect(isClose(r.objective.degradationCost, 0.1134))
        #expect(isClose(r.sessions[0].chargeKw, [7, 0]))
        #expect(isClose(r.sessions[0].dischargeKw, [0, 5.67]))
        let profile = try #require(r.chargingProfiles.first)
        #expect(profile.ocppVersion == .v21)
        #expect(profile.periods.map(\.setpointW) == [7000, -5670])
        #expect(!r.solver.mip)
    }

    /// A full battery (50 of 50) at −0.5/kWh. The LP relaxation earns by charging 7 kW while
    /// discharging 7 × 0.9 × 0.9 = 5.67 kW (net import 1.33 kW, −0.665 + wear 0.1134 = −0.5516).
    /// No real EV can do both, so the engine re-solves with binaries: the optimum is to do nothing, 0.
    @Test func negativePriceForcesMIP() throws {
        let p = Small.problem(
            intervals: 1, importPrice: .constant(-0.5), exportPrice: .constant(-0.5), feederExportLimit: .constant(10),
            sites: [Small.site(exportLimit: .constant(10))], chargers: [Small.charger(discharge: 7, efficiency: 0.9)],
            sessions: [Small.session(from: 0, to: 1, battery: 50, initial: 50, target: 50, minimum: 10, v2g: true)],
            degradation: 0.02
        )
        let r = try Small.solve(p)
        #expect(r.solver.mip)
        #expect(isClose(r.objective.total, 0))
        #expect(isClose(r.sessions[0].chargeKw, [0]) && isClose(r.sessions[0].dischargeKw, [0]))
    }

    /// House load 12 kW on a 10 kW fuse in hour 0, 2 kW in hour 1; the EV wants 5 kWh.
    /// The least violation is 2 kW (charging then would add to it), so charge 5 kW in hour 1:
    /// import (12 + 7) × 0.2 = 3.8, violation 2 kWh × 1000 = 2000, total 2003.8.
    @Test func uncontrollableLoadAboveSiteLimit() throws {
        let p = Small.problem(
            intervals: 2, importPrice: .constant(0.2), sites: [Small.site(base: .values([12, 2]), limit: .constant(10))],
            chargers: [Small.charger()], sessions: [Small.session(from: 0, to: 2, target: 15)]
        )
        let r = try Small.solve(p)
        #expect(r.status == .optimalWithViolations)
        #expect(isClose(r.sites[0].limitViolationKw, [2, 0]))
        #expect(isClose(r.sessions[0].chargeKw, [0, 5]))
        #expect(isClose(r.objective.violationPenalty, 2000))
        #expect(isClose(r.objective.total, 2003.8))
    }

    /// Two homes of 6 kW each under a 10 kW feeder limit: 2 kW of violation is forced; the EV
    /// (5 kWh wanted, 2 h) charges only in hour 1, when the houses draw 1 kW each.
    /// Import (12 + 2 + 5) × 0.1 = 1.9, violation 2000, total 2001.9. The congestion price is the
    /// penalty: a kW more of limit would remove a kW of the forced violation.
    @Test func uncontrollableLoadAboveFeederLimit() throws {
        let p = Small.problem(
            intervals: 2, importPrice: .constant(0.1), feederLimit: .constant(10),
            sites: [Small.site("A", base: .values([6, 1])), Small.site("B", base: .values([6, 1]))],
            chargers: [Small.charger("C", site: "A")], sessions: [Small.session(from: 0, to: 2, target: 15)]
        )
        let r = try Small.solve(p)
        #expect(r.status == .optimalWithViolations)
        #expect(isClose(r.feeders[0].limitViolationKw, [2, 0]))
        #expect(isClose(r.feeders[0].congestionPricePerKwh[0], 1000))
        #expect(isClose(r.objective.total, 2001.9))
    }

    /// Departs 2 h after a 2 h window, 7 kW, target 30 from 10: 14 kWh can still come after the
    /// window, so 16 is required inside it: 6 kWh × 0.2 = 1.2, final 16, nothing unmet.
    @Test func departureAfterWindowEnd() throws {
        let p = Small.problem(
            intervals: 2, importPrice: .constant(0.2), sites: [Small.site()], chargers: [Small.charger()],
            sessions: [Small.session(from: 0, to: 4, target: 30)]
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, 1.2))
        #expect(isClose(r.sessions[0].finalKwh, 16))
        #expect(isClose(r.sessions[0].unmetKwh, 0))
        #expect(r.chargingProfiles[0].durationSeconds == 7200)
    }

    /// A then B on one charger, prices [0.1, 0.3, 0.3, 0.1]; each wants 7 kWh: A charges in hour 0,
    /// B in hour 3. Total 1.4; B's profile starts at 02:00.
    @Test func twoSessionsInSequenceOnOneCharger() throws {
        let p = Small.problem(
            intervals: 4, importPrice: .values([0.1, 0.3, 0.3, 0.1]), sites: [Small.site()], chargers: [Small.charger()],
            sessions: [Small.session("A", from: 0, to: 2, target: 17), Small.session("B", from: 2, to: 4, target: 17)]
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, 1.4))
        #expect(isClose(r.sessions[0].chargeKw, [7, 0, 0, 0]))
        #expect(isClose(r.sessions[1].chargeKw, [0, 0, 0, 7]))
        #expect(r.chargingProfiles[1].startSchedule == Small.at(hour: 2))
        #expect(r.chargingProfiles[1].periods.map(\.setpointW) == [0, 7000])
        #expect(r.chargingProfiles[1].periods.map(\.startPeriod) == [0, 3600])
    }

    /// Plugged in 00:20–00:50 with 1 h intervals: no whole interval fits. All power is 0, unmet =
    /// 15 − 10 = 5 kWh at 10/kWh = 50, and no charging profile.
    @Test func sessionWithNoUsableInterval() throws {
        let p = Small.problem(
            intervals: 2, importPrice: .constant(0.2), sites: [Small.site()], chargers: [Small.charger()],
            sessions: [Small.session(from: 1.0 / 3, to: 5.0 / 6, target: 15)]
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, 50))
        #expect(isClose(r.sessions[0].unmetKwh, 5))
        #expect(r.chargingProfiles.isEmpty)
    }

    /// 8 kW of PV over 1 kW of house load behind a 5 kW export limit: 2 kW must be curtailed,
    /// 5 kW exported at 0.1 → objective −0.5. At a negative export price (−0.05) it pays to
    /// curtail 7 kW and export nothing: objective 0.
    @Test func pvCurtailment() throws {
        func problem(exportPrice: Double) -> DispatchProblem {
            Small.problem(
                intervals: 1, importPrice: .constant(0.2), exportPrice: .constant(exportPrice), feederExportLimit: .constant(20),
                sites: [Small.site(base: .constant(1), pv: .constant(8), exportLimit: .constant(5))], chargers: [], sessions: []
            )
        }
        let paid = try Small.solve(problem(exportPrice: 0.1))
        #expect(isClose(paid.objective.total, -0.5))
        #expect(isClose(paid.sites[0].curtailedPvKw, [2]))
        #expect(isClose(paid.sites[0].exportKw, [5]))
        let negative = try Small.solve(problem(exportPrice: -0.05))
        #expect(isClose(negative.objective.total, 0))
        #expect(isClose(negative.sites[0].curtailedPvKw, [7]))
    }

    /// Demand charge 1.0/kW on the site's peak: 8 kWh over 2 h at a flat 0.1 with 1 kW of house
    /// load is spread 4 + 4, peak 5 kW: (2 + 8) × 0.1 + 5 = 6.0.
    @Test func demandChargeSpreadsLoad() throws {
        let p = Small.problem(
            intervals: 2, importPrice: .constant(0.1), sites: [Small.site(base: .constant(1), demandCharge: 1)],
            chargers: [Small.charger()], sessions: [Small.session(from: 0, to: 2, target: 18)]
        )
        let r = try Small.solve(p)
        #expect(isClose(r.objective.total, 6.0))
        #expect(isClose(r.objective.demandCharges, 5))
        #expect(isClose(r.sessions[0].chargeKw, [4, 4]))
    }
}

extension HandComputedTests {
    /// 2,100 one-minute intervals with prices alternating 0.1 / 0.3: charging only in cheap minutes
    /// (7 kW = 7/60 kWh each) needs 600 of them for 70 kWh, i.e. 1,200 power changes. OCPP allows
    /// 1,024 periods, so the profile stops at period 1,024, its duration shrinks to that period's
    /// start, and a warning says so. The kept periods still replay to the schedule.
    @Test func profileLongerThanOCPPLimitIsCutWithWarning() throws {
        let T = 2100
        let prices = (0..<T).map { $0 % 2 == 0 ? 0.1 : 0.3 }
        let p = DispatchProblem(
            windowId: "long", start: Small.midnight, intervalMinutes: 1, intervals: T,
            prices: Prices(importPerKwh: .values(prices)),
            feeders: [Feeder(id: "F")], sites: [Small.site()], chargers: [Small.charger()],
            sessions: [
                Session(
                    id: "S", chargerId: "C", arrival: Small.midnight, departure: Small.at(hour: 35),
                    batteryKwh: 100, initialKwh: 10, targetKwh: 80)
            ]
        )
        let r = try Dispatcher().dispatch(p)
        #expect(isClose(r.objective.total, 70 * 0.1, absolute: 1e-6))
        let profile = try #require(r.chargingProfiles.first)
        #expect(profile.periods.count == ChargingProfile.maximumPeriods)
        #expect(profile.durationSeconds == profile.periods.count * 60)
        #expect(r.warnings == ["sessions[0] (S): schedule has more than 1024 power changes; its profile covers the first 61440 s only"])
        let replayed = profile.replay(windowStart: p.start, intervalSeconds: 60, count: T)
        let kept = profile.durationSeconds / 60
        #expect(isClose(Array(replayed[..<kept]), Array(r.sessions[0].chargeKw[..<kept]), absolute: 0.001))
    }
}
