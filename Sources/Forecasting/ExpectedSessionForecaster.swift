public import ChargeShareDatasets
public import ChargeShareDomain

/// Turns a site's past sessions into the sessions expected to arrive from a local midnight on:
/// one `ExpectedSession` per forecast slot (an hour by default) with the expected number of
/// arrivals, the mean energy a car arriving at that hour wants and the median stay of such a car.
///
/// - Arrivals per slot: the mean of the same slot over the last `days` comparable days
///   (`ProfileForecaster` with `.mean`, the calendar's weekdays and holidays): a mean, not the
///   shipped energy model's median, because dispatch needs the expected count, and the median of
///   small counts is 0 wherever arrivals are sporadic.
/// - Energy per car and stay: over the sessions of the last `statisticsDays` days, grouped by the
///   local hour of arrival (the mean energy, the median stay); an hour with fewer than
///   `minimumGroup` sessions takes the figures of all of them.
///
/// No look-ahead: only what was known at the origin is used. A session counts as an arrival when
/// it arrived before the origin; its energy and stay only when it had also left by then (a car
/// still plugged in at the origin has no known stay or final energy). Sessions after the origin
/// are ignored, so passing a whole file is safe (tested).
public struct ExpectedSessionForecaster: Sendable {
    /// Comparable days averaged for the arrivals.
    public var days: Int
    /// Days of past sessions the energy and stay figures come from.
    public var statisticsDays: Int
    /// Fewest sessions an arrival hour needs for its own figures.
    public var minimumGroup: Int
    /// Slots expecting fewer cars than this are left out (they would only enlarge the LP).
    public var minimumCount: Double
    /// Length of a slot, minutes; must divide a day.
    public var intervalMinutes: Int

    public init(days: Int = 6, statisticsDays: Int = 28, minimumGroup: Int = 5, minimumCount: Double = 0.05, intervalMinutes: Int = 60) {
        precondition(intervalMinutes > 0 && 1440 % intervalMinutes == 0)
        self.days = max(1, days)
        self.statisticsDays = max(1, statisticsDays)
        self.minimumGroup = max(1, minimumGroup)
        self.minimumCount = max(0, minimumCount)
        self.intervalMinutes = intervalMinutes
    }

    /// Most days of arrivals history used (from the first known arrival's day on): enough for
    /// `days` same weekdays with holidays left out.
    var historyDays: Int { days * 7 + 14 }

    /// The sessions expected to arrive in the `hours` hours from local midnight of `day`, made
    /// from `sessions` known before that midnight. Empty when nothing is known before it.
    /// - Parameters:
    ///   - site: a name put into the ids (`expected:SITE:…`).
    ///   - energy: the energy a session wanted, kWh (the replay's demand basis).
    /// - Complexity: O(sessions + historyDays × slots per day).
    public func forecast(
        day: CivilDate, hours: Int = 48, sessions: [SessionRecord], calendar: LocalCalendar, site: String = "site",
        energy: (SessionRecord) -> Double = { $0.deliveredKwh }
    ) -> [ExpectedSession] {
        let origin = calendar.midnight(day)
        let perDay = 1440 / intervalMinutes, slotSeconds = Double(intervalMinutes * 60)
        // The history starts at the first known arrival's day: days before any record are unknown, not empty.
        guard let firstKnown = sessions.lazy.filter({ $0.arrival < origin }).map(\.arrival).min() else { return [] }
        let firstDay = CivilDate(daysSinceEpoch: max(day.daysSinceEpoch - historyDays, calendar.local(firstKnown).date.daysSinceEpoch))
        let knownDays = day.daysSinceEpoch - firstDay.daysSinceEpoch
        let originLocal = Double(day.daysSinceEpoch) * 86_400, firstLocal = Double(firstDay.daysSinceEpoch) * 86_400
        var arrivals = [Double](repeating: 0, count: knownDays * perDay)
        var byHour: [[(kwh: Double, stayMs: Int64)]] = Array(repeating: [], count: 24)
        let statisticsFrom = origin.adding(milliseconds: -Int64(statisticsDays) * 86_400_000)
        for s in sessions where s.arrival < origin {
            let local = calendar.localSeconds(s.arrival)
            if local >= firstLocal, local < originLocal {
                arrivals[Int(((local - firstLocal) / slotSeconds).rounded(.down))] += 1
            }
            let kwh = energy(s)
            guard s.departure <= origin, s.arrival >= statisticsFrom, s.departure > s.arrival, kwh.isFinite, kwh >= 0 else { continue }
            byHour[calendar.local(s.arrival).hour].append((kwh, s.departure.millisecondsSinceEpoch - s.arrival.millisecondsSinceEpoch))
        }
        let all = byHour.flatMap { $0 }
        guard knownDays > 0, !all.isEmpty else { return [] }
        let horizon = max(0, hours * 60 / intervalMinutes)
        let context = ForecastContext(history: arrivals[...], firstDay: firstDay, intervalMinutes: intervalMinutes, calendar: calendar)
        let counts = ProfileForecaster(days: days, statistic: .mean).forecast(context, horizon: horizon)
        var out: [ExpectedSession] = []
        for (h, count) in counts.enumerated() where count >= minimumCount && count > 0 {
            // Slot h of the local grid from the origin's local midnight, as instants (on a
            // daylight-saving day the local grid and the instants part by an hour; placed by wall time).
            let localStart = originLocal + Double(h) * slotSeconds
            let start = instant(localSeconds: localStart, calendar: calendar)
            let end = instant(localSeconds: localStart + slotSeconds, calendar: calendar)
            guard start < end else { continue }
            let hourGroup = byHour[Int(localStart.truncatingRemainder(dividingBy: 86_400) / 3600)]
            let group = hourGroup.count >= minimumGroup ? hourGroup : all
            let meanKwh = group.reduce(0) { $0 + $1.kwh } / Double(group.count)
            let stays = group.map(\.stayMs).sorted()
            let stay = stays.count % 2 == 1 ? stays[stays.count / 2] : (stays[stays.count / 2 - 1] + stays[stays.count / 2]) / 2
            out.append(
                ExpectedSession(
                    id: "\(site):\(start)", arrivalStart: start, arrivalEnd: end, stayMilliseconds: stay, count: count,
                    energyPerCarKwh: meanKwh))
        }
        return out
    }

    /// The instant a local wall-clock time (seconds since 1970-01-01T00:00 local) falls on: the
    /// offset at the UTC guess, corrected once.
    private func instant(localSeconds: Double, calendar: LocalCalendar) -> Timestamp {
        let guess = Timestamp(millisecondsSinceEpoch: Int64((localSeconds * 1000).rounded()))
        let first = calendar.localSeconds(guess) - guess.secondsSinceEpoch
        let corrected = guess.adding(milliseconds: -Int64((first * 1000).rounded()))
        let second = calendar.localSeconds(corrected) - corrected.secondsSinceEpoch
        return guess.adding(milliseconds: -Int64((second * 1000).rounded()))
    }
}
