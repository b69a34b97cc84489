import ChargeShareDatasets
import ChargeShareDomain
import Forecasting
import Foundation
import Testing

/// `problem assemble --demand-model SITE=FILE`: a site's expected sessions in the assembled window.
@Suite("problem assemble with a demand model")
struct ExpectedSessionsCLITests {
    @Test func demandModelAddsExpectedSessions() throws {
        let db = RegistryCLITests.temporary() + "/engine.sqlite"
        let imported = try CLITests.run(["registry", "import", "--db", db, "--file", "Datasets/examples/registry.json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let ingested = try CLITests.run([
            "ingest", "--db", db, "--file", ACNIngestCLITests.caltech, "--received", "2026-06-01T12:00:00Z", "--no-progress",
        ])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let prices = try ProblemAssembleCLITests.write(#"{"importPerKwh": 0.25}"#, name: "prices.json")
        let out = RegistryCLITests.temporary() + "/problem.json"
        // Monday 2019-06-03, local midnight at Caltech, 24 hours of 15 minutes.
        let r = try CLITests.run([
            "problem", "assemble", "--db", db, "--feeder", "F0", "--start", "2019-06-03T07:00:00Z", "--intervals", "96", "--prices", prices,
            "--demand-model", "F0-H0=Models/demand/caltech.json", "--out", out, "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let problem = try ProblemReader.read(Array(try String(contentsOfFile: out, encoding: .utf8).utf8))
        let virtual = problem.sessions.filter { ExpectedSession.isExpected($0.id) }

        // The same forecast straight from the library, on the file the store was filled from.
        let la = try #require(LocalCalendar(timeZone: "America/Los_Angeles"))
        let history = try SessionFile.load(path: ACNIngestCLITests.caltech)
        let end = try #require(Timestamp(rfc3339: "2019-06-04T07:00:00Z"))
        let wanted = ExpectedSessionForecaster().forecast(day: try #require(CivilDate("2019-06-03")), sessions: history, calendar: la, site: "F0-H0")
            .filter { $0.arrival < end && $0.energyKwh >= 0.01 }
        #expect(!wanted.isEmpty)
        #expect(virtual.map(\.id) == wanted.map(\.id))
        #expect(r.stdout.contains(#""expectedSessions":\#(wanted.count),"#), "\(r.stdout)")
        #expect(r.stderr.contains("(\(wanted.count) expected)"), "\(r.stderr)")
        // Each on a virtual charger of count × 7.4 kW (F0-H0's charger) at η 0.5 × 0.93, on site expected:F0-H0.
        for (session, e) in zip(virtual, wanted) {
            let charger = try #require(problem.chargers.first { $0.id == session.chargerId })
            #expect(charger.siteId == "expected:F0-H0" && session.chargerId == e.id)
            #expect(abs(charger.maxChargeKw - e.count * 7.4) < 1e-9)
            // 1e-6 kWh: the store keeps energies in Wh and the problem file rounds to 1e-9.
            #expect(abs(session.targetKwh - e.energyKwh * charger.chargeEfficiency) < 1e-6)
            #expect(session.arrival == e.arrival && session.departure == e.departure)
        }
        let solved = try CLITests.run(["dispatch", "--problem", out, "--quiet"])
        #expect(solved.status == 0, "\(solved.stderr)")
    }
}
