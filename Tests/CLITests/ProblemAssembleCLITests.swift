import ChargeShareDomain
import Foundation
import Store
import Testing

@Suite("problem assemble: from the engine database to a problem dispatch solves")
struct ProblemAssembleCLITests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }

    /// A database built the way a user builds one: `registry import`, then `ingest` of `telemetry`.
    static func database(registry: String = "Datasets/examples/registry.json", telemetry: String) throws -> String {
        let db = RegistryCLITests.temporary() + "/engine.sqlite"
        let imported = try CLITests.run(["registry", "import", "--db", db, "--file", registry])
        #expect(imported.status == 0, "\(imported.stderr)")
        let ingested = try CLITests.run(
            ["ingest", "--db", db, "--file", "-", "--received", "2026-06-01T12:00:00Z", "--no-progress"], stdin: telemetry)
        #expect(ingested.status == 0 && ingested.stdout.contains(" 0 rejected"), "\(ingested.stdout)\(ingested.stderr)")
        return db
    }

    static func write(_ text: String, name: String) throws -> String {
        let path = RegistryCLITests.temporary() + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A TransactionEvent envelope with one energy register sample.
    static func transaction(_ id: String, station: String, tx: String, type: String, seq: Int, time: String, registerWh: Double) -> String {
        #"{"messageId":"\#(id)","stationId":"\#(station)","evseId":1,"recordedAt":"\#(time)","action":"TransactionEvent","payload":{"eventType":"\#(type)","timestamp":"\#(time)","triggerReason":"MeterValuePeriodic","seqNo":\#(seq),"transactionInfo":{"transactionId":"\#(tx)"},"evse":{"id":1,"connectorId":1},"meterValue":[{"timestamp":"\#(time)","sampledValue":[{"value":\#(registerWh)}]}]}}"#
    }

    /// A NotifyEVChargingNeeds envelope.
    static func needs(_ id: String, station: String, time: String, departure: String, wh: Double) -> String {
        #"{"messageId":"\#(id)","stationId":"\#(station)","evseId":1,"recordedAt":"\#(time)","action":"NotifyEVChargingNeeds","payload":{"evseId":1,"chargingNeeds":{"requestedEnergyTransfer":"AC_three_phase","departureTime":"\#(departure)","acChargingParameters":{"energyAmount":\#(wh),"evMinCurrent":6,"evMaxCurrent":16,"evMaxVoltage":400}}}}"#
    }

    /// The bundled example's registry and telemetry, over the session's stay (10:00–18:00), at a
    /// constant price: the golden problem, which `dispatch` then solves with the 20 kWh delivered.
    @Test func bundledExampleProblemGoldenAndSolved() throws {
        let db = try Self.database(telemetry: try String(contentsOfFile: "Datasets/examples/telemetry.jsonl", encoding: .utf8))
        let prices = try Self.write(#"{"importPerKwh": 0.25, "exportPerKwh": 0.05}"#, name: "prices.json")
        let out = RegistryCLITests.temporary() + "/problem.json"
        let r = try CLITests.run([
            "problem", "assemble", "--db", db, "--feeder", "F0", "--start", "2026-06-01T10:00:00Z", "--intervals", "32", "--prices", prices,
            "--out", out, "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout
                == #"{"windowId":"F0@2026-06-01T10:00:00Z","feeders":1,"sites":6,"chargers":6,"sessions":1,"expectedSessions":0,"utilityLimits":0,"warnings":[],"excluded":[],"derated":[]}"#
                + "\n")
        #expect(
            r.stderr
                == "problem \"F0@2026-06-01T10:00:00Z\": 1 feeder(s), 6 site(s), 6 charger(s), 1 session(s), 0 utility limit(s); 0 warning(s), 0 excluded\n"
        )
        try GoldenFileTests.check(try String(contentsOfFile: out, encoding: .utf8), against: "assembled-problem.json")

        let solved = try CLITests.run(["dispatch", "--problem", out, "--quiet"])
        #expect(solved.status == 0, "\(solved.stderr)")
        let result = try JSONReader.parse(Array(solved.stdout.utf8), options: .engine)
        let session = try #require(result["sessions"]?.arrayValue?.first)
        #expect(session["id"] == .string("CS-F0-H0/tx-42"))
        #expect(abs((session["finalKwh"]?.doubleValue ?? 0) - 20) < 1e-6)
        #expect(session["unmetKwh"]?.doubleValue.map { abs($0) < 1e-6 } == true)
    }

    /// One feeder capped at 5 kW, one 11 kW charger (η 1), one car that has drawn 0.5 kWh of the
    /// 3 kWh it asked for and leaves at 11:00; quarter hours at 0.3, 0.1, 0.2, 0.1 per kWh.
    /// By hand: 2.5 kWh more, at most 1.25 kWh per quarter hour under the cap, so 5 kW in both
    /// 0.1 quarters: 2 × 1.25 kWh × 0.1 = 0.25.
    @Test func tinyProblemSolvesToTheHandComputedSchedule() throws {
        let registry = try Self.write(
            """
            {"feeders": [{"id": "F", "importLimitKw": 5}], "sites": [{"id": "S", "feederId": "F"}],
             "chargers": [{"id": "C", "siteId": "S", "stationId": "CS", "evseId": 1, "maxChargeKw": 11, "chargeEfficiency": 1}]}
            """, name: "registry.json")
        let telemetry = [
            Self.transaction("a", station: "CS", tx: "t", type: "Started", seq: 0, time: "2026-06-01T09:00:00Z", registerWh: 1000),
            Self.transaction("b", station: "CS", tx: "t", type: "Updated", seq: 1, time: "2026-06-01T09:45:00Z", registerWh: 1500),
            Self.needs("c", station: "CS", time: "2026-06-01T09:01:00Z", departure: "2026-06-01T11:00:00Z", wh: 3000),
        ].joined(separator: "\n")
        let db = try Self.database(registry: registry, telemetry: telemetry)
        let prices = try Self.write(#"{"importPerKwh": [0.3, 0.1, 0.2, 0.1]}"#, name: "prices.json")
        let problem = RegistryCLITests.temporary() + "/problem.json"
        let r = try CLITests.run([
            "problem", "assemble", "--db", db, "--feeder", "F", "--start", "2026-06-01T10:00:00Z", "--intervals", "4", "--prices", prices,
            "--out", problem,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let solved = try CLITests.run(["dispatch", "--problem", problem, "--quiet"])
        #expect(solved.status == 0, "\(solved.stderr)")
        let result = try JSONReader.parse(Array(solved.stdout.utf8), options: .engine)
        let session = try #require(result["sessions"]?.arrayValue?.first)
        let charge = session["chargeKw"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        #expect(charge.count == 4)
        for (got, want) in zip(charge, [0.0, 5, 0, 5]) { #expect(abs(got - want) < 1e-6) }
        #expect(abs((session["finalKwh"]?.doubleValue ?? 0) - 3) < 1e-6)
        #expect(abs((result["objective"]?["total"]?.doubleValue ?? 0) - 0.25) < 1e-6)
    }

    /// Stored prices (hourly, series `nl`) and a stored utility limit; a session with no charging
    /// needs (defaults, with warnings), one from a station the registry does not know and one
    /// that ended (left out, with reasons).
    @Test func storedPricesLimitsWarningsAndExclusions() throws {
        let telemetry = [
            Self.transaction("a", station: "CS-F0-H1", tx: "quiet", type: "Started", seq: 0, time: "2026-06-01T09:00:00Z", registerWh: 0),
            Self.transaction("b", station: "CS-NEW", tx: "x", type: "Started", seq: 0, time: "2026-06-01T09:00:00Z", registerWh: 0),
            Self.transaction("c", station: "CS-F0-H2", tx: "done", type: "Started", seq: 0, time: "2026-06-01T09:00:00Z", registerWh: 0),
            Self.transaction("d", station: "CS-F0-H2", tx: "done", type: "Ended", seq: 1, time: "2026-06-01T10:05:00Z", registerWh: 4000),
        ].joined(separator: "\n")
        let db = try Self.database(telemetry: telemetry)
        let store = try SQLiteStore(path: db, schema: .engine)
        _ = try store.upsertPrices(
            series: "nl",
            [
                PricePoint(start: Self.at("2026-06-01T10:00:00Z"), intervalMinutes: 60, importPerKwh: 0.2, currency: "EUR", source: "test"),
                PricePoint(start: Self.at("2026-06-01T11:00:00Z"), intervalMinutes: 60, importPerKwh: 0.4, currency: "EUR", source: "test"),
            ])
        _ = try store.upsertUtilityLimit(
            UtilityLimit(
                id: "evt", feederId: "F0", kind: .importCapacity, start: Self.at("2026-06-01T10:00:00Z"), end: Self.at("2026-06-01T10:30:00Z"),
                valueKw: 3, source: "ven", created: Self.at("2026-06-01T08:00:00Z")))
        let out = RegistryCLITests.temporary() + "/problem.json"
        let args = [
            "problem", "assemble", "--db", db, "--feeder", "F0", "--start", "2026-06-01T10:00:00Z", "--intervals", "8", "--interval-minutes", "15",
            "--out", out, "--json", "--window-id", "w1",
        ]
        let noPrices = try CLITests.run(args)
        #expect(noPrices.status == 2)
        #expect(
            noPrices.stderr
                == "error: no prices for the window: price series \"default\" has no price for interval 0 (from 2026-06-01T10:00:00Z); give --prices FILE or store the prices\n"
        )
        let r = try CLITests.run(args + ["--price-series", "nl"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr == """
                warning: session "CS-F0-H1/quiet": no departure time from the EV: assumed 2026-06-01T17:00:00Z (arrival + 8.0 h, at least the end of the first interval)
                warning: session "CS-F0-H1/quiet": no energy amount from the EV: assumed 20.0 kWh for the session
                excluded: session "CS-F0-H2/done": ended at 2026-06-01T10:05:00Z
                excluded: session "CS-NEW/x": station "CS-NEW" EVSE 1 is not in the registry
                problem "w1": 1 feeder(s), 6 site(s), 6 charger(s), 1 session(s), 1 utility limit(s); 2 warning(s), 2 excluded

                """)
        #expect(
            r.stdout.hasPrefix(
                #"{"windowId":"w1","feeders":1,"sites":6,"chargers":6,"sessions":1,"expectedSessions":0,"utilityLimits":1,"warnings":[{"sessionId":"CS-F0-H1/quiet","#
            ))
        #expect(r.stdout.contains(#""excluded":[{"sessionId":"CS-F0-H2/done","message":"ended at 2026-06-01T10:05:00Z"},"#))
        let problem = try ProblemReader.read(Array(try String(contentsOfFile: out, encoding: .utf8).utf8))
        #expect(problem.prices.importPerKwh == .values([0.2, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.4]))
        #expect(problem.feeders.first?.importLimitKw == .values([3, 3, 21.8, 21.8, 21.8, 21.8, 21.8, 21.8]))
        #expect(problem.sessions.map(\.id) == ["CS-F0-H1/quiet"])
    }

    @Test func badArgumentsAndDatabases() throws {
        let db = try Self.database(telemetry: "")
        let base = ["problem", "assemble", "--db", db, "--start", "2026-06-01T10:00:00Z", "--intervals", "4"]
        let unknown = try CLITests.run(base + ["--feeder", "F0", "--feeder", "F9", "--prices", "-"], stdin: #"{"importPerKwh": 0.1}"#)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "error: --feeder: unknown feeder \"F9\" (not in the registry of \"\(db)\")\n")
        let noFeeder = try CLITests.run(base)
        #expect(noFeeder.status == 2 && noFeeder.stderr.contains("give at least one --feeder ID"))
        let badStart = try CLITests.run(["problem", "assemble", "--db", db, "--feeder", "F0", "--start", "10:00", "--intervals", "4"])
        #expect(badStart.status == 2 && badStart.stderr.contains("--start: malformed timestamp"))
        let oddStart = try CLITests.run(["problem", "assemble", "--db", db, "--feeder", "F0", "--start", "2026-06-01T10:00:30Z", "--intervals", "4"])
        #expect(oddStart.status == 2 && oddStart.stderr.contains("--start must be a whole minute"))
        let jsonToStdout = try CLITests.run(base + ["--feeder", "F0", "--json"])
        #expect(jsonToStdout.status == 2 && jsonToStdout.stderr.contains("--json needs --out FILE"))
        let badPrices = try CLITests.run(base + ["--feeder", "F0", "--prices", "-"], stdin: #"{"importPerKwh": [0.1, 0.2]}"#)
        #expect(badPrices.status == 2)
        #expect(badPrices.stderr == "--prices: importPerKwh: series has 2 values, expected 4 (intervals)\n")
        let missing = try CLITests.run([
            "problem", "assemble", "--db", db + ".none", "--feeder", "F0", "--start", "2026-06-01T10:00:00Z", "--intervals", "4",
        ])
        #expect(missing.status == 2 && missing.stderr == "error: cannot read database \"\(db).none\": no such file\n")
        let text = RegistryCLITests.temporary() + "/notes.sqlite"
        try Data(String(repeating: "not a database ", count: 20).utf8).write(to: URL(fileURLWithPath: text))
        let notADatabase = try CLITests.run(
            ["problem", "assemble", "--db", text, "--feeder", "F0", "--start", "2026-06-01T10:00:00Z", "--intervals", "4"])
        #expect(notADatabase.status == 1)
        #expect(notADatabase.stderr.hasPrefix("error: cannot open the database \"\(text)\""), "\(notADatabase.stderr)")
    }
}
