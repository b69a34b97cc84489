@testable import Backtest
import ChargeShareDatasets
import ChargeShareDomain
import Foundation
import GRDB
import Store
import Testing
import TestSupport

@Suite("Backtest output")
struct ReportTests {
    static func outcomes() throws -> [PolicyOutcome] {
        let sessions = [Fixtures.session("a", arrive: 0, leave: 60, kwh: 3), Fixtures.session("b", arrive: 10, leave: 40, kwh: 4)]
        let sweep = try BacktestSweep(
            sessions: sessions, configs: [ReplayConfig(feederLimitKw: 8)], prices: .flat(0.2), currency: "EUR",
            policies: [.edf, .uncontrolled])
        return try sweep.run()[0]
    }

    @Test("CSV tables: header and hand-checked summary figures")
    func csv() throws {
        let text = ReportRows.csv(ReportRows.summary(try Self.outcomes()))
        let lines = text.split(separator: "\n")
        #expect(
            lines[0]
                == "limit_kw,policy,energy_delivered_pct,sessions_served_pct,cost,peak_kw,violations,violation_kwh,v2g_kwh,v2g_revenue,median_solve_ms,p99_solve_ms,sessions,requested_kwh,delivered_kwh"
        )
        // b (08:10-08:40) needs 4 kWh but can take only 6 steps × 0.55 = 3.3 kWh: 6.3 of 7 kWh under both policies.
        #expect(lines[1].hasPrefix("8,edf,90,50,1.26,8,0,0,0,0,"))
        // Uncontrolled: a and b together draw 13.2 kW for the 6 steps 08:10-08:40 (a still needs energy throughout? a has 3 kWh:
        // steps 08:00-08:25 at 6.6 give 2.75 + 0.25 at 08:25), so the overlap is 08:10-08:25 (3 steps at 13.2 kW) and 08:25 (6.6 + 3.0).
        #expect(lines[2].hasPrefix("8,uncontrolled,90,50,1.26,13.2,4,"))
    }

    @Test("SQLite: one run per write, every table filled in one transaction")
    func sqlite() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = (directory as NSString).appendingPathComponent("backtest.sqlite")
        let outcomes = try Self.outcomes()
        let tables = [ReportRows.summary(outcomes), ReportRows.daily(outcomes), ReportRows.sessions(outcomes), ReportRows.steps(outcomes)]
        let clock = FixedWallClock(try #require(Timestamp(rfc3339: "2026-12-02T01:20:00Z")))
        let store = try SQLiteStore(path: path)
        #expect(try store.appendRun(BacktestRun(createdAt: clock.now, description: "first", tables: tables)) == 1)
        #expect(try store.appendRun(BacktestRun(createdAt: clock.now, description: "second", tables: tables)) == 2)
        let queue = try DatabaseQueue(path: path)
        func int(_ sql: String) throws -> Int? { try queue.read { db in try Int.fetchOne(db, sql: sql) } }
        let created = try queue.read { db in try String.fetchOne(db, sql: "SELECT created_at FROM runs WHERE run_id = 1") }
        #expect(created == "2026-12-02T01:20:00Z", "the injected clock, not the system's")
        #expect(try int("SELECT COUNT(*) FROM summary WHERE run_id = 2") == 2)
        #expect(try int("SELECT COUNT(*) FROM sessions WHERE run_id = 1") == 4)
        #expect(try int("SELECT COUNT(*) FROM steps WHERE run_id = 1") == 2 * 13)
        #expect(try int("SELECT violations FROM summary WHERE run_id = 1 AND policy = 'uncontrolled'") == 4)
        #expect(try queue.read { db in try String.fetchOne(db, sql: "SELECT description FROM runs WHERE run_id = 2") } == "second")
    }

    @Test("SVG charts: every file written, policies in the legend, the limit drawn")
    func plots() throws {
        let directory = Fixtures.temporaryDirectory()
        let outcomes = try Self.outcomes()
        let files = try BacktestPlots.write(byLimit: [outcomes, outcomes], sweep: true, to: directory)
        #expect(files == ["load-vs-limit.svg", "price-vs-power.svg", "sessions-served.svg", "energy-vs-limit.svg"])
        let load = try String(contentsOfFile: (directory as NSString).appendingPathComponent("load-vs-limit.svg"), encoding: .utf8)
        #expect(load.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(load.contains(">edf</text>") && load.contains(">uncontrolled</text>") && load.contains(">limit</text>"))
        #expect(load.contains("against the 8 kW limit"))
        let served = try String(contentsOfFile: (directory as NSString).appendingPathComponent("sessions-served.svg"), encoding: .utf8)
        #expect(served.contains("served 1, not served 1"))
    }

    @Test("Chart ticks are round numbers covering the range")
    func ticks() {
        #expect(SVGChart.ticks(0, 13.2) == [0, 2.5, 5, 7.5, 10, 12.5])
        #expect(SVGChart.ticks(20, 150) == [25, 50, 75, 100, 125, 150])
    }
}
