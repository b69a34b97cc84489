import ChargeShareDomain
import Foundation

/// The printed summary of a backtest: a header line, the table, and the JSON line.
public enum BacktestSummary {
    /// `N sessions from T, S steps of M min; prices: …` for the replay behind `outcome`.
    public static func header(_ outcome: PolicyOutcome) -> String {
        let fleet = outcome.replay.fleet, config = outcome.replay.config
        return
            "\(fleet.entries.count) sessions from \(fleet.time(ofStep: 0, config: config)), \(fleet.steps) steps of \(config.intervalMinutes) min; prices: \(outcome.replay.prices.label)"
    }

    /// The summary table, one row per (limit, policy), columns aligned.
    public static func text(_ outcomes: [PolicyOutcome]) -> String {
        let header = ["limit kW", "policy", "energy %", "served %", "cost", "peak kW", "viol.", "viol. kWh", "V2G kWh", "median ms", "p99 ms"]
        var rows = [header]
        for o in outcomes {
            let s = o.summary, m = s.metrics
            rows.append([
                fmt(o.replay.config.feederLimitKw, 1), o.policy, fmt(m.energyDeliveredPct, 2), fmt(m.sessionsServedPct, 2),
                fmt(m.cost, 2), fmt(m.peakKw, 1), String(m.violations), fmt(m.violationKwh, 2), fmt(m.dischargedKwh, 1),
                fmt(s.medianSolveMs, 2), fmt(s.p99SolveMs, 2),
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 1 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `{"policies": {...}}` for the last limit; a sweep adds `"sweep": [{"limitKw": x, "policies": {...}}]`.
    /// - Parameter solveTimes: `false` writes the decision times as 0, for comparisons across runs.
    public static func json(_ byLimit: [[PolicyOutcome]], sweep: Bool, solveTimes: Bool = true) -> String {
        func policies(_ outcomes: [PolicyOutcome]) -> JSONValue {
            .object(
                outcomes.map { o in
                    let s = o.summary, m = s.metrics
                    return (
                        o.policy,
                        .object([
                            ("energyDeliveredPct", .number(round6(m.energyDeliveredPct))),
                            ("sessionsServedPct", .number(round6(m.sessionsServedPct))),
                            ("cost", .number(round6(m.cost))), ("peakKw", .number(round6(m.peakKw))), ("violations", .integer(m.violations)),
                            ("violationKwh", .number(round6(m.violationKwh))),
                            ("medianSolveMs", .number(solveTimes ? round6(s.medianSolveMs) : 0)),
                            ("p99SolveMs", .number(solveTimes ? round6(s.p99SolveMs) : 0)), ("v2gKwh", .number(round6(m.dischargedKwh))),
                            ("v2gRevenue", .number(round6(o.v2gRevenue))),
                        ])
                    )
                })
        }
        var fields: [(String, JSONValue)] = [("policies", policies(byLimit.last ?? []))]
        if sweep {
            fields.append(
                (
                    "sweep",
                    .array(
                        byLimit.map { outcomes in
                            .object([("limitKw", .number(outcomes.first?.replay.config.feederLimitKw ?? 0)), ("policies", policies(outcomes))])
                        })
                ))
        }
        return JSONWriter().string(.object(fields))
    }

    static func round6(_ d: Double) -> Double { (d * 1e6).rounded() / 1e6 }

    static func fmt(_ d: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", d) }
}
