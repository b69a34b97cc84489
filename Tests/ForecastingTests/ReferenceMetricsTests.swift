import ChargeShareDatasets
import ChargeShareDomain
import Forecasting
import Testing
import TestSupport

/// The Swift series, models and metrics against an independent implementation:
/// `python3 scripts/forecast_reference.py Datasets/acn/caltech_2019-05-01_2019-08-31.csv --definition both`
/// (pandas/numpy), which prints them to three decimals. Next-day horizons 1–24, 28 warm-up days,
/// origins 2019-05-29 … 2019-08-31 (95 origins, 2,280 forecasts).
@Suite("Forecast metrics match the Python reference on Caltech May–August 2019")
struct ReferenceMetricsTests {
    static func series(_ profile: EnergyProfile) throws -> (DemandSeries, LocalCalendar) {
        let sessions = try SessionFile.load(path: Fixtures.path("acn/caltech_2019-05-01_2019-08-31.csv"))
        let calendar = try #require(LocalCalendar(timeZone: "America/Los_Angeles"))
        let first = try #require(CivilDate(year: 2019, month: 5, day: 1))
        return (DemandSeries(sessions: sessions, calendar: calendar, firstDay: first, days: 123, profile: profile), calendar)
    }

    static func errors(_ model: some DemandForecaster, _ series: DemandSeries, _ calendar: LocalCalendar) -> ForecastErrors {
        RollingOrigin(warmUpDays: 28, horizon: 24).evaluate(
            model, values: series.energyKwh, firstDay: series.firstDay, intervalMinutes: 60, calendar: calendar)
    }

    @Test(arguments: [
        // (definition, model, MAE, RMSE, MASE) as the reference prints them.
        ("U", "naive-daily", 5.945, 9.161, 0.970), ("U", "naive-weekly", 4.470, 6.499, 0.729), ("U", "profile-median-6d", 3.567, 5.078, 0.581),
        ("U", "profile-median-4d-same-weekday", 3.616, 5.166, 0.589),
        ("A", "naive-daily", 7.331, 12.504, 0.923), ("A", "naive-weekly", 5.936, 9.437, 0.747), ("A", "profile-median-6d", 4.759, 7.563, 0.599),
    ])
    func matchesTheReference(definition: String, model: String, mae: Double, rmse: Double, mase: Double) throws {
        let (series, calendar) = try Self.series(definition == "U" ? .uniform : .asSoonAsPossible(kw: 6.6))
        #expect(series.skipped == 0)
        let e: ForecastErrors
        switch model {
        case "naive-daily": e = Self.errors(SeasonalNaive(days: 1), series, calendar)
        case "naive-weekly": e = Self.errors(SeasonalNaive(days: 7), series, calendar)
        case "profile-median-6d": e = Self.errors(ProfileForecaster(days: 6, statistic: .median), series, calendar)
        default: e = Self.errors(ProfileForecaster(days: 4, statistic: .median, poolsOffDays: false), series, calendar)
        }
        #expect(e.count == 2280)
        #expect(abs(e.mae - mae) < 6e-4, "MAE \(e.mae)")
        #expect(abs(e.rmse - rmse) < 6e-4, "RMSE \(e.rmse)")
        #expect(abs(e.mase - mase) < 6e-4, "MASE \(e.mase)")
    }
}
