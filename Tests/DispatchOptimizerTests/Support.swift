import ChargeShareDomain
import DispatchOptimizer
import Foundation
import Testing

/// |a − b| ≤ absolute + relative·max(|a|, |b|).
func isClose(_ a: Double, _ b: Double, absolute: Double = 1e-6, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

/// Element-wise `isClose`.
func isClose(_ a: [Double], _ b: [Double], absolute: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, absolute: absolute) }
}

/// Builders for small hand-computed problems: 1-hour intervals from midnight, one feeder "F".
enum Small {
    static let midnight = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!

    static func at(hour: Double) -> Timestamp {
        midnight.adding(milliseconds: Int64(hour * 3_600_000))
    }

    static func problem(
        intervals: Int, importPrice: Series, exportPrice: Series = .constant(0), feederLimit: Series? = nil,
        feederExportLimit: Series = .constant(0), sites: [Site], chargers: [Charger], sessions: [Session],
        degradation: Double = 0, tieBreak: TieBreak = .earliest
    ) -> DispatchProblem {
        DispatchProblem(
            windowId: "test", start: midnight, intervalMinutes: 60, intervals: intervals,
            prices: Prices(importPerKwh: importPrice, exportPerKwh: exportPrice), degradationCostPerKwh: degradation,
            feeders: [Feeder(id: "F", importLimitKw: feederLimit, exportLimitKw: feederExportLimit)],
            sites: sites, chargers: chargers, sessions: sessions, tieBreak: tieBreak
        )
    }

    static func site(
        _ id: String = "H", base: Series = .constant(0), pv: Series = .constant(0), limit: Series? = nil,
        exportLimit: Series = .constant(0), demandCharge: Double = 0
    ) -> Site {
        Site(
            id: id, feederId: "F", importLimitKw: limit, exportLimitKw: exportLimit, baseLoadKw: base, pvKw: pv,
            demandChargePerKw: demandCharge)
    }

    static func charger(
        _ id: String = "C", site: String = "H", charge: Double = 7, discharge: Double = 0,
        efficiency: Double = 1
    ) -> Charger {
        Charger(
            id: id, siteId: site, maxChargeKw: charge, maxDischargeKw: discharge,
            chargeEfficiency: efficiency, dischargeEfficiency: efficiency)
    }

    static func session(
        _ id: String = "S", charger: String = "C", from: Double, to: Double, battery: Double = 60,
        initial: Double = 10, target: Double, minimum: Double = 0, v2g: Bool = false
    ) -> Session {
        Session(
            id: id, chargerId: charger, transactionId: "tx-\(id)", arrival: at(hour: from), departure: at(hour: to),
            batteryKwh: battery, initialKwh: initial, targetKwh: target, minKwh: minimum, v2g: v2g)
    }

    /// Solves `problem` and checks the invariants every result must meet.
    static func solve(_ problem: DispatchProblem, options: DispatchOptions = DispatchOptions()) throws -> DispatchResult {
        let result = try Dispatcher(options: options).dispatch(problem)
        Invariants.check(result, problem)
        return result
    }
}

/// Properties of every dispatch result, whatever the problem.
enum Invariants {
    static func check(_ r: DispatchResult, _ p: DispatchProblem, sourceLocation: SourceLocation = #_sourceLocation) {
        let o = r.objective
        #expect(
            isClose(o.total, o.importCost - o.exportRevenue + o.demandCharges + o.degradationCost + o.unmetPenalty + o.violationPenalty),
            sourceLocation: sourceLocation)
        for (k, site) in r.sites.enumerated() {
            let spec = p.sites[k]
            for t in 0..<p.intervals {
                #expect(min(site.importKw[t], site.exportKw[t]) == 0, "site \(site.id) imports and exports in \(t)", sourceLocation: sourceLocation)
                if let limit = spec.importLimitKw?[t] {
                    #expect(
                        site.importKw[t] <= limit + site.limitViolationKw[t] + 1e-6, "site \(site.id) over its limit in \(t)",
                        sourceLocation: sourceLocation)
                }
                #expect(site.exportKw[t] <= spec.exportLimitKw[t] + 1e-6, sourceLocation: sourceLocation)
                #expect(site.curtailedPvKw[t] <= spec.pvKw[t] + 1e-9, sourceLocation: sourceLocation)
            }
        }
        for (f, feeder) in r.feeders.enumerated() {
            for t in 0..<p.intervals {
                if let limit = p.feeders[f].importLimitKw?[t] {
                    #expect(
                        feeder.netImportKw[t] <= limit + feeder.limitViolationKw[t] + 1e-6, "feeder over its limit in \(t)",
                        sourceLocation: sourceLocation)
                }
                #expect(-feeder.netImportKw[t] <= p.feeders[f].exportLimitKw[t] + 1e-6, sourceLocation: sourceLocation)
                #expect(feeder.congestionPricePerKwh[t] >= 0, sourceLocation: sourceLocation)
            }
        }
        for (s, schedule) in r.sessions.enumerated() {
            let run = p.usableIntervals(of: p.sessions[s])
            for t in 0..<p.intervals {
                #expect(
                    min(schedule.chargeKw[t], schedule.dischargeKw[t]) <= 1e-6, "session \(schedule.id) charges and discharges in \(t)",
                    sourceLocation: sourceLocation)
                if !run.contains(t) {
                    #expect(schedule.chargeKw[t] == 0 && schedule.dischargeKw[t] == 0, sourceLocation: sourceLocation)
                }
            }
            #expect(schedule.finalKwh <= p.sessions[s].batteryKwh + 1e-6, sourceLocation: sourceLocation)
        }
        for profile in r.chargingProfiles {
            guard let s = r.sessions.firstIndex(where: { $0.id == profile.sessionId }) else {
                Issue.record("profile for unknown session", sourceLocation: sourceLocation)
                continue
            }
            let replayed = profile.replay(windowStart: p.start, intervalSeconds: p.intervalMinutes * 60, count: p.intervals)
            let net = zip(r.sessions[s].chargeKw, r.sessions[s].dischargeKw).map { $0 - $1 }
            #expect(
                isClose(replayed, net, absolute: 0.001), "profile of \(profile.sessionId) does not replay to its schedule",
                sourceLocation: sourceLocation)
        }
    }
}
