import ChargeShareDomain
import LinearProgramming

/// Per-interval sums over a feeder's sites, gathered while its sites are added.
struct FeederAccumulator {
    /// Terms of Σ_sites (gi − ge), with substituted sites contributing their Σ pc.
    var terms: [[(LinearProgram.ColumnID, Double)]]
    /// Constant part of the feeder's net import (base load of substituted sites).
    var constant: [Double]
    /// Largest and smallest net import the sites can reach without V2G, and the largest export.
    var maxImport: [Double]
    var minImport: [Double]
    var maxExport: [Double]

    init(intervals: Int) {
        terms = Array(repeating: [], count: intervals)
        constant = Array(repeating: 0, count: intervals)
        maxImport = Array(repeating: 0, count: intervals)
        minImport = Array(repeating: 0, count: intervals)
        maxExport = Array(repeating: 0, count: intervals)
    }
}

extension FeederModelBuilder {
    /// Flow columns and rows of site k, for every interval.
    ///
    /// Where the site can export: gi − ge − curt − Σ pc + Σ pd = baseLoad − pv (balance),
    /// 0 ≤ curt ≤ pv, ge ≤ exportLimit, gi ≤ importLimit as a bound, or gi − vs ≤ importLimit
    /// where baseLoad − pv > importLimit forces a violation. Costs Δh·(importPrice·gi − exportPrice·ge).
    ///
    /// Elsewhere gi = baseLoad + Σ pc (no columns; its cost sits on pc and the objective constant)
    /// and the import limit is the row Σ pc (− vs) ≤ importLimit − baseLoad, only if it can bind.
    /// With a demand charge: peak ≥ gi[t] for every t.
    mutating func addSite(_ k: Int) {
        let site = problem.sites[k]
        let T = problem.intervals
        let capable = exportCapable[k] ?? []
        let importPrice = index.importPrice[k]
        let exportPrice = index.exportPrice[k]
        let penalty = hours * problem.limitViolationPenaltyPerKwh
        var columns = FeederModel.SiteColumns(
            importColumn: Array(repeating: -1, count: T), exportColumn: Array(repeating: -1, count: T),
            curtailColumn: Array(repeating: -1, count: T), violationColumn: Array(repeating: -1, count: T)
        )
        if site.demandChargePerKw > 0 {
            columns.peakColumn = model.lp.addColumn("peak_k\(k)", cost: site.demandChargePerKw).index
        }
        var charge = Array(repeating: [(LinearProgram.ColumnID, Double)](), count: T)
        var discharge = Array(repeating: [(LinearProgram.ColumnID, Double)](), count: T)
        var maxCharge = Array(repeating: 0.0, count: T)
        var maxDischarge = Array(repeating: 0.0, count: T)
        for s in index.sessionsOfSite[k] {
            guard let c = model.sessions[s] else { continue }
            let plan = index.plans[s]
            for (j, t) in plan.run.enumerated() {
                charge[t].append((LinearProgram.ColumnID(c.charge + j), 1))
                maxCharge[t] += plan.maxChargeKw
                if c.discharge >= 0 {
                    discharge[t].append((LinearProgram.ColumnID(c.discharge + j), -1))
                    maxDischarge[t] += plan.maxDischargeKw
                }
            }
        }
        for t in 0..<T {
            let base = site.baseLoadKw[t]
            let pv = site.pvKw[t]
            let limit = site.importLimitKw?[t]
            let exportLimit = site.exportLimitKw[t]
            var netTerms: [(LinearProgram.ColumnID, Double)]
            var netConstant = 0.0
            var maxImport = base + maxCharge[t]
            if capable[t] {
                let forced = limit.map { base - pv > $0 } ?? false
                let gi = model.lp.addColumn(
                    "gi_k\(k)_t\(t)", upperBound: forced ? .infinity : (limit ?? .infinity), cost: hours * importPrice[t]
                )
                let ge = model.lp.addColumn("ge_k\(k)_t\(t)", upperBound: exportLimit, cost: -hours * exportPrice[t])
                columns.importColumn[t] = gi.index
                columns.exportColumn[t] = ge.index
                var balance: [(LinearProgram.ColumnID, Double)] = [(gi, 1), (ge, -1)]
                if pv > 0 {
                    let curt = model.lp.addColumn("curt_k\(k)_t\(t)", upperBound: pv)
                    columns.curtailColumn[t] = curt.index
                    balance.append((curt, -1))
                }
                balance += charge[t].map { ($0.0, -1.0) }
                balance += discharge[t].map { ($0.0, 1.0) }
                model.lp.addRow("bal_k\(k)_t\(t)", terms: balance, lowerBound: base - pv, upperBound: base - pv)
                if forced, let limit {
                    let vs = model.lp.addColumn("vs_k\(k)_t\(t)", cost: penalty)
                    columns.violationColumn[t] = vs.index
                    model.lp.addRow("simp_k\(k)_t\(t)", terms: [(gi, 1), (vs, -1)], upperBound: limit)
                } else if let limit {
                    maxImport = min(maxImport, limit)
                }
                netTerms = [(gi, 1), (ge, -1)]
                accumulator.minImport[t] += max(base - pv, -exportLimit)
                accumulator.maxExport[t] += min(exportLimit, max(0, pv + maxDischarge[t] - base))
                if columns.peakColumn >= 0 {
                    model.lp.addRow("peak_k\(k)_t\(t)", terms: [(LinearProgram.ColumnID(columns.peakColumn), 1), (gi, -1)], lowerBound: 0)
                }
            } else {
                model.lp.objectiveConstant += hours * importPrice[t] * base
                netTerms = charge[t]
                netConstant = base
                if let limit {
                    if base > limit {
                        let vs = model.lp.addColumn("vs_k\(k)_t\(t)", cost: penalty)
                        columns.violationColumn[t] = vs.index
                        model.lp.addRow("simp_k\(k)_t\(t)", terms: charge[t] + [(vs, -1)], upperBound: limit - base)
                    } else {
                        if maxImport > limit {
                            model.lp.addRow("simp_k\(k)_t\(t)", terms: charge[t], upperBound: limit - base)
                        }
                        maxImport = min(maxImport, limit)
                    }
                }
                accumulator.minImport[t] += base
                if columns.peakColumn >= 0 {
                    model.lp.addRow(
                        "peak_k\(k)_t\(t)", terms: [(LinearProgram.ColumnID(columns.peakColumn), 1)] + charge[t].map { ($0.0, -1.0) },
                        lowerBound: base
                    )
                }
            }
            accumulator.terms[t] += netTerms
            accumulator.constant[t] += netConstant
            accumulator.maxImport[t] += maxImport
        }
        model.sites[k] = columns
    }

    /// Limit rows of feeder f, from the sums gathered while its sites were added.
    ///
    /// Import: Σ_sites (gi − ge) ≤ importLimit (+ vf where the sites' uncontrollable minimum is above
    /// the limit), only where the sites can reach the limit. Export: Σ_sites (ge − gi) ≤ exportLimit,
    /// only where the sites can export that much. The import row's dual is the congestion price.
    mutating func addFeeder(_ f: Int) {
        let feeder = problem.feeders[f]
        let T = problem.intervals
        let penalty = hours * problem.limitViolationPenaltyPerKwh
        var rows = FeederModel.FeederRows(
            importRow: Array(repeating: -1, count: T), violationColumn: Array(repeating: -1, count: T)
        )
        for t in 0..<T {
            let terms = accumulator.terms[t]
            let constant = accumulator.constant[t]
            if let limit = feeder.importLimitKw?[t] {
                if accumulator.minImport[t] > limit {
                    let vf = model.lp.addColumn("vf_f\(f)_t\(t)", cost: penalty)
                    rows.violationColumn[t] = vf.index
                    rows.importRow[t] = model.lp.addRow(
                        "fimp_f\(f)_t\(t)", terms: terms + [(vf, -1)], upperBound: limit - constant
                    ).index
                } else if accumulator.maxImport[t] > limit {
                    rows.importRow[t] = model.lp.addRow("fimp_f\(f)_t\(t)", terms: terms, upperBound: limit - constant).index
                }
            }
            let exportLimit = feeder.exportLimitKw[t]
            if accumulator.maxExport[t] > exportLimit {
                model.lp.addRow("fexp_f\(f)_t\(t)", terms: terms, lowerBound: -exportLimit - constant)
            }
        }
        model.feederRows[f] = rows
        accumulator = FeederAccumulator(intervals: T)
    }
}
