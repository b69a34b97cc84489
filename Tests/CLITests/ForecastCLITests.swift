import ChargeShareDomain
import Foundation
import Testing

/// `chargeshare forecast`: the shipped models score the bundled data as their files say, a
/// mismatched model is refused by path, and predict prints the next hours.
@Suite("chargeshare forecast train | evaluate | predict")
struct ForecastCLITests {
    static func path(_ relative: String) -> String { CLITests.root.appendingPathComponent(relative).path }

    @Test(arguments: ["caltech", "jpl"])
    func shippedModelsMeetTheTargetsOnTheirData(site: String) throws {
        let model = Self.path("Models/demand/\(site).json")
        let run = try CLITests.run([
            "forecast", "evaluate", "--model", model, "--sessions", Self.path("Datasets/acn/\(site)_2019-05-01_2019-08-31.csv"), "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let score = try JSONReader.parse(Array(last.utf8))
        let recorded = try JSONReader.parse(Array(try Data(contentsOf: URL(fileURLWithPath: model))))["metrics"]
        // The file's figures are what evaluate gives on the training data, and they meet the targets.
        #expect(score["mase"] == recorded?["mase"] && score["mae"] == recorded?["mae"])
        #expect((score["mase"]?.doubleValue ?? 9) <= 0.85)
        #expect((score["worstHorizonRatioToBestNaive"]?.doubleValue ?? 9) <= 1)
        #expect(score["origins"] == .integer(94) && score["forecasts"] == .integer(2256))
    }

    @Test func trainWritesAModelThatEvaluatesTheSame() throws {
        let out = NSTemporaryDirectory() + "/forecast-\(UUID().uuidString)/caltech.json"
        let sessions = Self.path("Datasets/acn/caltech_2019-05-01_2019-08-31.csv")
        let train = try CLITests.run(["forecast", "train", "--sessions", sessions, "--site", "caltech", "--out", out, "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: Self.path("Models/demand/caltech.json"))))
    }

    @Test func aMismatchedModelIsRefusedWithItsPath() throws {
        let dir = NSTemporaryDirectory() + "/forecast-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Self.path("Models/demand/jpl.json"), encoding: .utf8).replacingOccurrences(
            of: "\"formatVersion\": 1", with: "\"formatVersion\": 7")
        try text.write(toFile: dir + "/m.json", atomically: true, encoding: .utf8)
        let run = try CLITests.run([
            "forecast", "evaluate", "--model", dir + "/m.json", "--sessions", Self.path("Datasets/acn/jpl_2019-05-01_2019-08-31.csv"),
        ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("m.json: formatVersion: is 7; this engine (chargeshare-forecasting 1.0) reads version 1"), "\(run.stderr)")
    }

    @Test func predictPrintsTheNextHoursFromTheHistoryBeforeTheDay() throws {
        let run = try CLITests.run([
            "forecast", "predict", "--model", Self.path("Models/demand/caltech.json"), "--sessions",
            Self.path("Datasets/acn/caltech_2019-05-01_2019-08-31.csv"), "--day", "2019-08-05", "--hours", "24", "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONReader.parse(Array(run.stdout.utf8))
        #expect(json["start"]?.stringValue == "2019-08-05T07:00:00Z")
        let labels = json["localHours"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(labels.first == "2019-08-05T00:00" && labels.last == "2019-08-05T23:00" && labels.count == 24)
        let values = json["energyKwh"]?.arrayValue ?? []
        let kwh = values.compactMap { $0.doubleValue }
        #expect(kwh.count == 24)
        // A Monday at a workplace garage: nothing at 03:00, a daytime peak.
        #expect(kwh[3] < 1 && (kwh.max() ?? 0) > 15, "\(kwh)")
        let none = try CLITests.run([
            "forecast", "predict", "--model", Self.path("Models/demand/caltech.json"), "--sessions",
            Self.path("Datasets/acn/caltech_2019-05-01_2019-08-31.csv"), "--day", "2019-05-01",
        ])
        #expect(none.status == 2 && none.stderr.contains("no history before 2019-05-01"))
    }
}
