public import ChargeShareDatasets
public import ChargeShareDomain

/// A site's demand on a grid of local days, built from its sessions: energy drawn per interval,
/// arrivals per interval, and energy requested by the sessions arriving in it.
///
/// The grid is the site's wall clock: every day has `24 × 60 / intervalMinutes` intervals, and
/// interval `i` is slot `i % perDay` of day `firstDay + i / perDay`. A session is placed at its
/// local arrival time and lasts its real duration, so on the day daylight saving ends sessions in
/// the repeated hour add up in one slot, and on the day it starts no arrival falls in the skipped
/// slot (a stay across it is laid on the local grid from its arrival): the total is kept and every
/// model sees days of one length.
public struct DemandSeries: Sendable, Equatable {
    /// The local date of the first day.
    public let firstDay: CivilDate
    public let intervalMinutes: Int
    /// kWh drawn in each interval (`EnergyProfile`).
    public var energyKwh: [Double]
    /// Sessions arriving in each interval.
    public var arrivals: [Double]
    /// kWh requested by the sessions arriving in each interval.
    public var requestedKwh: [Double]
    /// Sessions left out: departure not after arrival, or a negative or non-finite energy.
    public var skipped = 0

    public var count: Int { energyKwh.count }
    /// Intervals in a day.
    public var perDay: Int { 24 * 60 / intervalMinutes }
    /// Days in the series.
    public var days: Int { count / perDay }

    /// The series of `sessions` over `days` local days from `firstDay` on `calendar`'s clock; a
    /// session's energy outside them is left out. `intervalMinutes` must divide a day.
    public init(
        sessions: [SessionRecord], calendar: LocalCalendar, firstDay: CivilDate, days: Int, intervalMinutes: Int = 60,
        profile: EnergyProfile = .uniform
    ) {
        precondition(intervalMinutes > 0 && 1440 % intervalMinutes == 0 && days >= 0)
        self.firstDay = firstDay
        self.intervalMinutes = intervalMinutes
        let count = days * 1440 / intervalMinutes
        origin = Double(firstDay.daysSinceEpoch) * 86_400
        energyKwh = Array(repeating: 0, count: count)
        arrivals = Array(repeating: 0, count: count)
        requestedKwh = Array(repeating: 0, count: count)
        for s in sessions {
            guard s.departure > s.arrival, s.deliveredKwh.isFinite, s.deliveredKwh >= 0, s.requestedKwh.isFinite, s.requestedKwh >= 0 else {
                skipped += 1
                continue
            }
            let a = Int(((calendar.localSeconds(s.arrival) - origin) / Double(intervalMinutes * 60)).rounded(.down))
            if a >= 0 && a < count {
                arrivals[a] += 1
                requestedKwh[a] += s.requestedKwh
            }
            for (i, kwh) in contributions(of: s, profile: profile, calendar: calendar) { energyKwh[i] += kwh }
        }
    }

    /// Local wall-clock seconds (since 1970-01-01T00:00 local) of the first interval.
    private let origin: Double

    /// The intervals of this series a session's delivered energy falls in, with the kWh in each
    /// (none for a session with no energy or no stay).
    public func contributions(of s: SessionRecord, profile: EnergyProfile, calendar: LocalCalendar) -> [(index: Int, kwh: Double)] {
        // The stay in real seconds; placed on the local clock from the local arrival.
        let dwell = s.departure.secondsSinceEpoch - s.arrival.secondsSinceEpoch, from = calendar.localSeconds(s.arrival)
        guard s.deliveredKwh > 0, dwell > 0 else { return [] }
        var out: [(index: Int, kwh: Double)] = []
        let kw: Double  // constant power from arrival until the energy is in
        switch profile {
        case .uniform: kw = s.deliveredKwh / (dwell / 3600)
        case .asSoonAsPossible(let rated): kw = max(rated, s.deliveredKwh / (dwell / 3600))
        }
        let until = from + s.deliveredKwh / kw * 3600
        let step = Double(intervalMinutes) * 60
        var i = max(0, Int(((from - origin) / step).rounded(.down)))
        while i < count {
            let lo = origin + Double(i) * step, hi = lo + step
            if lo >= until { break }
            let overlap = min(hi, until) - max(lo, from)
            if overlap > 0 { out.append((i, kw * overlap / 3600)) }
            i += 1
        }
        return out
    }
}

/// How a session's delivered energy is laid over time when only arrival, departure and the
/// energy are known (as in ACN-Data).
public enum EnergyProfile: Sendable, Equatable {
    /// Spread evenly over the stay.
    case uniform
    /// Charged at a constant power from arrival (the rating in kW, or faster when the energy
    /// would not fit in the stay), then idle.
    case asSoonAsPossible(kw: Double)
}
