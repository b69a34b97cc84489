import ChargeShareDomain
import Foundation
import LinearAlgebra
import Synthetic
import TestSupport
import Testing

@testable import Maintenance

@Suite("Maintenance model files and labels")
struct MaintenanceModelFileTests {
    static let model = MaintenanceModel(
        regression: LogisticRegression(intercept: -4, coefficients: [2, 0.5, 1, 0.01, 1.5, 2], lambda: 1),
        featureMeans: [0.1, 0, 0.05, 1, 0.02, 0.01], alertThreshold: 0.4, horizonDays: 28,
        training: .object([("examples", .integer(10))]), metrics: .object([]))

    static func bytes(_ json: JSONValue) -> [UInt8] { JSONWriter(indent: 2).bytes(json) }

    static func edited(_ edit: (inout [(key: String, value: JSONValue)]) -> Void) -> [UInt8] {
        guard case .object(var members) = model.json else { return [] }
        edit(&members)
        return bytes(.object(members))
    }

    static func replacing(_ key: String, with value: JSONValue) -> [UInt8] {
        edited { members in
            if let i = members.firstIndex(where: { $0.key == key }) { members[i].value = value }
        }
    }

    @Test func roundTrips() throws {
        #expect(try MaintenanceModel.read(Self.bytes(Self.model.json)) == Self.model)
    }

    @Test("A mismatched or malformed file is refused with the path and the reason")
    func refusals() throws {
        let cases: [([UInt8], String, String)] = [
            (Self.replacing("format", with: .string("chargeshare-demand-model")), "format", "not a maintenance model"),
            (Self.replacing("formatVersion", with: .integer(1)), "formatVersion", "reads version 2"),
            (Self.replacing("features", with: .array([.string("heat_rise")])), "features", "this engine's features"),
            (Self.replacing("lookbackDays", with: .integer(14)), "lookbackDays", "read 28 days"),
            (Self.replacing("horizonDays", with: .integer(0)), "horizonDays", "1 to 365"),
            (Self.replacing("engineVersion", with: .integer(1)), "engineVersion", "is required"),
            (Self.replacing("training", with: .array([])), "training", "must be an object"),
        ]
        for (bytes, path, message) in cases {
            let error = #expect(throws: InvalidProblem.self) { try MaintenanceModel.read(bytes) }
            #expect(error?.issues.contains { $0.path == path && $0.message.contains(message) } == true, "\(path): \(error?.issues ?? [])")
        }
        guard case .object(var modelPart) = Self.model.json["model"] ?? .null else { Issue.record("no model part"); return }
        modelPart[2].value = .array([.number(1), .number(2)])
        let short = #expect(throws: InvalidProblem.self) { try MaintenanceModel.read(Self.replacing("model", with: .object(modelPart))) }
        #expect(short?.issues.map(\.path) == ["model.coefficients"])
        let alert: JSONValue = .object([("threshold", .number(0.8)), ("deratedShare", .number(1.5)), ("outOfServiceThreshold", .number(0.5))])
        let bad = #expect(throws: InvalidProblem.self) { try MaintenanceModel.read(Self.replacing("alert", with: alert)) }
        #expect(bad?.issues.map(\.path) == ["alert.deratedShare", "alert.outOfServiceThreshold"])
    }

    @Test("Seeded fuzz: byte edits never crash the reader; each answer is a model or issues with paths")
    func fuzz() {
        var mutator = Mutator(rng: SeededGenerator(seed: 1414))
        let base = Self.bytes(Self.model.json)
        for _ in 0..<2000 {
            do { _ = try MaintenanceModel.read(mutator.mutate(base)) } catch {
                #expect(!error.issues.isEmpty && error.issues.allSatisfy { !$0.path.isEmpty })
            }
        }
    }

    @Test("Scores: risk, alert, cap and the features that raise it")
    func score() {
        // log-odds = −4 + 2·0.6 + 0.5·0.2 + 1·0.3 + 0.01·10 + 1.5·0 + 2·0 = −2.3.
        let s = Self.model.score([0.6, 0.2, 0.3, 10, 0, 0], ratingKw: 7.4)
        #expect(abs(s.risk - 1 / (1 + exp(2.3))) < 1e-12)
        #expect(!s.alert && s.maxChargeKw == nil)
        #expect(s.topFeatures.map(\.feature) == ["heat_rise", "heat_trend", "heat_vs_fleet"])
        #expect(abs(s.topFeatures[0].logOdds - 2 * (0.6 - 0.1)) < 1e-12)
        let high = Self.model.score([2, 0, 0, 0, 0, 0], ratingKw: 7.4)  // log-odds 0: risk 0.5 ≥ 0.4
        #expect(high.alert && high.maxChargeKw == 3.7)
        let certain = Self.model.score([4, 0, 0, 0, 0, 0], ratingKw: 7.4)  // risk 0.98 ≥ 0.9: out of service
        #expect(certain.maxChargeKw == 0)
    }

    @Test("Labels: failures by charger, the run's span, and each bad entry by path")
    func labels() throws {
        let good = """
            {"start": "2026-03-02T00:00:00Z", "days": 30, "chargers": [{"chargerId": "a", "failedAt": "2026-03-20T04:05:00Z"}, {"chargerId": "b", "failedAt": null}]}
            """
        let labels = try FailureLabels.read(Array(good.utf8))
        #expect(labels.chargerIds == ["a", "b"] && labels.failures == ["a": Timestamp(rfc3339: "2026-03-20T04:05:00Z")!] && labels.days == 30)
        let bad = """
            {"start": "2026-03-02T01:00:00Z", "days": 0, "chargers": [{"chargerId": "a", "failedAt": 5}, {"chargerId": "a"}, {}]}
            """
        let error = #expect(throws: InvalidProblem.self) { try FailureLabels.read(Array(bad.utf8)) }
        #expect(error?.issues.map(\.path) == ["chargers[0].failedAt", "chargers[1].chargerId", "chargers[2].chargerId", "start", "days"])
    }
}
