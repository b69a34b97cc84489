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
    ///
    /// A violation column is bounded by what uncontrollable load forces with no EV charging:
    /// 0 ≤ vs ≤ baseLoad − pv − importLimit. EVs can never add to it, whatever the penalties and
    /// prices (spec §2: violations are the minimum possible); V2G discharge may still lower it.
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
            columns.peakColumn = addColumn(ModelKey(.peak, k), cost: site.demandChargePerKw).index
        }
        var peakStart = PeakStart()
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
                let gi = addColumn(
                    ModelKey(.siteImport, k, t), upperBound: forced ? .infinity : (limit ?? .infinity), cost: hours * importPrice[t]
                )
                let ge = addColumn(ModelKey(.siteExport, k, t), upperBound: exportLimit, cost: -hours * exportPrice[t])
                columns.importColumn[t] = gi.index
                columns.exportColumn[t] = ge.index
                var balance: [(LinearProgram.ColumnID, Double)] = [(gi, 1), (ge, -1)]
                if pv > 0 {
                    let curt = addColumn(ModelKey(.curtailment, k, t), upperBound: pv)
                    columns.curtailColumn[t] = curt.index
                    balance.append((curt, -1))
                }
                balance += charge[t].map { ($0.0, -1.0) }
                balance += discharge[t].map { ($0.0, 1.0) }
                let balanceRow = addRow(ModelKey(.balanceRow, k, t), terms: balance, lowerBound: base - pv, upperBound: base - pv)
                hintStart(balanceRow, gi: gi, ge: ge, curtail: columns.curtailColumn[t], net: base - pv, exportLimit: exportLimit)
                if forced, let limit {
                    let vs = addColumn(ModelKey(.siteViolation, k, t), upperBound: base - pv - limit, cost: penalty)
                    columns.violationColumn[t] = vs.index
                    let row = addRow(ModelKey(.siteLimitRow, k, t), terms: [(gi, 1), (vs, -1)], upperBound: limit)
                    model.lp.hintBasic(vs, in: row)
                } else if let limit {
                    maxImport = min(maxImport, limit)
                }
                netTerms = [(gi, 1), (ge, -1)]
                accumulator.minImport[t] += max(base - pv, -exportLimit)
                accumulator.maxExport[t] += min(exportLimit, max(0, pv + maxDischarge[t] - base))
                if columns.peakColumn >= 0 {
                    let row = addRow(ModelKey(.peakRow, k, t), terms: [(LinearProgram.ColumnID(columns.peakColumn), 1), (gi, -1)], lowerBound: 0)
                    peakStart.note(row, importKw: max(0, base - pv))
                }
            } else {
                model.lp.objectiveConstant += hours * importPrice[t] * base
                netTerms = charge[t]
                netConstant = base
                if let limit {
                    if base > limit {
                        let vs = addColumn(ModelKey(.siteViolation, k, t), upperBound: base - limit, cost: penalty)
                        columns.violationColumn[t] = vs.index
                        let row = addRow(ModelKey(.siteLimitRow, k, t), terms: charge[t] + [(vs, -1)], upperBound: limit - base)
                        model.lp.hintBasic(vs, in: row)
                    } else {
                        if maxImport > limit {
                            addRow(ModelKey(.siteLimitRow, k, t), terms: charge[t], upperBound: limit - base)
                        }
                        maxImport = min(maxImport, limit)
                    }
                }
                accumulator.minImport[t] += base
                if columns.peakColumn >= 0 {
                    let row = addRow(
                        ModelKey(.peakRow, k, t), terms: [(LinearProgram.ColumnID(columns.peakColumn), 1)] + charge[t].map { ($0.0, -1.0) },
                        lowerBound: base
                    )
                    peakStart.note(row, importKw: base)
                }
            }
            accumulator.terms[t] += netTerms
            accumulator.constant[t] += netConstant
            accumulator.maxImport[t] += maxImport
        }
        if let row = peakStart.row { model.lp.hintBasic(LinearProgram.ColumnID(columns.peakColumn), in: row) }
        model.sites[k] = columns
    }

    /// The basic column of site balance row `row` at the no-EV start: gi = base − pv when that is
    /// an import; else ge = pv − base when the site may export that much; else ge at its limit
    /// and the rest curtailed.
    private mutating func hintStart(
        _ row: LinearProgram.RowID, gi: LinearProgram.ColumnID, ge: LinearProgram.ColumnID, curtail: Int,
        net: Double, exportLimit: Double
    ) {
        if net >= 0 {
            model.lp.hintBasic(gi, in: row)
        } else if -net <= exportLimit || curtail < 0 {
            model.lp.hintBasic(ge, in: row)
        } else {
            model.lp.hintAtUpperBound(ge)
            model.lp.hintBasic(LinearProgram.ColumnID(curtail), in: row)
        }
    }

    /// Limit rows of feeder f, from the sums gathered while its sites were added.
    ///
    /// Import: Σ_sites (gi − ge) ≤ importLimit (+ vf where the sites' uncontrollable minimum is above
    /// the limit, with 0 ≤ vf ≤ that minimum − importLimit, so EVs never add to a forced violation),
    /// only where the sites can reach the limit. Export: Σ_sites (ge − gi) ≤ exportLimit,
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
                    let vf = addColumn(ModelKey(.feederViolation, f, t), upperBound: accumulator.minImport[t] - limit, cost: penalty)
                    rows.violationColumn[t] = vf.index
                    let row = addRow(ModelKey(.feederImportRow, f, t), terms: terms + [(vf, -1)], upperBound: limit - constant)
                    model.lp.hintBasic(vf, in: row)
                    rows.importRow[t] = row.index
                } else if accumulator.maxImport[t] > limit {
                    rows.importRow[t] = addRow(ModelKey(.feederImportRow, f, t), terms: terms, upperBound: limit - constant).index
                }
            }
            let exportLimit = feeder.exportLimitKw[t]
            if accumulator.maxExport[t] > exportLimit {
                addRow(ModelKey(.feederExportRow, f, t), terms: terms, lowerBound: -exportLimit - constant)
            }
        }
        model.feederRows[f] = rows
        accumulator = FeederAccumulator(intervals: T)
    }
}

/// The peak row where a site's import is highest at the no-EV start: the peak column is basic
/// there, every other peak row keeps its slack.
struct PeakStart {
    private(set) var row: LinearProgram.RowID?
    private var importKw = -Double.infinity

    mutating func note(_ row: LinearProgram.RowID, importKw: Double) {
        guard importKw > self.importKw else { return }
        self.row = row
        self.importKw = importKw
    }
}
