import Backtest
import ChargeShareDatasets
import ChargeShareDomain
import Forecasting
import Scheduling
import Testing

/// The replay's expected sessions: forecast from the days before, shown to the policies.
@Suite("Replay with expected sessions")
struct ExpectedSessionReplayTests {
    static let la = LocalCalendar(timeZone: "America/Los_Angeles")!
    static let firstMonday = CivilDate(year: 2019, month: 6, day: 3)!
    static let thirdMonday = CivilDate(year: 2019, month: 6, day: 17)!

    /// Three weeks: every weekday four cars arrive at 09:10 local, stay 8 h and take 10 kWh.
    static let sessions: [SessionRecord] = (0..<19).flatMap { d -> [SessionRecord] in
        guard d % 7 < 5 else { return [] }
        let arrival = la.midnight(CivilDate(daysSinceEpoch: firstMonday.daysSinceEpoch + d)).adding(milliseconds: 550 * 60_000)
        let departure = arrival.adding(milliseconds: 8 * 3_600_000)
        return (0..<4).map { k in
            SessionRecord(
                id: "d\(d)-\(k)", stationId: "S\(k)", arrival: arrival, departure: departure, estimatedDeparture: departure,
                requestedKwh: 10, deliveredKwh: 10, claimed: true)
        }
    }

    static func config() -> ReplayConfig {
        ReplayConfig(feederLimitKw: 20, timeZone: "America/Los_Angeles", from: la.midnight(thirdMonday))
    }

    /// Records the expected sessions of every view.
    struct Recorder: SchedulingPolicy {
        let name = "recorder"
        var seen: [(time: Timestamp, expected: [ExpectedSession])] = []

        mutating func schedule(_ view: StepView) throws(SchedulingError) -> [Double] {
            seen.append((view.time, view.forecasts.expectedSessions))
            return view.evs.map { _ in 0 }
        }
    }

    @Test("At the first car's step, 09:10, five sixths of the four cars expected at 9 are still to come")
    func viewsSeeTheForecast() throws {
        let replay = try Replay(sessions: Self.sessions, config: Self.config(), prices: .flat(0.2), expectedSessions: true)
        var recorder = Recorder()
        _ = try Backtester(replay: replay, currency: "EUR").run(custom: &recorder)
        let first = try #require(recorder.seen.first)
        #expect(first.time == Timestamp(rfc3339: "2019-06-17T16:10:00Z"))
        let nine = try #require(first.expected.first)
        #expect(abs(nine.count - 4 * 50.0 / 60) < 1e-9)  // mean of the two Mondays before, minus the 10 minutes gone
        #expect(abs(nine.energyPerCarKwh - 10) < 1e-12 && nine.stayMilliseconds == 8 * 3_600_000)
        // Every view sees only cars still to come.
        #expect(recorder.seen.allSatisfy { step in step.expected.allSatisfy { $0.arrivalStart >= step.time } })
        // Without asking, no plan and no expected session in any view.
        let plain = try Replay(sessions: Self.sessions, config: Self.config(), prices: .flat(0.2))
        #expect(plain.expected == nil)
    }

    @Test("No look-ahead: a day's views are the same whatever happens on it and after it")
    func noLookAhead() throws {
        let replay = try Replay(sessions: Self.sessions, config: Self.config(), prices: .flat(0.2), expectedSessions: true)
        let midnight = Self.la.midnight(Self.thirdMonday)
        // The same history up to Monday's midnight, but Monday and after rewritten: twice the cars,
        // staying 2 h, wanting 40 kWh.
        let before = Self.sessions.filter { $0.arrival < midnight }
        let rewritten = Self.sessions.filter { $0.arrival >= midnight }.flatMap { s in
            [0, 1].map { k in
                SessionRecord(
                    id: s.id + "-\(k)", stationId: s.stationId, arrival: s.arrival, departure: s.arrival.adding(milliseconds: 7_200_000),
                    estimatedDeparture: s.estimatedDeparture, requestedKwh: 40, deliveredKwh: 40, claimed: true)
            }
        }
        let other = ExpectedSessionPlan(history: before + rewritten, fleet: replay.fleet, config: Self.config())
        let plan = try #require(replay.expected)
        for minutes in stride(from: 0, to: 24 * 60, by: 5) {
            let t = midnight.adding(milliseconds: Int64(minutes) * 60_000)
            #expect(plan.sessions(at: t) == other.sessions(at: t))
        }
        #expect(!plan.sessions(at: midnight).isEmpty)
    }

    @Test("lp+expected runs beside lp and is named apart")
    func policyName() throws {
        #expect(try PolicyName.parseList("lp,lp+expected") == [.lp, .lpExpected])
        let replay = try Replay(sessions: Self.sessions, config: Self.config(), prices: .flat(0.2), expectedSessions: true)
        let outcome = try Backtester(replay: replay, currency: "EUR").run(.lpExpected)
        #expect(outcome.policy == "lp+expected")
        // 4 cars × 10 kWh a day for five days under 20 kW over 8 h: everything is delivered.
        #expect(abs(outcome.summary.metrics.deliveredKwh - 200) < 1e-6)
    }
}
