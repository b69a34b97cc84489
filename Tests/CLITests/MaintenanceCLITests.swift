import ChargeShareDomain
import Foundation
import Testing

/// `chargeshare maintenance`: the simulator's files through `registry import` and `ingest`, a
/// model trained and evaluated on them, and alerts that reach the next dispatch problem.
@Suite("chargeshare maintenance simulate | train | evaluate | score", .serialized)
struct MaintenanceCLITests {
    /// A model that gives every charger the same risk: intercept logit(risk), all slopes 0.
    static func constantModel(risk: Double, threshold: Double = 0.5) throws -> String {
        let logit = log(risk / (1 - risk))
        let text = """
            {"format": "chargeshare-maintenance-model", "formatVersion": 2, "engineVersion": "test",
             "features": ["heat_rise", "heat_vs_fleet", "heat_trend", "sag_rise", "fault_rate", "delivery_shortfall"],
             "lookbackDays": 28, "horizonDays": 28,
             "model": {"kind": "logistic", "intercept": \(logit), "coefficients": [0, 0, 0, 0, 0, 0], "lambda": 1, "featureMeans": [0, 0, 0, 0, 0, 0]},
             "alert": {"threshold": \(threshold), "deratedShare": 0.5, "outOfServiceThreshold": 0.9}, "training": {}, "metrics": {}}
            """
        return try ProblemAssembleCLITests.write(text, name: "model-\(risk).json")
    }

    @Test("An alert caps the charger in the next assembled problem; a high risk takes it out with its session")
    func alertsReachTheDispatchProblem() throws {
        // The bundled example, plus a session the day before on F0-H0-C only: the one charger with
        // recent data, so the only one whose scores are recorded.
        let before = [
            ProblemAssembleCLITests.transaction(
                "old-1", station: "CS-F0-H0", tx: "old", type: "Started", seq: 100, time: "2026-05-31T08:00:00Z", registerWh: 0),
            ProblemAssembleCLITests.transaction(
                "old-2", station: "CS-F0-H0", tx: "old", type: "Ended", seq: 101, time: "2026-05-31T09:00:00Z", registerWh: 5000),
        ]
        let example = try String(contentsOfFile: "Datasets/examples/telemetry.jsonl", encoding: .utf8)
        let db = try ProblemAssembleCLITests.database(
            telemetry: example + (example.hasSuffix("\n") ? "" : "\n") + before.joined(separator: "\n") + "\n")
        let prices = try ProblemAssembleCLITests.write(#"{"importPerKwh": 0.25, "exportPerKwh": 0.05}"#, name: "prices.json")
        func assemble() throws -> (CLITests.Run, JSONValue) {
            let out = RegistryCLITests.temporary() + "/problem.json"
            let r = try CLITests.run([
                "problem", "assemble", "--db", db, "--feeder", "F0", "--start", "2026-06-01T10:00:00Z", "--intervals", "32", "--prices", prices,
                "--out", out, "--json",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            return (r, try JSONReader.parse(Array(try Data(contentsOf: URL(fileURLWithPath: out))), options: .engine))
        }
        // Risk 0.7 ≥ the 0.5 threshold, below 0.9: every charger at half its rating.
        let score = try CLITests.run([
            "maintenance", "score", "--db", db, "--model", try Self.constantModel(risk: 0.7), "--as-of", "2026-06-01T00:00:00Z", "--json",
        ])
        #expect(score.status == 0, "\(score.stderr)")
        let scored = try JSONReader.parse(Array(score.stdout.utf8))
        #expect(scored["asOf"] == .string("2026-06-01T00:00:00Z"))
        let first = try #require(scored["chargers"]?.arrayValue?.first)
        #expect(first["chargerId"] == .string("F0-H0-C") && first["alert"] == .bool(true) && first["maxChargeKw"] == .number(3.7))
        #expect(abs((first["risk"]?.doubleValue ?? 0) - 0.7) < 1e-12)
        #expect(scored["chargers"]?.arrayValue?.count == 6)
        #expect(scored["chargers"]?.arrayValue?.map { $0["recentData"] } == [.bool(true)] + Array(repeating: .bool(false), count: 5))
        let (capped, problem) = try assemble()
        #expect(
            capped.stdout.contains(
                #""derated":[{"chargerId":"F0-H0-C","maxKw":3.7,"reason":"maintenance alert scored 2026-06-01T00:00:00Z, failure risk 0.7"}"#),
            "\(capped.stdout)")
        let charger = try #require(problem["chargers"]?.arrayValue?.first { $0["id"] == .string("F0-H0-C") })
        #expect(charger["maxChargeKw"] == .number(3.7) && charger["maxDischargeKw"] == .number(3.7))
        // The silent chargers' scores were not recorded: they keep their rating.
        #expect(problem["chargers"]?.arrayValue?.filter { $0["maxChargeKw"] == .number(3.7) }.count == 1)
        #expect(capped.stderr.contains("derated: charger \"F0-H0-C\" capped at 3.7 kW: maintenance alert scored 2026-06-01T00:00:00Z"))
        let out = RegistryCLITests.temporary() + "/capped.json"
        try JSONWriter().bytes(problem).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: out)) }
        let solved = try CLITests.run(["dispatch", "--problem", out, "--quiet"])
        #expect(solved.status == 0, "\(solved.stderr)")
        let result = try JSONReader.parse(Array(solved.stdout.utf8), options: .engine)
        let session = try #require(result["sessions"]?.arrayValue?.first)
        // Eight hours at ≤ 3.7 kW still deliver the 20 kWh asked for, never faster than the cap
        // (uncapped, the cheapest schedule at a flat price charges at the full 7.4 kW first).
        #expect(abs((session["finalKwh"]?.doubleValue ?? 0) - 20) < 1e-6)
        let powers = session["chargeKw"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        #expect(powers.count == 32 && powers.allSatisfy { $0 <= 3.7 + 1e-9 } && powers.contains { $0 > 3.6 })

        // A rescore of the same day at risk 0.95 replaces it: out of service, the session excluded.
        let out2 = try CLITests.run([
            "maintenance", "score", "--db", db, "--model", try Self.constantModel(risk: 0.95), "--as-of", "2026-06-01T00:00:00Z",
        ])
        #expect(
            out2.status == 0
                && out2.stderr.contains("6 charger(s) scored as of 2026-06-01T00:00:00Z; 6 alert(s); 5 without recent data (not recorded)"),
            "\(out2.stderr)")
        let (removed, problem2) = try assemble()
        #expect(problem2["chargers"]?.arrayValue?.count == 5 && problem2["sessions"]?.arrayValue?.isEmpty == true)
        #expect(
            removed.stdout.contains(
                #""message":"charger \"F0-H0-C\" is out of service: maintenance alert scored 2026-06-01T00:00:00Z, failure risk 0.95""#),
            "\(removed.stdout)")

        // A later score below the threshold (after a repair) clears the alert; --dry-run records nothing.
        let dry = try CLITests.run([
            "maintenance", "score", "--db", db, "--model", try Self.constantModel(risk: 0.1), "--as-of", "2026-06-01T06:00:00Z", "--dry-run",
        ])
        #expect(dry.status == 0)
        #expect(try assemble().1["chargers"]?.arrayValue?.count == 5)
        let cleared = try CLITests.run([
            "maintenance", "score", "--db", db, "--model", try Self.constantModel(risk: 0.1), "--as-of", "2026-06-01T06:00:00Z",
        ])
        #expect(cleared.status == 0)
        // The rescore is dated the same UTC midnight, so it replaces the alert.
        #expect(try assemble().1["chargers"]?.arrayValue?.count == 6)
    }

    @Test("simulate → registry import → ingest → train → evaluate, and a bad model or labels file is refused by path")
    func simulateTrainEvaluate() throws {
        let dir = RegistryCLITests.temporary()
        let sim = try CLITests.run([
            "maintenance", "simulate", "--out", dir, "--chargers", "18", "--days", "50", "--seed", "11", "--failure-share", "0.5",
        ])
        #expect(sim.status == 0, "\(sim.stderr)")
        let db = dir + "/engine.sqlite"
        #expect(try CLITests.run(["registry", "import", "--db", db, "--file", dir + "/registry.json"]).status == 0)
        let ingest = try CLITests.run([
            "ingest", "--db", db, "--file", dir + "/telemetry.jsonl", "--received", "2026-06-01T00:00:00Z", "--no-progress", "--json",
        ])
        #expect(ingest.status == 0 && ingest.stdout.contains(#""rejected":0"#), "\(ingest.stdout)")
        let model = dir + "/model.json"
        let train = try CLITests.run(["maintenance", "train", "--db", db, "--labels", dir + "/labels.json", "--out", model, "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        let evaluate = try CLITests.run(["maintenance", "evaluate", "--db", db, "--labels", dir + "/labels.json", "--model", model, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let figures = try JSONReader.parse(Array(evaluate.stdout.utf8))
        // Evaluated on its own training run, with the threshold chosen there: the figures match the file's.
        let trained = try JSONReader.parse(Array(try Data(contentsOf: URL(fileURLWithPath: model))))
        #expect(trained["metrics"]?["training"] == figures)
        #expect(figures["chargers"] == .integer(18) && (figures["failures"]?.doubleValue ?? 0) >= 1)

        let bad = try ProblemAssembleCLITests.write(
            try String(contentsOfFile: model, encoding: .utf8).replacingOccurrences(of: "\"heat_trend\"", with: "\"heat_slope\""), name: "bad.json")
        let refused = try CLITests.run(["maintenance", "score", "--db", db, "--model", bad])
        #expect(refused.status == 2 && refused.stderr.contains("features: must be heat_rise, heat_vs_fleet, heat_trend"), "\(refused.stderr)")
        let labels = try ProblemAssembleCLITests.write(
            #"{"start": "2026-03-02T00:00:00Z", "days": 50, "chargers": [{"chargerId": "nope"}]}"#, name: "l.json")
        let unknown = try CLITests.run(["maintenance", "evaluate", "--db", db, "--labels", labels, "--model", model])
        #expect(unknown.status == 2 && unknown.stderr.contains("names charger(s) the registry of"), "\(unknown.stderr)")
    }
}
