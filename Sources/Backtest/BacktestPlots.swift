import ChargeShareDomain
import Foundation

/// The backtest's charts as SVG files, for users without Jupyter.
public enum BacktestPlots {
    /// Writes the charts into `directory` and returns their file names.
    ///
    /// - `load-vs-limit.svg`: each policy's feeder load on the busiest day against the limit;
    /// - `price-vs-power.svg`: the price and each policy's charging power over the same day;
    /// - `sessions-served.svg`: stay against demand for every session under the first policy,
    ///   served and unserved, with the station's power bound;
    /// - `energy-vs-limit.svg` (sweeps): energy delivered by policy across the limits.
    public static func write(byLimit: [[PolicyOutcome]], sweep: Bool, to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var charts: [(String, SVGChart)] = []
        let shown = sweep ? (byLimit.first ?? []) : (byLimit.last ?? [])
        if let first = shown.first {
            let day = busiestDay(first)
            charts.append(("load-vs-limit.svg", loadChart(shown, steps: day)))
            charts.append(("price-vs-power.svg", priceChart(shown, steps: day)))
            charts.append(("sessions-served.svg", sessionsChart(first)))
        }
        if sweep { charts.append(("energy-vs-limit.svg", sweepChart(byLimit))) }
        for (name, chart) in charts {
            try Data(chart.render().utf8).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)), options: .atomic)
        }
        return charts.map(\.0)
    }

    /// The 24 hours (from the step grid's time of day) with the most energy asked for by arriving cars.
    static func busiestDay(_ o: PolicyOutcome) -> Range<Int> {
        let perDay = Int(24 * 60 / o.replay.config.intervalMinutes)
        var demand: [Int: Double] = [:]
        for e in o.replay.fleet.entries { demand[e.arrivalStep / perDay, default: 0] += e.demandKwh }
        let day = demand.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 0
        return (day * perDay)..<min((day + 1) * perDay, o.replay.fleet.steps)
    }

    static func hours(_ o: PolicyOutcome, _ k: Int, from start: Int) -> Double {
        Double(k - start) * o.replay.config.intervalHours
    }

    static func loadChart(_ outcomes: [PolicyOutcome], steps: Range<Int>) -> SVGChart {
        guard let first = outcomes.first else { return SVGChart(title: "", xLabel: "", panels: []) }
        var series = outcomes.enumerated().map { i, o in
            SVGChart.Series(
                label: o.policy, points: steps.map { (hours(o, $0, from: steps.lowerBound), o.loadKw[$0]) },
                style: .steps, color: SVGChart.palette[i % SVGChart.palette.count])
        }
        let limit = first.replay.config.feederLimitKw
        series.append(
            SVGChart.Series(
                label: "limit", points: [(0, limit), (Double(steps.count) * first.replay.config.intervalHours, limit)],
                style: .dashed, color: "#000000"))
        let start = first.replay.fleet.time(ofStep: steps.lowerBound, config: first.replay.config)
        return SVGChart(
            title: "Feeder load against the \(SVGChart.label(limit)) kW limit, busiest day", xLabel: "hours from \(start)",
            panels: [SVGChart.Panel(yLabel: "load (kW)", series: series)])
    }

    static func priceChart(_ outcomes: [PolicyOutcome], steps: Range<Int>) -> SVGChart {
        guard let first = outcomes.first else { return SVGChart(title: "", xLabel: "", panels: []) }
        let price = SVGChart.Series(
            label: "import price", points: steps.map { (hours(first, $0, from: steps.lowerBound), first.replay.importPrices[$0]) },
            style: .steps, color: "#000000")
        let power = outcomes.enumerated().map { i, o in
            SVGChart.Series(
                label: o.policy, points: steps.map { (hours(o, $0, from: steps.lowerBound), o.loadKw[$0]) },
                style: .steps, color: SVGChart.palette[i % SVGChart.palette.count])
        }
        let start = first.replay.fleet.time(ofStep: steps.lowerBound, config: first.replay.config)
        return SVGChart(
            title: "Prices against charging power, busiest day", xLabel: "hours from \(start)",
            panels: [SVGChart.Panel(yLabel: "price per kWh", series: [price]), SVGChart.Panel(yLabel: "charging power (kW)", series: power)])
    }

    static func sessionsChart(_ o: PolicyOutcome) -> SVGChart {
        var served: [(x: Double, y: Double)] = []
        var unserved: [(x: Double, y: Double)] = []
        var longest = 0.0
        for (i, e) in o.replay.fleet.entries.enumerated() {
            let stay = Double(e.record.departure.millisecondsSinceEpoch - e.record.arrival.millisecondsSinceEpoch) / 3_600_000
            longest = max(longest, stay)
            if o.deliveredKwh[i] >= e.demandKwh - PolicyOutcome.servedToleranceKwh {
                served.append((stay, e.demandKwh))
            } else {
                unserved.append((stay, e.demandKwh))
            }
        }
        let kw = o.replay.config.chargerKw
        let maxDemand = o.replay.fleet.entries.map(\.demandKwh).max() ?? 0
        let boundEnd = min(longest, maxDemand / kw)
        return SVGChart(
            title: "Sessions under \(o.policy): served \(served.count), not served \(unserved.count)", xLabel: "stay (hours)",
            panels: [
                SVGChart.Panel(
                    yLabel: "energy wanted (kWh)",
                    series: [
                        SVGChart.Series(label: "served", points: served, style: .points, color: "#2ca02c"),
                        SVGChart.Series(label: "not served", points: unserved, style: .points, color: "#d62728"),
                        SVGChart.Series(
                            label: "\(SVGChart.label(kw)) kW × stay", points: [(0, 0), (boundEnd, boundEnd * kw)], style: .dashed, color: "#000000"),
                    ])
            ])
    }

    static func sweepChart(_ byLimit: [[PolicyOutcome]]) -> SVGChart {
        let policies = byLimit.first?.map(\.policy) ?? []
        let series = policies.enumerated().map { i, name in
            SVGChart.Series(
                label: name,
                points: byLimit.compactMap { outcomes in
                    outcomes.first { $0.policy == name }.map { ($0.replay.config.feederLimitKw, $0.summary.metrics.energyDeliveredPct) }
                }, color: SVGChart.palette[i % SVGChart.palette.count])
        }
        return SVGChart(
            title: "Energy delivered against the feeder limit", xLabel: "feeder limit (kW)",
            panels: [SVGChart.Panel(yLabel: "energy delivered (% of demand)", series: series, includesZero: false)])
    }
}
