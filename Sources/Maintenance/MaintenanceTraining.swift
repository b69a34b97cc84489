public import ChargeShareDomain
public import LinearAlgebra

/// Fits a `MaintenanceModel` on labelled runs (docs/maintenance.md, "Training").
public enum MaintenanceTraining {
    /// One labelled run: a fleet's daily features and its failures, with the labels file's hash.
    public struct Run: Sendable {
        public var history: FleetHistory
        public var failures: [String: Timestamp]
        public var labelsSHA256: String

        public init(history: FleetHistory, failures: [String: Timestamp], labelsSHA256: String) {
            self.history = history
            self.failures = failures
            self.labelsSHA256 = labelsSHA256
        }
    }

    /// Days ahead a failure makes a training example positive.
    public static let horizonDays = 28
    /// L2 penalty on the standardised coefficients.
    public static let lambda = 1.0
    /// The alert threshold is the one with the best recall among those whose precision on the
    /// training runs reaches this (above the 0.7 target, for margin on unseen fleets).
    public static let precisionFloor = 0.75

    /// The examples of `runs`: one per charger and scored day before its failure; label 1 when it
    /// fails within `horizonDays` after the score.
    public static func examples(_ runs: [Run]) -> (x: [[Double]], y: [Double]) {
        var x: [[Double]] = [], y: [Double] = []
        for run in runs where run.history.dayCount > MaintenanceEvaluation.firstScoredDay {
            for d in MaintenanceEvaluation.firstScoredDay..<run.history.dayCount {
                let time = run.history.time(ofDay: d), end = time.adding(milliseconds: Int64(horizonDays) * 86_400_000)
                for (c, features) in run.history.features(asOfDay: d).enumerated() {
                    let failure = run.failures[run.history.chargers[c].chargerId]
                    if let failure, failure <= time { continue }
                    x.append(features)
                    y.append(failure.map { $0 <= end ? 1 : 0 } ?? 0)
                }
            }
        }
        return (x, y)
    }

    /// Fits the regression, picks the alert threshold on the same runs, and records the training
    /// data and figures.
    /// - Throws: `LinearAlgebraError` when there are no examples or LAPACK fails.
    public static func train(_ runs: [Run]) throws(LinearAlgebraError) -> MaintenanceModel {
        let (x, y) = examples(runs)
        guard !x.isEmpty else {
            throw .dimensionMismatch("maintenance training: no examples (runs need more than \(MaintenanceEvaluation.firstScoredDay) days)")
        }
        let regression = try nonNegativeFit(x, y)
        var means = [Double](repeating: 0, count: RiskFeatures.names.count)
        for row in x { for j in means.indices { means[j] += row[j] / Double(x.count) } }
        var model = MaintenanceModel(
            regression: regression, featureMeans: means, alertThreshold: 0.5, horizonDays: horizonDays, training: .object([]), metrics: .object([]))
        let risks = runs.map { MaintenanceEvaluation.dailyRisks(model, history: $0.history, failures: $0.failures) }
        var best: (threshold: Double, evaluation: MaintenanceEvaluation)?
        for step in 5...95 {
            let threshold = Double(step) / 100
            let evaluation = combined(runs, risks: risks, threshold: threshold)
            guard evaluation.precision >= precisionFloor else { continue }
            // Best recall; at equal recall the better precision, then the higher threshold (fewer chargers derated).
            if best.map({ (evaluation.recall, evaluation.precision) >= ($0.evaluation.recall, $0.evaluation.precision) }) ?? true {
                best = (threshold, evaluation)
            }
        }
        let rule =
            best == nil
            ? "no threshold reached precision \(precisionFloor) on the training runs: 0.5 used"
            : "best recall (lead ≥ \(Int(MaintenanceEvaluation.minimumLeadDays)) d) with precision ≥ \(precisionFloor) on the training runs; ties to the better precision, then the higher threshold"
        let chosen = best ?? (0.5, combined(runs, risks: risks, threshold: 0.5))
        model.alertThreshold = chosen.threshold
        model.outOfServiceThreshold = max(model.outOfServiceThreshold, chosen.threshold)
        let text = x.enumerated().map { i, row in row.map { JSONWriter.format($0) }.joined(separator: ",") + ";\(Int(y[i]))" }.joined(separator: "\n")
        let days = runs.map(\.history.dayCount).reduce(0, +)
        model.training = .object([
            (
                "runs",
                .array(
                    runs.map { r in
                        .object([
                            ("labelsSha256", .string(r.labelsSHA256)), ("firstDay", .string(r.history.firstDay.rfc3339Seconds)),
                            ("days", .integer(r.history.dayCount)), ("chargers", .integer(r.history.chargers.count)),
                            ("failures", .integer(r.failures.count)),
                        ])
                    })
            ),
            ("chargerDays", .integer(days)), ("examples", .integer(x.count)), ("positives", .integer(Int(y.reduce(0, +)))),
            ("examplesSha256", .string(MaintenanceModel.sha256Hex(Array(text.utf8)))), ("lambda", .number(lambda)),
            ("iterations", .integer(regression.iterations)),
        ])
        model.metrics = .object([
            ("training", chosen.evaluation.json),
            (
                "thresholdRule", .string(rule)
            ),
        ])
        return model
    }

    /// The fit with every coefficient ≥ 0: each feature is defined so that a larger value means a
    /// worse charger, so a negative weight can only be the training simulator's quirk (its
    /// derating lowers `Power.Offered` with the current, say). Features that come out negative are
    /// zeroed and the rest refitted, until none is (at most one pass per feature).
    static func nonNegativeFit(_ x: [[Double]], _ y: [Double]) throws(LinearAlgebraError) -> LogisticRegression {
        var dropped = Set<Int>()
        while true {
            let rows = x.map { row in row.enumerated().map { dropped.contains($0.offset) ? 0 : $0.element } }
            let fit = try LogisticRegression.fit(try Matrix(rows: rows), y, lambda: lambda)
            let negative = fit.coefficients.indices.filter { fit.coefficients[$0] < 0 && !dropped.contains($0) }
            if negative.isEmpty { return fit }
            dropped.formUnion(negative)
        }
    }

    /// The evaluation of `threshold` over all runs together.
    static func combined(_ runs: [Run], risks: [[[Double]]], threshold: Double) -> MaintenanceEvaluation {
        var total = MaintenanceEvaluation(chargers: 0, failures: 0, eligibleFailures: 0, alerts: 0, trueAlerts: 0, detected: 0, leadDays: [])
        for (run, r) in zip(runs, risks) {
            total.add(MaintenanceEvaluation.evaluate(risks: r, threshold: threshold, history: run.history, failures: run.failures))
        }
        return total
    }
}
