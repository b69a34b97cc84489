import ChargeShareDatasets
import ChargeShareDomain
@testable import Forecasting
import Testing

/// Series, calendar and models on small hand-computed cases.
@Suite("Demand series and models, by hand")
struct ForecastingTests {
    static let la = LocalCalendar(timeZone: "America/Los_Angeles")!
    static func t(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
    static func session(_ arrival: String, _ departure: String, kwh: Double, requested: Double = 10) -> SessionRecord {
        SessionRecord(
            id: arrival, stationId: "S", arrival: t(arrival), departure: t(departure), estimatedDeparture: t(departure), requestedKwh: requested,
            deliveredKwh: kwh, claimed: true)
    }

    @Test func sessionsAreLaidOverLocalHours() {
        // 10:30–12:30 local (PDT, −07:00), 4 kWh.
        let s = Self.session("2019-06-03T17:30:00Z", "2019-06-03T19:30:00Z", kwh: 4)
        let day = CivilDate(year: 2019, month: 6, day: 3)!
        let uniform = DemandSeries(sessions: [s], calendar: Self.la, firstDay: day, days: 1)
        #expect(Array(uniform.energyKwh[9...13]) == [0, 1, 2, 1, 0])
        #expect(uniform.arrivals[10] == 1 && uniform.requestedKwh[10] == 10 && uniform.arrivals.reduce(0, +) == 1)
        // 6.6 kW from 10:30: 3.3 kWh by 11:00, the other 0.7 kWh in the next 6 min 21.8 s (times
        // are seconds near 1.6e9: 1e-9 kWh is their rounding).
        let asap = DemandSeries(sessions: [s], calendar: Self.la, firstDay: day, days: 1, profile: .asSoonAsPossible(kw: 6.6))
        #expect(abs(asap.energyKwh[10] - 3.3) < 1e-9 && abs(asap.energyKwh[11] - 0.7) < 1e-9 && asap.energyKwh[12] == 0, "\(asap.energyKwh)")
        // A broken session is counted and left out.
        let broken = DemandSeries(
            sessions: [Self.session("2019-06-03T17:30:00Z", "2019-06-03T17:00:00Z", kwh: 4)], calendar: Self.la, firstDay: day, days: 1)
        #expect(broken.skipped == 1 && broken.energyKwh.reduce(0, +) == 0)
    }

    /// A forecast from a midnight must not see the energy of a car still plugged in then: its total
    /// and departure come later. Evaluation takes that energy out of the history at that origin
    /// only, and scores against the full actual values.
    @Test func carsPluggedInAcrossAnOriginAreUnknownThere() throws {
        // 31 days, one car a day 08:00–10:00 local with 2, 3 or 4 kWh (day d: 2 + d mod 3, so the
        // days differ and MASE has a scale); on day 29 one more from 22:00 to 02:00 the next
        // morning (4 kWh over 4 hours), across the midnight that starts day 30.
        let first = CivilDate(year: 2019, month: 6, day: 3)!
        var sessions = (0..<31).map { d -> SessionRecord in
            let date = CivilDate(daysSinceEpoch: first.daysSinceEpoch + d)
            return Self.session("\(date)T15:00:00Z", "\(date)T17:00:00Z", kwh: Double(2 + d % 3))
        }
        let day29 = CivilDate(daysSinceEpoch: first.daysSinceEpoch + 29), day30 = CivilDate(daysSinceEpoch: first.daysSinceEpoch + 30)
        sessions.append(Self.session("\(day30)T05:00:00Z", "\(day30)T09:00:00Z", kwh: 4))  // 22:00 on day 29 to 02:00 on day 30 (PDT)
        let evaluation = try DemandEvaluation(sessions: sessions, calendar: Self.la, profile: .uniform)
        #expect(evaluation.series.energyKwh[29 * 24 + 22] == 1 && evaluation.series.energyKwh[30 * 24 + 1] == 1)
        // The history the day-30 origin's forecast sees ends with day 29 as known then: 0 at 22:00
        // and 23:00 (the late car's energy is unknown), 2 kWh at 08:00 and 09:00 (4 kWh over 2 h).
        struct Recorder: DemandForecaster {
            let seen: @Sendable ([Double]) -> Void
            var name: String { "recorder" }
            func forecast(_ context: ForecastContext, horizon: Int) -> [Double] {
                seen(Array(context.history.suffix(24)))
                return Array(repeating: 0, count: horizon)
            }
        }
        final class Box: @unchecked Sendable { var last: [Double] = [] }
        let box = Box()
        _ = RollingOrigin(warmUpDays: 30, horizon: 24).evaluate(
            Recorder { box.last = $0 }, values: evaluation.series.energyKwh, firstDay: first, intervalMinutes: 60, calendar: Self.la,
            unknown: { evaluation.unknownAtOrigin[$0] ?? [] })
        try #require(box.last.count == 24, "the origin was not scored")
        #expect(box.last[22] == 0 && box.last[23] == 0 && box.last[8] == 2 && box.last[9] == 2, "\(box.last)")
        #expect(evaluation.unknownAtOrigin[30 * 24]?.count == 4)
        #expect(evaluation.unknownAtOrigin.count == 1)
    }

    @Test func aSeriesSpanIsBoundedWhateverTheDates() {
        let far = [
            Self.session("2019-06-03T17:30:00Z", "2019-06-03T19:30:00Z", kwh: 4),
            Self.session("2035-06-03T17:30:00Z", "2035-06-03T19:30:00Z", kwh: 4),
        ]
        #expect(
            throws: DemandEvaluation.InputError.tooManyDays(
                first: CivilDate(year: 2019, month: 6, day: 3)!, last: CivilDate(year: 2035, month: 6, day: 3)!)
        ) { try DemandEvaluation(sessions: far, calendar: Self.la, profile: .uniform) }
        #expect(throws: DemandEvaluation.InputError.noSessions) { try DemandEvaluation(sessions: [], calendar: Self.la, profile: .uniform) }
    }

    @Test func theDaylightSavingDaysKeepTwentyFourSlotsAndTheEnergy() {
        // 2019-11-03: 01:00–02:00 happens twice. One session in each (08:00Z–09:00Z is 01:00–02:00
        // PDT, 09:00Z–10:00Z is 01:00–02:00 PST): both land in the one 01:00 slot.
        let day = CivilDate(year: 2019, month: 11, day: 3)!
        let series = DemandSeries(
            sessions: [
                Self.session("2019-11-03T08:00:00Z", "2019-11-03T09:00:00Z", kwh: 1),
                Self.session("2019-11-03T09:00:00Z", "2019-11-03T10:00:00Z", kwh: 1),
            ], calendar: Self.la, firstDay: day, days: 1)
        #expect(series.count == 24)
        #expect(series.energyKwh[1] == 2 && series.energyKwh.reduce(0, +) == 2, "\(series.energyKwh)")
        // 2019-03-10: 02:00–03:00 does not happen. 01:30 PST → 03:30 PDT is one real hour, placed from
        // 01:30 on the local grid; an arrival at 10:30Z is 03:30 PDT, slot 3. 24 slots, energy kept.
        let spring = CivilDate(year: 2019, month: 3, day: 10)!
        let skipped = DemandSeries(
            sessions: [
                Self.session("2019-03-10T09:30:00Z", "2019-03-10T10:30:00Z", kwh: 1),
                Self.session("2019-03-10T10:30:00Z", "2019-03-10T11:30:00Z", kwh: 1),
            ], calendar: Self.la, firstDay: spring, days: 1)
        #expect(skipped.count == 24 && skipped.energyKwh.reduce(0, +) == 2)
        #expect(skipped.energyKwh[1] == 0.5 && skipped.energyKwh[2] == 0.5 && skipped.energyKwh[3] == 0.5, "\(skipped.energyKwh)")
        #expect(skipped.arrivals[1] == 1 && skipped.arrivals[2] == 0 && skipped.arrivals[3] == 1)
    }

    @Test func holidaysFollowTheRules() {
        let days = Holidays.unitedStates(2019).map(\.description).sorted()
        #expect(
            days == [
                "2019-01-01", "2019-01-21", "2019-02-18", "2019-05-27", "2019-07-04", "2019-09-02", "2019-10-14", "2019-11-11", "2019-11-28",
                "2019-12-25",
            ])
        // 2021: Juneteenth on a Saturday is observed on Friday 18th; July 4th on a Sunday on Monday 5th.
        let observed = Holidays.unitedStates(2021)
        #expect(observed.contains(CivilDate(year: 2021, month: 6, day: 18)!) && observed.contains(CivilDate(year: 2021, month: 7, day: 5)!))
        #expect(Self.la.isHoliday(CivilDate(year: 2019, month: 7, day: 4)!) && !Self.la.isHoliday(CivilDate(year: 2019, month: 7, day: 5)!))
        // New Year's Day 2022 is a Saturday: observed on Friday 2021-12-31, a holiday of 2021's calendar.
        #expect(Self.la.isHoliday(CivilDate(year: 2021, month: 12, day: 31)!))
        // US federal holidays only in US zones: not in Toronto, and in Honolulu.
        #expect(!LocalCalendar(timeZone: "America/Toronto")!.isHoliday(CivilDate(year: 2019, month: 7, day: 4)!))
        #expect(LocalCalendar(timeZone: "Pacific/Honolulu")!.isHoliday(CivilDate(year: 2019, month: 7, day: 4)!))
    }

    /// Four weeks of a series whose value at slot s on day d is d·100 + s, so every forecast says
    /// which day it came from. The series starts Monday 2019-06-03; origin = day 28 (Monday 07-01),
    /// and July 4th (day 31, Thursday) is a holiday.
    @Test func profileAndNaiveForecastsComeFromTheRightDays() {
        let first = CivilDate(year: 2019, month: 6, day: 3)!
        let values: [Double] = (0..<(28 * 24)).map { (i: Int) -> Double in Double((i / 24) * 100 + i % 24) }
        let context = ForecastContext(history: values[...], firstDay: first, intervalMinutes: 60, calendar: Self.la)
        let horizon = 4 * 24
        // Daily naive: yesterday's (day 27) same hour for day 28, and day 27 again for day 29.
        let daily = SeasonalNaive(days: 1).forecast(context, horizon: horizon)
        #expect(daily[5] == 2705 && daily[24 + 5] == 2705)
        // Weekly naive: the same hour a week before (day 21 for day 28, day 22 for day 29).
        let weekly = SeasonalNaive(days: 7).forecast(context, horizon: horizon)
        #expect(weekly[5] == 2105 && weekly[24 + 5] == 2205)
        // Profile, median of 6 comparable days, at 05:00:
        let profile = ProfileForecaster(days: 6, statistic: .median).forecast(context, horizon: horizon)
        // Monday 07-01: the Mondays 0, 7, 14, 21 (only four so far) → median (705 + 1405)/2 = 1055.
        #expect(profile[5] == 1055)
        // Thursday 07-04 (holiday): the last 6 weekend days 27, 26, 20, 19, 13, 12 → median (1905 + 2005)/2.
        #expect(profile[3 * 24 + 5] == 1955)
        // Mean of the same slot over the last 7 days (21…27) for every day ahead.
        let recent = RidgeForecaster.features(context, horizon: horizon)[5]
        #expect(recent == [1055, 1055, 2105, 2705, 2405])
    }
}
