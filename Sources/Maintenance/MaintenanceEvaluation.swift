public import ChargeShareDomain

/// Alerts as an operator sees them, scored against known failures (docs/maintenance.md,
/// "Evaluation"). Every charger is scored at each UTC midnight from day `firstScoredDay` on; its
/// first score at or above the threshold is its alert.
///
/// - A failed charger is **detected** when its alert came at least `minimumLeadDays` and at most
///   `maximumLeadDays` before the failure. Recall = detected / failures eligible (those at least
///   `firstScoredDay + minimumLeadDays` days into the run, so a detection was possible).
/// - An alert is **true** when the charger fails within `maximumLeadDays` after it (however
///   late). Precision = true alerts / alerts.
/// - Lead time = failure − alert, over detected chargers.
public struct MaintenanceEvaluation: Sendable, Equatable {
    public static let firstScoredDay = 14
    public static let minimumLeadDays = 7.0
    public static let maximumLeadDays = 60.0

    public var chargers: Int
    public var failures: Int
    public var eligibleFailures: Int
    public var alerts: Int
    public var trueAlerts: Int
    public var detected: Int
    /// Lead times of detected chargers, days, ascending.
    public var leadDays: [Double]

    public var precision: Double { alerts == 0 ? 0 : Double(trueAlerts) / Double(alerts) }
    public var recall: Double { eligibleFailures == 0 ? 0 : Double(detected) / Double(eligibleFailures) }
    public var medianLeadDays: Double? { leadDays.isEmpty ? nil : DailyFeatures.median(leadDays) }

    /// Daily risks of every charger of `history` (`risks[c][k]` for the score at the start of day
    /// `firstScoredDay + k`), up to the failure of a charger that failed.
    public static func dailyRisks(_ model: MaintenanceModel, history: FleetHistory, failures: [String: Timestamp]) -> [[Double]] {
        dailyFeatures(history: history, failures: failures).map { $0.map(model.regression.probability) }
    }

    /// The features behind `dailyRisks`, in the same layout (`features[c][k]`).
    public static func dailyFeatures(history: FleetHistory, failures: [String: Timestamp]) -> [[[Double]]] {
        var out = [[[Double]]](repeating: [], count: history.chargers.count)
        guard history.dayCount > firstScoredDay else { return out }
        for d in firstScoredDay..<history.dayCount {
            let time = history.time(ofDay: d)
            for (c, features) in history.features(asOfDay: d).enumerated() {
                if let f = failures[history.chargers[c].chargerId], f <= time { continue }
                out[c].append(features)
            }
        }
        return out
    }

    /// The evaluation of `threshold` on daily `risks` from `dailyRisks`.
    public static func evaluate(risks: [[Double]], threshold: Double, history: FleetHistory, failures: [String: Timestamp]) -> MaintenanceEvaluation {
        var out = MaintenanceEvaluation(
            chargers: history.chargers.count, failures: 0, eligibleFailures: 0, alerts: 0, trueAlerts: 0, detected: 0, leadDays: [])
        let eligibleFrom = history.time(ofDay: firstScoredDay).adding(milliseconds: Int64(minimumLeadDays * 86_400_000))
        for (c, charger) in history.chargers.enumerated() {
            let failure = failures[charger.chargerId]
            if let failure, failure <= history.time(ofDay: history.dayCount) {
                out.failures += 1
                if failure >= eligibleFrom { out.eligibleFailures += 1 }
            }
            guard let k = risks[c].firstIndex(where: { $0 >= threshold }) else { continue }
            out.alerts += 1
            guard let failure else { continue }
            let lead = Double(failure.millisecondsSinceEpoch - history.time(ofDay: firstScoredDay + k).millisecondsSinceEpoch) / 86_400_000
            if lead <= maximumLeadDays { out.trueAlerts += 1 }
            if lead >= minimumLeadDays, lead <= maximumLeadDays, failure >= eligibleFrom {
                out.detected += 1
                out.leadDays.append(lead)
            }
        }
        out.leadDays.sort()
        return out
    }

    /// Adds another run's counts (lead times merged).
    public mutating func add(_ other: MaintenanceEvaluation) {
        chargers += other.chargers
        failures += other.failures
        eligibleFailures += other.eligibleFailures
        alerts += other.alerts
        trueAlerts += other.trueAlerts
        detected += other.detected
        leadDays = (leadDays + other.leadDays).sorted()
    }

    /// The figures as JSON.
    public var json: JSONValue {
        .object([
            ("precision", .number(precision)), ("recall", .number(recall)), ("chargers", .integer(chargers)), ("failures", .integer(failures)),
            ("eligibleFailures", .integer(eligibleFailures)), ("alerts", .integer(alerts)), ("trueAlerts", .integer(trueAlerts)),
            ("detected", .integer(detected)), ("medianLeadDays", medianLeadDays.map { .number($0) } ?? .null),
            ("minimumLeadDays", leadDays.first.map { .number($0) } ?? .null),
        ])
    }
}
