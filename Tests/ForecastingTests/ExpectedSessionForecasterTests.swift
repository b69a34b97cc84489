import ChargeShareDatasets
import ChargeShareDomain
@testable import Forecasting
import Testing

/// Expected sessions from a site's history, by hand, and without look-ahead.
@Suite("Expected sessions from history")
struct ExpectedSessionForecasterTests {
    static let la = LocalCalendar(timeZone: "America/Los_Angeles")!
    static func t(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
    static func session(_ id: String, _ arrival: Timestamp, hours: Double, kwh: Double) -> SessionRecord {
        let departure = arrival.adding(milliseconds: Int64(hours * 3_600_000))
        return SessionRecord(
            id: id, stationId: "S", arrival: arrival, departure: departure, estimatedDeparture: departure, requestedKwh: kwh, deliveredKwh: kwh,
            claimed: true)
    }

    /// Two weeks from Monday 2019-06-03: every weekday two cars arrive, at 09:10 local (8 kWh, 8 h)
    /// and 09:40 (12 kWh, 6 h); none at weekends. (PDT: local = UTC − 7 h.)
    static let history: [SessionRecord] = (0..<14).flatMap { d -> [SessionRecord] in
        let midnight = la.midnight(CivilDate(daysSinceEpoch: CivilDate(year: 2019, month: 6, day: 3)!.daysSinceEpoch + d))
        guard d % 7 < 5 else { return [] }
        return [
            session("a\(d)", midnight.adding(milliseconds: (9 * 60 + 10) * 60_000), hours: 8, kwh: 8),
            session("b\(d)", midnight.adding(milliseconds: (9 * 60 + 40) * 60_000), hours: 6, kwh: 12),
        ]
    }
    static let monday = CivilDate(year: 2019, month: 6, day: 17)!

    @Test("Two cars a weekday at 9: two expected at 09:00–10:00 on Monday and Tuesday, 10 kWh each, staying 7 h")
    func byHand() {
        let out = ExpectedSessionForecaster().forecast(day: Self.monday, sessions: Self.history, calendar: Self.la, site: "caltech")
        #expect(out.count == 2)
        #expect(out.map(\.arrivalStart) == [Self.t("2019-06-17T16:00:00Z"), Self.t("2019-06-18T16:00:00Z")])
        #expect(out.map(\.arrivalEnd) == [Self.t("2019-06-17T17:00:00Z"), Self.t("2019-06-18T17:00:00Z")])
        #expect(out.map(\.id) == ["expected:caltech:2019-06-17T16:00:00Z", "expected:caltech:2019-06-18T16:00:00Z"])
        for e in out {
            #expect(abs(e.count - 2) < 1e-12)  // the mean of the last two Mondays (Tuesdays)
            #expect(abs(e.energyPerCarKwh - 10) < 1e-12)  // mean of 8 and 12
            #expect(e.stayMilliseconds == 7 * 3_600_000)  // median of ten 6 h and ten 8 h stays
            #expect(e.departure == e.arrivalStart.adding(milliseconds: 7 * 3_600_000 + 1_800_000))
        }
        // A Saturday expects nobody; with no history, nothing.
        let saturday = CivilDate(daysSinceEpoch: Self.monday.daysSinceEpoch - 2)
        #expect(ExpectedSessionForecaster().forecast(day: saturday, hours: 24, sessions: Self.history, calendar: Self.la).isEmpty)
        #expect(
            ExpectedSessionForecaster().forecast(day: CivilDate(year: 2019, month: 6, day: 3)!, sessions: Self.history, calendar: Self.la).isEmpty)
    }

    @Test("No look-ahead: later sessions, and the stay and energy of a car plugged in at the origin, change nothing")
    func noLookAhead() {
        // Every hour takes the figures of all sessions (minimumGroup 100), so a leaked energy or
        // stay would move every expected session's.
        let f = ExpectedSessionForecaster(minimumGroup: 100)
        let origin = Self.la.midnight(Self.monday)
        let base = f.forecast(day: Self.monday, sessions: Self.history, calendar: Self.la)
        #expect(base.count == 2 && abs(base[0].energyPerCarKwh - 10) < 1e-12)
        // Sessions on and after the day forecast (a crowd of them at 09:00 Monday).
        let later = (0..<20).map { Self.session("later\($0)", origin.adding(milliseconds: 9 * 3_600_000), hours: 2, kwh: 50) }
        #expect(f.forecast(day: Self.monday, sessions: Self.history + later, calendar: Self.la) == base)
        // A car that arrived Sunday 22:00 and is still plugged in at Monday's midnight: its arrival
        // is known, its stay and energy are not, whatever they turn out to be.
        let overnight = { (hours: Double, kwh: Double) in
            Self.session("night", origin.adding(milliseconds: -2 * 3_600_000), hours: hours, kwh: kwh)
        }
        let short = f.forecast(day: Self.monday, sessions: Self.history + [overnight(3, 1)], calendar: Self.la)
        let long = f.forecast(day: Self.monday, sessions: Self.history + [overnight(30, 90)], calendar: Self.la)
        #expect(short == long)
        #expect(short.map(\.energyPerCarKwh) == base.map(\.energyPerCarKwh))
        #expect(short.map(\.stayMilliseconds) == base.map(\.stayMilliseconds))
        // Once gone before the origin, the same car's figures count: 21 sessions, mean (200 + 1) / 21 kWh.
        let gone = Self.session("gone", origin.adding(milliseconds: -4 * 3_600_000), hours: 3, kwh: 1)
        let withGone = f.forecast(day: Self.monday, sessions: Self.history + [gone], calendar: Self.la)
        #expect(abs(withGone[0].energyPerCarKwh - 201.0 / 21) < 1e-12)
    }
}
