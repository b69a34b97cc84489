import ChargeShareDomain
import Foundation
import Store
import TestSupport
import Testing

@testable import Maintenance

@Suite("Alerts in force, evaluation by hand, the non-negative fit")
struct AlertsAndEvaluationTests {
    static let day0 = Timestamp(rfc3339: "2026-03-02T00:00:00Z")!
    static func day(_ d: Int) -> Timestamp { day0.adding(milliseconds: Int64(d) * 86_400_000) }

    static func score(_ id: String, _ d: Int, alert: Bool) -> MaintenanceScore {
        MaintenanceScore(
            chargerId: id, asOf: day(d), risk: alert ? 0.8 : 0.1, alert: alert, maxChargeKw: alert ? 3.7 : nil, topFeatures: "[]", model: "m")
    }

    @Test("The latest score at or before the time decides; a later clear ends an alert; silence does not")
    func alertsInForce() throws {
        let store = try SQLiteStore(path: Fixtures.temporaryDirectory() + "/engine.sqlite", schema: .engine)
        try store.recordMaintenanceScores([Self.score("a", 0, alert: true), Self.score("b", 0, alert: true), Self.score("b", 2, alert: false)])
        #expect(try store.maintenanceAlerts(at: Self.day(0).adding(milliseconds: -1)).isEmpty, "nothing scored yet")
        #expect(try store.maintenanceAlerts(at: Self.day(1)).map(\.chargerId) == ["a", "b"])
        // b is cleared by its day-2 score; a, never rescored, stays alerted 60 days on.
        #expect(try store.maintenanceAlerts(at: Self.day(2)).map(\.chargerId) == ["a"])
        #expect(try store.maintenanceAlerts(at: Self.day(60)).map(\.chargerId) == ["a"])
        // A rescore of the same day replaces it.
        try store.recordMaintenanceScores([Self.score("a", 0, alert: false)])
        #expect(try store.maintenanceAlerts(at: Self.day(60)).isEmpty)
        let alert = try #require(try store.maintenanceAlerts(at: Self.day(1)).first { $0.chargerId == "b" })
        #expect(alert == Self.score("b", 0, alert: true))
    }

    /// A 40-day fleet of four chargers (no telemetry needed: `evaluate` reads risks and times).
    static func history() -> FleetHistory {
        let chargers = ["ok", "early", "late", "false"].map {
            MaintainedCharger(chargerId: $0, station: StationEVSE(stationId: $0, evseId: 1), maxChargeKw: 7.4)
        }
        return FleetHistory(chargers: chargers, firstDay: day0, days: Array(repeating: Array(repeating: DailyFeatures(), count: 40), count: 4))
    }

    @Test("Evaluation by hand: detected needs 7 to 60 days' lead, a true alert needs a failure within 60 days")
    func evaluation() {
        let h = Self.history()
        // Scores from day 14: "early" alerts on day 20 and fails on day 30 (lead 10); "late" alerts
        // on day 25 and fails on day 29 (lead 4: true, not detected); "false" alerts and never fails.
        let failures = ["early": Self.day(30), "late": Self.day(29)]
        var risks = [[Double]](repeating: Array(repeating: 0.1, count: 26), count: 4)
        risks[1] = Array(repeating: 0.1, count: 6) + Array(repeating: 0.9, count: 10)  // days 14…29 before its failure
        risks[2] = Array(repeating: 0.1, count: 11) + Array(repeating: 0.9, count: 4)
        risks[3][20] = 0.95
        let e = MaintenanceEvaluation.evaluate(risks: risks, threshold: 0.5, history: h, failures: failures)
        #expect(e.failures == 2 && e.eligibleFailures == 2 && e.alerts == 3 && e.trueAlerts == 2 && e.detected == 1)
        #expect(abs(e.precision - 2.0 / 3) < 1e-12 && e.recall == 0.5 && e.leadDays == [10])
        // At 0.92 only the false alarm remains.
        let strict = MaintenanceEvaluation.evaluate(risks: risks, threshold: 0.92, history: h, failures: failures)
        #expect(strict.alerts == 1 && strict.trueAlerts == 0 && strict.precision == 0 && strict.recall == 0)
        // A failure before day 21 (14 + 7) is not eligible: no 7-day lead was possible.
        let tooSoon = MaintenanceEvaluation.evaluate(risks: risks, threshold: 0.5, history: h, failures: ["early": Self.day(20)])
        #expect(tooSoon.failures == 1 && tooSoon.eligibleFailures == 0)
    }

    @Test("The fit keeps every coefficient ≥ 0: a feature that comes out negative is zeroed and the rest refitted")
    func nonNegative() throws {
        // Two independent features on a 20 × 20 grid; label 1 when a − b/2 > 0.3: b carries a negative weight.
        var x: [[Double]] = [], y: [Double] = []
        for i in 0..<400 {
            let a = Double(i % 20) / 19, b = Double(i / 20) / 19
            x.append([a, b])
            y.append(a - b / 2 > 0.3 ? 1 : 0)
        }
        let free = try LogisticRegressionProbe.fit(x, y)
        #expect(free.coefficients[1] < 0, "the unconstrained fit gives the second feature a negative weight")
        let fit = try MaintenanceTraining.nonNegativeFit(x, y)
        #expect(fit.coefficients[1] == 0 && fit.coefficients[0] > 0)
    }
}

import LinearAlgebra

/// The unconstrained fit, for comparison.
enum LogisticRegressionProbe {
    static func fit(_ x: [[Double]], _ y: [Double]) throws -> LogisticRegression {
        try LogisticRegression.fit(try Matrix(rows: x), y, lambda: MaintenanceTraining.lambda)
    }
}
