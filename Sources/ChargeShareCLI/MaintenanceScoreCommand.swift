import ArgumentParser
import ChargeShareDomain
import Maintenance
import Store

/// `chargeshare maintenance score`: every registered charger's failure risk as of a day.
struct MaintenanceScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every registered charger's failure risk from the 28 days of stored telemetry before --as-of, and record the scores.",
        discussion: """
            Prints {"asOf", "model", "chargers": [{"chargerId", "risk", "alert", "maxChargeKw", "topFeatures", "recentData"}]}. \
            Scores are recorded in the database (one per charger and day; a rescore replaces it) unless --dry-run or the \
            charger reported nothing in the last 4 days (recentData false): a charger's latest recorded score, when an alert, \
            caps it in every dispatch problem assembled after it, until a later score clears it (docs/maintenance.md). \
            Exit codes: 0 scored; 2 bad arguments, input or model; 1 the store failed.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Engine database.", valueName: "file")) var db: String
    @Option(name: .long, help: ArgumentHelp("Model file (Models/maintenance/*.json).", valueName: "file")) var model: String
    @Option(name: .long, help: ArgumentHelp("Score as of this time (rounded down to UTC midnight); default now.", valueName: "RFC 3339"))
    var asOf: String?
    @Flag(name: .long, help: "Print the scores as one JSON object.") var json = false
    @Flag(name: .long, help: "Do not record the scores.") var dryRun = false

    func run() throws {
        var time = SystemWallClock().now
        if let asOf {
            guard let t = Timestamp(rfc3339: asOf) else { throw ValidationError("--as-of must be an RFC 3339 time, got \"\(asOf)\"") }
            time = t
        }
        let day = time.utcMidnight
        let file = try MaintenanceInput.model(model)
        let store = try MaintenanceInput.store(db)
        let (chargers, scores, informed) = try IO.failingWithExitOne {
            let chargers = MaintainedCharger.all(try store.registry())
            let first = day.adding(milliseconds: -Int64(RiskFeatures.lookbackDays) * 86_400_000)
            let history = try FleetHistory.load(store, chargers: chargers, firstDay: first, dayCount: RiskFeatures.lookbackDays)
            let features = history.features(asOfDay: RiskFeatures.lookbackDays)
            let informed = chargers.indices.map { history.hasRecentData(charger: $0, asOfDay: RiskFeatures.lookbackDays) }
            return (chargers, zip(chargers, features).map { file.score($1, ratingKw: $0.maxChargeKw) }, informed)
        }
        if !dryRun {
            // A charger that reported nothing lately is not recorded: its last score, an alert
            // included, stays in force (a silent charger is not a repaired one).
            let records = zip(chargers, scores).enumerated().filter { informed[$0.offset] }.map(\.element).map { c, s in
                MaintenanceScore(
                    chargerId: c.chargerId, asOf: day, risk: s.risk, alert: s.alert, maxChargeKw: s.maxChargeKw,
                    topFeatures: JSONWriter().string(Self.json(s.topFeatures)), model: file.id)
            }
            try IO.failingWithExitOne { try store.recordMaintenanceScores(records) }
        }
        let out: JSONValue = .object([
            ("asOf", .string(day.rfc3339Seconds)), ("model", .string(file.id)),
            (
                "chargers",
                .array(
                    zip(chargers, scores).enumerated().map { i, pair in
                        let (c, s) = pair
                        return .object([
                            ("chargerId", .string(c.chargerId)), ("risk", .number(s.risk)), ("alert", .bool(s.alert)),
                            ("maxChargeKw", s.maxChargeKw.map { .number($0) } ?? .null), ("topFeatures", Self.json(s.topFeatures)),
                            ("recentData", .bool(informed[i])),
                        ])
                    })
            ),
        ])
        if json {
            IO.print(JSONWriter().string(out))
        } else {
            let alerted = zip(chargers, scores).filter { $1.alert }
            let silent = informed.count { !$0 }
            IO.printLines(
                "\(chargers.count) charger(s) scored as of \(day.rfc3339Seconds); \(alerted.count) alert(s); \(silent) without recent data (not recorded)"
            )
            for (c, s) in alerted {
                let why = s.topFeatures.map { "\($0.feature) \(JSONWriter.format($0.value))" }.joined(separator: ", ")
                IO.printLines(
                    "  \(c.chargerId): risk \(String(format: "%.3f", s.risk)), cap \(s.maxChargeKw.map { JSONWriter.format($0) } ?? "-") kW (\(why))")
            }
        }
    }

    static func json(_ parts: [MaintenanceModel.Contribution]) -> JSONValue {
        .array(
            parts.map {
                .object([("feature", .string($0.feature)), ("value", .number($0.value)), ("contribution", .number($0.logOdds))])
            })
    }
}
