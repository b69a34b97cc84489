import Backtest
import ChargeShareDatasets
import ChargeShareDomain
import Foundation
import Testing

/// `chargeshare backtest` and `generate sessions` through the real executable.
struct BacktestCLITests {
    static let caltech = "Datasets/acn/caltech_2019-05-01_2019-08-31.csv"

    static func temporaryDirectory() -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("chargeshare-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func jsonLastLineMatchesTheLibraryAndFilesAreWritten() throws {
        let out = Self.temporaryDirectory()
        let r = try CLITests.run([
            "backtest", "--sessions", Self.caltech, "--feeder-limit-kw", "25", "--policy", "lp,edf,offline-optimal",
            "--from", "2019-06-03", "--to", "2019-06-05", "--time-zone", "America/Los_Angeles", "--json", "--out", out, "--plots",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let last = try #require(r.stdout.split(separator: "\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let policies = try #require(json["policies"] as? [String: [String: Any]])
        #expect(Set(policies.keys) == ["lp", "edf", "offline-optimal"])

        // The same replay in-process: the CLI must report exactly these figures (rounded to 1e-6).
        let sessions = try SessionFile.load(path: CLITests.root.appendingPathComponent(Self.caltech).path)
        let from = try #require(Timestamp(rfc3339: "2019-06-03T07:00:00Z")), to = try #require(Timestamp(rfc3339: "2019-06-05T07:00:00Z"))
        let replay = try Replay(sessions: sessions, config: ReplayConfig(feederLimitKw: 25, timeZone: "America/Los_Angeles", from: from, to: to),
                                prices: .flat(0.2))
        for policy in [PolicyName.lp, .edf, .offlineOptimal] {
            let m = try Backtester(replay: replay, currency: "EUR").run(policy).summary.metrics
            let reported = try #require(policies[policy.rawValue])
            #expect(abs((reported["energyDeliveredPct"] as? Double ?? -1) - m.energyDeliveredPct) < 1e-6, "\(policy)")
            #expect(abs((reported["sessionsServedPct"] as? Double ?? -1) - m.sessionsServedPct) < 1e-6, "\(policy)")
            #expect(abs((reported["cost"] as? Double ?? -1) - m.cost) < 1e-6, "\(policy)")
            #expect(reported["violations"] as? Int == 0, "\(policy)")
            #expect(reported["violationKwh"] as? Double == 0, "\(policy)")
            #expect((reported["peakKw"] as? Double ?? 99) <= 25 + 1e-6, "\(policy)")
            #expect(reported["medianSolveMs"] is Double)
        }
        for file in ["summary.csv", "daily.csv", "sessions.csv", "steps.csv", "backtest.sqlite", "plots/load-vs-limit.svg",
                     "plots/price-vs-power.svg", "plots/sessions-served.svg"] {
            #expect(FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(file)), "\(file)")
        }
        #expect(r.stdout.contains("limit kW  policy"))
        // Without a terminal the progress bar prints a line every 10 % with elapsed time and ETA.
        #expect(r.stderr.contains("backtest: 0% elapsed "))
        #expect(r.stderr.contains(" s, ETA "))
        #expect(r.stderr.contains("backtest: 100% elapsed "))
        #expect(r.stderr.contains("backtest done in "))
    }

    @Test func noProgressSilencesTheBar() throws {
        let r = try CLITests.run(["backtest", "--sessions", Self.caltech, "--feeder-limit-kw", "25", "--policy", "edf",
                                  "--from", "2019-06-03", "--to", "2019-06-04", "--no-progress"])
        #expect(r.status == 0)
        #expect(!r.stderr.contains("backtest:"))
    }

    @Test func sweepAddsOneEntryPerLimitAndTheCurve() throws {
        let out = Self.temporaryDirectory()
        let r = try CLITests.run([
            "backtest", "sweep", "--sessions", Self.caltech, "--limits", "15,30", "--policy", "llf,uncontrolled",
            "--from", "2019-06-03", "--to", "2019-06-04", "--json", "--out", out, "--plots", "--no-progress",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let last = try #require(r.stdout.split(separator: "\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let sweep = try #require(json["sweep"] as? [[String: Any]])
        #expect(sweep.map { $0["limitKw"] as? Double } == [15, 30])
        let tight = try #require((sweep[0]["policies"] as? [String: [String: Any]])?["uncontrolled"])
        #expect((tight["violations"] as? Int ?? 0) > 0)
        #expect(FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent("plots/energy-vs-limit.svg")))
    }

    @Test func generatedSessionsReplayInTheExportFormat() throws {
        let out = Self.temporaryDirectory()
        let file = (out as NSString).appendingPathComponent("sessions.csv")
        let g = try CLITests.run(["generate", "sessions", "--days", "3", "--stations", "8", "--sessions-per-day", "12", "--seed", "7", "--out", file])
        #expect(g.status == 0, "\(g.stderr)")
        let first = try String(contentsOfFile: file, encoding: .utf8)
        let again = try CLITests.run(["generate", "sessions", "--days", "3", "--stations", "8", "--sessions-per-day", "12", "--seed", "7"])
        #expect(again.stdout == first)  // deterministic
        #expect(first.hasPrefix("sessionId,stationId,arrival,departure,estimatedDeparture,requestedKwh,deliveredKwh\n"))
        let r = try CLITests.run(["backtest", "--sessions", file, "--feeder-limit-kw", "20", "--policy", "lp,round-robin", "--json", "--no-progress"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").last?.hasPrefix("{\"policies\":{\"lp\":{\"energyDeliveredPct\":") == true)
    }

    @Test func badInputsExitTwoAndSayWhere() throws {
        let unknown = try CLITests.run(["backtest", "--sessions", Self.caltech, "--feeder-limit-kw", "20", "--policy", "lp,fifo"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown policy \"fifo\""))

        let out = Self.temporaryDirectory()
        let file = (out as NSString).appendingPathComponent("bad.csv")
        try "sessionId,stationId,arrival,departure,estimatedDeparture,requestedKwh,deliveredKwh\ns1,A,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z,2026-03-02T09:00:00Z,5,5\ns2,B,2026-03-02T08:00:00Z,yesterday,2026-03-02T09:00:00Z,5,5\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try CLITests.run(["backtest", "--sessions", file, "--feeder-limit-kw", "20", "--policy", "lp"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.csv:3: column \"departure\": expected an RFC 3339 time, got \"yesterday\""))

        let plots = try CLITests.run(["backtest", "--sessions", Self.caltech, "--feeder-limit-kw", "20", "--policy", "lp", "--plots"])
        #expect(plots.status != 0)
        #expect(plots.stderr.contains("--plots needs --out DIR"))
    }
}
