import ChargeShareDatasets
import ChargeShareDomain
import Foundation
public import Store

extension ReportValue {
    /// The cell as a CSV field: text quoted where needed, reals rounded to 6 decimals.
    var csv: String {
        switch self {
        case .text(let s): SessionFile.csvField(s)
        case .integer(let i): String(i)
        case .real(let d): JSONWriter.format((d * 1e6).rounded() / 1e6)
        }
    }
}

/// Builds the tables of one replay (one feeder limit) for every policy run on it.
public enum ReportRows {
    public static func summary(_ outcomes: [PolicyOutcome]) -> ReportTable {
        ReportTable(
            name: "summary",
            columns: [
                "limit_kw", "policy", "energy_delivered_pct", "sessions_served_pct", "cost", "peak_kw", "violations",
                "violation_kwh", "v2g_kwh", "v2g_revenue", "median_solve_ms", "p99_solve_ms", "sessions", "requested_kwh", "delivered_kwh",
            ],
            rows: outcomes.map { o in
                let s = o.summary, m = s.metrics
                return [
                    .real(o.replay.config.feederLimitKw), .text(o.policy), .real(m.energyDeliveredPct), .real(m.sessionsServedPct),
                    .real(m.cost), .real(m.peakKw), .integer(m.violations), .real(m.violationKwh), .real(m.dischargedKwh),
                    .real(o.v2gRevenue), .real(s.medianSolveMs), .real(s.p99SolveMs), .integer(m.sessions),
                    .real(m.requestedKwh), .real(m.deliveredKwh),
                ]
            })
    }

    public static func daily(_ outcomes: [PolicyOutcome]) -> ReportTable {
        ReportTable(
            name: "daily",
            columns: [
                "limit_kw", "policy", "day", "sessions", "served", "requested_kwh", "delivered_kwh", "energy_delivered_pct",
                "cost", "peak_kw", "violations", "violation_kwh", "v2g_kwh",
            ],
            rows: outcomes.flatMap { o in
                o.daily.map { d in
                    let m = d.metrics
                    return [
                        .real(o.replay.config.feederLimitKw), .text(o.policy), .text(d.day), .integer(m.sessions), .integer(m.served),
                        .real(m.requestedKwh), .real(m.deliveredKwh), .real(m.energyDeliveredPct), .real(m.cost), .real(m.peakKw),
                        .integer(m.violations), .real(m.violationKwh), .real(m.dischargedKwh),
                    ]
                }
            })
    }

    public static func sessions(_ outcomes: [PolicyOutcome]) -> ReportTable {
        ReportTable(
            name: "sessions",
            columns: [
                "limit_kw", "policy", "session_id", "station_id", "arrival", "departure", "estimated_departure", "stay_hours",
                "demand_kwh", "delivered_kwh", "discharged_kwh", "served",
            ],
            rows: outcomes.flatMap { o in
                o.replay.fleet.entries.enumerated().map { i, e in
                    let r = e.record
                    let stay = Double(r.departure.millisecondsSinceEpoch - r.arrival.millisecondsSinceEpoch) / 3_600_000
                    return [
                        .real(o.replay.config.feederLimitKw), .text(o.policy), .text(r.id), .text(r.stationId), .text(r.arrival.description),
                        .text(r.departure.description), .text(r.estimatedDeparture.description), .real(stay), .real(e.demandKwh),
                        .real(o.deliveredKwh[i]), .real(o.dischargedKwh[i]),
                        .integer(o.deliveredKwh[i] >= e.demandKwh - PolicyOutcome.servedToleranceKwh ? 1 : 0),
                    ]
                }
            })
    }

    public static func steps(_ outcomes: [PolicyOutcome]) -> ReportTable {
        ReportTable(
            name: "steps", columns: ["limit_kw", "policy", "step", "time", "load_kw", "price_per_kwh"],
            rows: outcomes.flatMap { o in
                let replay = o.replay
                return (0..<replay.fleet.steps).map { k -> [ReportValue] in
                    [
                        .real(replay.config.feederLimitKw), .text(o.policy), .integer(k),
                        .text(replay.fleet.time(ofStep: k, config: replay.config).description),
                        .real(o.loadKw[k]), .real(replay.importPrices[k]),
                    ]
                }
            })
    }

    /// CSV text of a table with a header line.
    public static func csv(_ table: ReportTable) -> String {
        var out = table.columns.joined(separator: ",") + "\n"
        for row in table.rows { out += row.map(\.csv).joined(separator: ",") + "\n" }
        return out
    }
}
