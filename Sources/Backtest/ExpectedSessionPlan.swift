public import ChargeShareDatasets
public import ChargeShareDomain
public import Forecasting

/// The expected sessions a replay shows its policies: for every local day of the replay, the
/// sessions expected in the 48 hours from its local midnight, forecast at that midnight from the
/// sessions known before it (`ExpectedSessionForecaster`: arrived before it, and for energy and
/// stay, also gone by then). A step sees the forecast of its own local day, cut to the cars not
/// yet arrived at its start: never anything learnt on or after the day it is in.
public struct ExpectedSessionPlan: Sendable {
    /// Forecasts by local day (days since 1970-01-01).
    let byDay: [Int: [ExpectedSession]]
    let calendar: LocalCalendar?

    /// Forecasts every local day from the first step's to the last step's.
    /// - Parameters:
    ///   - history: every session of the file, including those before the replayed range (they
    ///     are the history of its first days); only those before each midnight are used for it.
    ///   - timeZone: the site's clock (the replay's `timeZone`); UTC when unknown.
    public init(
        history: [SessionRecord], fleet: ReplayFleet, config: ReplayConfig, forecaster: ExpectedSessionForecaster = ExpectedSessionForecaster()
    ) {
        let calendar = LocalCalendar(timeZone: config.timeZone) ?? LocalCalendar(timeZone: "UTC")
        guard let calendar else {
            byDay = [:]
            self.calendar = nil
            return
        }
        let first = calendar.local(fleet.start).date.daysSinceEpoch
        let last = calendar.local(fleet.time(ofStep: fleet.steps, config: config)).date.daysSinceEpoch
        let sorted = history.sorted { $0.arrival < $1.arrival }
        var byDay: [Int: [ExpectedSession]] = [:]
        for day in first...max(first, last) {
            let date = CivilDate(daysSinceEpoch: day)
            // Only the sessions arriving before the midnight can matter; the forecaster filters again.
            let midnight = calendar.midnight(date)
            let known = sorted.prefix { $0.arrival < midnight }
            byDay[day] = forecaster.forecast(
                day: date, hours: 48, sessions: Array(known), calendar: calendar, site: "site", energy: config.demand.energy(of:))
        }
        self.byDay = byDay
        self.calendar = calendar
    }

    /// The expected sessions a step starting at `time` sees: its local day's forecast, the part of
    /// each not yet arrived at `time`.
    public func sessions(at time: Timestamp) -> [ExpectedSession] {
        guard let calendar else { return [] }
        return (byDay[calendar.local(time).date.daysSinceEpoch] ?? []).compactMap { $0.notArrived(at: time) }
    }

    /// Days forecast.
    public var days: Int { byDay.count }
}
