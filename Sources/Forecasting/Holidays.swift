public import ChargeShareDomain

/// Public holidays by rule, so a model knows them for any year it is asked about.
public enum Holidays {
    /// The US federal holidays of `year` as observed (a Saturday holiday on the Friday before, a
    /// Sunday one on the Monday after): New Year's Day, Martin Luther King Jr. Day, Washington's
    /// Birthday, Memorial Day, Juneteenth (from 2021), Independence Day, Labor Day, Columbus Day,
    /// Veterans Day, Thanksgiving and Christmas Day (5 U.S.C. 6103).
    public static func unitedStates(_ year: Int) -> Set<CivilDate> {
        var days: [CivilDate?] = [
            observed(year, 1, 1), nth(3, weekday: 1, of: 1, year), nth(3, weekday: 1, of: 2, year), last(weekday: 1, of: 5, year),
            observed(year, 7, 4), nth(1, weekday: 1, of: 9, year), nth(2, weekday: 1, of: 10, year), observed(year, 11, 11),
            nth(4, weekday: 4, of: 11, year), observed(year, 12, 25),
        ]
        if year >= 2021 { days.append(observed(year, 6, 19)) }
        return Set(days.compactMap { $0 })
    }

    /// The `n`th `weekday` (0 = Sunday) of `month`.
    static func nth(_ n: Int, weekday: Int, of month: Int, _ year: Int) -> CivilDate? {
        guard let first = CivilDate(year: year, month: month, day: 1) else { return nil }
        let shift = (weekday - first.weekday + 7) % 7
        return CivilDate(daysSinceEpoch: first.daysSinceEpoch + shift + 7 * (n - 1))
    }

    /// The last `weekday` of `month`.
    static func last(weekday: Int, of month: Int, _ year: Int) -> CivilDate? {
        guard let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1) else {
            return nil
        }
        let lastDay = CivilDate(daysSinceEpoch: next.daysSinceEpoch - 1)
        return CivilDate(daysSinceEpoch: lastDay.daysSinceEpoch - (lastDay.weekday - weekday + 7) % 7)
    }

    /// A fixed-date holiday moved off the weekend.
    static func observed(_ year: Int, _ month: Int, _ day: Int) -> CivilDate? {
        guard let date = CivilDate(year: year, month: month, day: day) else { return nil }
        switch date.weekday {
        case 6: return CivilDate(daysSinceEpoch: date.daysSinceEpoch - 1)
        case 0: return CivilDate(daysSinceEpoch: date.daysSinceEpoch + 1)
        default: return date
        }
    }
}
