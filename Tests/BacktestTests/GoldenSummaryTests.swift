import Backtest
import ChargeShareDatasets
import ChargeShareDomain
import Foundation
import Testing
import TestSupport

/// Golden file: the JSON summary of a one-week Caltech sweep, every policy at two limits, with the
/// decision times written as 0 (the only figures that change between runs). Guards the
/// backtested behaviour through refactors: any change in a policy, the replay or the metrics
/// shows up here. Re-record with `CHARGESHARE_RECORD_GOLDEN=1 swift test --filter GoldenSummaryTests`
/// and review the diff before committing it.
@Suite("Golden one-week backtest summary")
struct GoldenSummaryTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/caltech-week-summary.json")

    @Test("Caltech 3–10 June 2019, 20 and 40 kW, estimated departures: the summary JSON matches its golden copy")
    func caltechWeek() throws {
        let sessions = try SessionFile.load(path: Fixtures.path("acn/caltech_2019-05-01_2019-08-31.csv"))
        func config(_ limit: Double) -> ReplayConfig {
            ReplayConfig(
                feederLimitKw: limit, timeZone: "America/Los_Angeles", from: Fixtures.time("2019-06-03T07:00:00Z"),
                to: Fixtures.time("2019-06-10T07:00:00Z"))
        }
        let sweep = try BacktestSweep(
            sessions: sessions, configs: [config(20), config(40)], prices: .flat(0.2), currency: "EUR",
            policies: [.lp, .uncontrolled, .edf, .llf, .roundRobin, .offlineOptimal])
        let output = BacktestSummary.json(try sweep.run(), sweep: true, solveTimes: false) + "\n"
        if ProcessInfo.processInfo.environment["CHARGESHARE_RECORD_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: Self.golden)
        }
        let expected = String(decoding: try Data(contentsOf: Self.golden), as: UTF8.self)
        #expect(output == expected, "the week's summary differs from its golden copy (re-record with CHARGESHARE_RECORD_GOLDEN=1)")
    }
}
