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
        let replay = try Replay(
            sessions: sessions, config: ReplayConfig(feederLimitKw: 25, timeZone: "America/Los_Angeles", from: from, to: to),
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
        for file in [
            "summary.csv", "daily.csv", "sessions.csv", "steps.csv", "backtest.sqlite", "plots/load-vs-limit.svg",
            "plots/price-vs-power.svg", "plots/sessions-served.svg",
        ] {
            #expect(FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(file)), "\(file)")
        }
        #expect(r.stdout.contains("limit kW  policy"))
        // Without a terminal the progress bar prints a line every 10 % with count, rate, elapsed time and ETA.
        #expect(r.stderr.contains("backtest: 0% "))
        #expect(r.stderr.contains(" steps/s, elapsed "))
        #expect(r.stderr.contains(" s, ETA "))
        #expect(r.stderr.contains("backtest: 100% "))
        #expect(r.stderr.contains("backtest done in "))
    }

    @Test func noProgressSilencesTheBar() throws {
        let r = try CLITests.run([
            "backtest", "--sessions", Self.caltech, "--feeder-limit-kw", "25", "--policy", "edf",
            "--from", "2019-06-03", "--to", "2019-06-04", "--no-progress",
        ])
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
        try
            "sessionId,stationId,arrival,departure,estimatedDeparture,requestedKwh,deliveredKwh\ns1,A,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z,2026-03-02T09:00:00Z,5,5\ns2,B,2026-03-02T08:00:00Z,yesterday,2026-03-02T09:00:00Z,5,5\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try CLITests.run(["backtest", "--sessions", file, "--feeder-limit-kw", "20", "--policy", "lp"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.csv:3: column \"departure\": expected an RFC 3339 time, got \"yesterday\""))

        let plots = try CLITests.run(["backtest", "--sessions", Self.caltech, "--feeder-limit-kw", "20", "--policy", "lp", "--plots"])
        #expect(plots.status != 0)
        #expect(plots.stderr.contains("--plots needs --out DIR"))
    }

    /// Runs the executable from `directory` with extra environment variables (CLITests.run always uses the repository root).
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> CLITests.Run {
        let process = Process()
        process.executableURL = try CLITests.builtExecutable()
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Run(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static let oneDay = ["--sessions", caltech, "--from", "2019-06-03", "--to", "2019-06-04", "--no-progress"]

    @Test("Non-finite or absurd numbers are rejected up front with exit 2 (issue 10, item 7)")
    func numericOptions() throws {
        let cases: [([String], String)] = [
            (
                ["--feeder-limit-kw", "20", "--policy", "edf", "--flat-price", "nan"],
                "error: --flat-price must be a finite price within ±10000 per kWh; got nan"
            ),
            (
                ["--feeder-limit-kw", "20", "--policy", "edf", "--flat-price", "inf"],
                "error: --flat-price must be a finite price within ±10000 per kWh; got inf"
            ),
            (
                ["--feeder-limit-kw", "20", "--policy", "edf", "--flat-price=-20000"],
                "error: --flat-price must be a finite price within ±10000 per kWh; got -20000.0"
            ),
            (["--feeder-limit-kw", "nan", "--policy", "edf"], "error: --feeder-limit-kw must be a feeder limit in (0, 1e6] kW; got nan"),
            (["--feeder-limit-kw", "1e9", "--policy", "edf"], "error: --feeder-limit-kw must be a feeder limit in (0, 1e6] kW; got 1000000000.0"),
            (["--feeder-limit-kw", "20", "--policy", "edf", "--charger-kw", "inf"], "error: --charger-kw must be in (0, 1000] kW; got inf"),
            (
                ["--feeder-limit-kw", "20", "--policy", "edf", "--interval", "7m"],
                "error: --interval must be one of 1m, 5m, 10m, 15m, 20m, 30m, 60m; got \"7m\""
            ),
            (
                ["--feeder-limit-kw", "20", "--policy", "edf", "--horizon", "1m"],
                "error: --horizon must be a duration such as 12h or 90m covering 1 to 2880 steps of --interval; got \"1m\""
            ),
            (["--feeder-limit-kw", "20", "--policy", "edf", "--horizon", "3d", "--interval", "1m"], "covering 1 to 2880 steps"),
            (["--feeder-limit-kw", "20", "--policy", "lp", "--warm-start", "yes"], "error: --warm-start must be on or off; got \"yes\""),
            (["sweep", "--limits", "20,nan", "--policy", "edf"], "error: --limits must be a feeder limit in (0, 1e6] kW; got nan"),
            (["sweep", "--limits", "20,-5", "--policy", "edf"], "error: --limits must be a feeder limit in (0, 1e6] kW; got -5.0"),
            (
                ["sweep", "--limits", "20,,30", "--policy", "edf"],
                "error: --limits: expected feeder limits in kW separated by commas, got \"20,,30\""
            ),
            (
                ["sweep", "--limits", Array(repeating: "20", count: 101).joined(separator: ","), "--policy", "edf"],
                "error: --limits: at most 100 limits; got 101"
            ),
        ]
        for (arguments, message) in cases {
            let sweep = arguments.first == "sweep"
            let r = try CLITests.run(["backtest"] + (sweep ? ["sweep"] : []) + Self.oneDay + arguments.dropFirst(sweep ? 1 : 0))
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(arguments)")
        }
    }

    @Test("A failed SQLite write or chart leaves no CSV behind in --out (issue 10, item 6)")
    func failedOutputLeavesNothing() throws {
        let fm = FileManager.default
        // backtest.sqlite is a directory: SQLite cannot open it.
        let parent = Self.temporaryDirectory()
        let out = (parent as NSString).appendingPathComponent("run")
        try fm.createDirectory(atPath: (out as NSString).appendingPathComponent("backtest.sqlite"), withIntermediateDirectories: true)
        let r = try CLITests.run(["backtest"] + Self.oneDay + ["--feeder-limit-kw", "20", "--policy", "edf", "--out", out])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("error: writing \(out): "), "\(r.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: out) == ["backtest.sqlite"])
        #expect(try fm.contentsOfDirectory(atPath: parent) == ["run"])

        // plots is a regular file: the charts cannot go there.
        let other = (parent as NSString).appendingPathComponent("plotted")
        try fm.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: (other as NSString).appendingPathComponent("plots")))
        let p = try CLITests.run(["backtest"] + Self.oneDay + ["--feeder-limit-kw", "20", "--policy", "edf", "--out", other, "--plots"])
        #expect(p.status == 1, "\(p.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: other) == ["plots"])
        #expect(try fm.contentsOfDirectory(atPath: parent).sorted() == ["plotted", "run"])

        // A second run into a directory that worked appends and replaces every file.
        let good = (parent as NSString).appendingPathComponent("good")
        for _ in 0..<2 {
            let g = try CLITests.run(["backtest"] + Self.oneDay + ["--feeder-limit-kw", "20", "--policy", "edf", "--out", good, "--plots"])
            #expect(g.status == 0, "\(g.stderr)")
        }
        #expect(
            try fm.contentsOfDirectory(atPath: good).sorted() == [
                "backtest.sqlite", "daily.csv", "plots", "sessions.csv", "steps.csv", "summary.csv",
            ])
        #expect(try fm.contentsOfDirectory(atPath: parent).sorted() == ["good", "plotted", "run"])
    }

    @Test("Sessions or prices spanning millennia fail fast with the line, not gigabytes (issue 10, item 3)")
    func hugeSpansFailFast() throws {
        let dir = Self.temporaryDirectory()
        let header = "sessionId,stationId,arrival,departure,estimatedDeparture,requestedKwh,deliveredKwh\n"
        let late = (dir as NSString).appendingPathComponent("late.csv")
        try (header + "s1,A,2026-03-02T08:00:00Z,9999-12-31T23:00:00Z,2026-03-02T09:00:00Z,5,5\n").write(
            toFile: late, atomically: true, encoding: .utf8)
        let spread = (dir as NSString).appendingPathComponent("spread.csv")
        try
            (header
            + "s1,A,0001-01-01T08:00:00Z,0001-01-01T09:00:00Z,0001-01-01T09:00:00Z,5,5\ns2,A,9999-12-31T08:00:00Z,9999-12-31T09:00:00Z,9999-12-31T09:00:00Z,5,5\n")
            .write(toFile: spread, atomically: true, encoding: .utf8)
        let prices = (dir as NSString).appendingPathComponent("prices.csv")
        try "Country,Datetime (UTC),Datetime (Local),Price (EUR/MWhe)\nNL,0001-01-01 00:00:00,x,10\nNL,9999-12-31 23:00:00,x,10\n"
            .write(toFile: prices, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--sessions", late], "late.csv:2: session \"s1\": departure 9999-12-31T23:00:00Z is more than 168 hours (7 days) after arrival"),
            (
                ["--sessions", spread, "--interval", "1m"],
                "the sessions span 3652058 days, from the first arrival 0001-01-01T08:00:00Z to the last departure 9999-12-31T09:00:00Z; a replay covers at most 400 days"
            ),
            (
                ["--sessions", Self.caltech, "--prices", prices, "--from", "2019-06-03", "--to", "2019-06-04"],
                "prices.csv:3: hour 9999-12-31T23:00:00Z is 87649415 hours after the first hour"
            ),
        ]
        // 399 days of 1-minute steps under 20 limits: 11.5 million step results.
        let year = (dir as NSString).appendingPathComponent("year.csv")
        try
            (header
            + "s1,A,2026-01-01T08:00:00Z,2026-01-01T09:00:00Z,2026-01-01T09:00:00Z,5,5\ns2,A,2027-02-04T08:00:00Z,2027-02-04T09:00:00Z,2027-02-04T09:00:00Z,5,5\n")
            .write(toFile: year, atomically: true, encoding: .utf8)
        let limits = (1...20).map { "\($0 * 10)" }.joined(separator: ",")
        let sweep = try CLITests.run([
            "backtest", "sweep", "--sessions", year, "--interval", "1m", "--limits", limits, "--policy", "edf", "--no-progress",
        ])
        #expect(sweep.status == 2, "\(sweep.stderr)")
        #expect(sweep.stderr.contains("error: 574621 steps × 1 policies × 20 limits is more than 10000000 step results"), "\(sweep.stderr)")
        for (arguments, message) in cases {
            let started = ContinuousClock.now
            let r = try CLITests.run(["backtest", "--feeder-limit-kw", "20", "--policy", "edf", "--no-progress"] + arguments)
            #expect(ContinuousClock.now - started < .seconds(10), "\(arguments)")
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }

    @Test("generate sessions rejects dates that do not exist or fall outside 1900–9999 (issue 10, item 9)")
    func generateSessionsDates() throws {
        for day in ["2019-02-31", "2019-13-01", "2019-1-01", "0999-01-01", "1899-12-31", "10000-01-01", "9999-12-31", "2019-02-3é"] {
            let r = try CLITests.run(["generate", "sessions", "--first-day", day, "--days", "1"])
            #expect(r.status == 2, "\(day): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: --first-day: "), "\(day): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(day)")
        }
        let many = try CLITests.run(["generate", "sessions", "--days", "3660", "--sessions-per-day", "10000"])
        #expect(many.status == 2)
        #expect(many.stderr == "error: --sessions-per-day × --days must be at most 1000000 arrivals; got 36600000\n")
        let r = try CLITests.run(["generate", "sessions", "--first-day", "9999-12-20", "--days", "7"])
        #expect(r.stderr == "error: --first-day: the days must lie between 1900-01-01 and 9999-12-24; 9999-12-20 and 7 day(s) end on 9999-12-26\n")
        let leap = try CLITests.run(["generate", "sessions", "--first-day", "2024-02-29", "--days", "1", "--sessions-per-day", "3"])
        #expect(leap.status == 0, "\(leap.stderr)")
        #expect(leap.stdout.contains("elaad-20240229-000,"))
    }

    @Test("generate sessions finds Datasets/elaad from any working directory, or is told where (issue 10, item 9)")
    func generateSessionsElsewhere() throws {
        let elsewhere = Self.temporaryDirectory()
        let arguments = ["generate", "sessions", "--days", "2", "--seed", "3"]
        let home = try CLITests.run(arguments)
        #expect(home.status == 0, "\(home.stderr)")
        let away = try Self.run(arguments, in: elsewhere)
        #expect(away.status == 0, "\(away.stderr)")
        #expect(away.stdout == home.stdout)
        let told = try Self.run(arguments + ["--distributions", CLITests.root.appendingPathComponent("Datasets/elaad").path], in: elsewhere)
        #expect(told.stdout == home.stdout)
        let variable = try Self.run(
            arguments, in: elsewhere, environment: ["CHARGESHARE_DATASETS": CLITests.root.appendingPathComponent("Datasets").path])
        #expect(variable.stdout == home.stdout)
        let wrong = try Self.run(arguments, in: elsewhere, environment: ["CHARGESHARE_DATASETS": elsewhere])
        #expect(wrong.status == 2)
        #expect(
            wrong.stderr.hasPrefix(
                "error: cannot find Datasets/elaad in the working directory, above the executable or in $CHARGESHARE_DATASETS; give --distributions DIR"
            ))
    }
}
