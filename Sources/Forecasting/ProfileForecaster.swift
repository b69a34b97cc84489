public import ChargeShareDomain

/// The median (or mean) of the same interval of the day over the last `days` comparable days
/// before the origin. Comparable: for a working day, the same weekday (holidays left out); for a
/// weekend day or a holiday, the last weekend days and holidays pooled (workplace sites are near
/// idle on all of them). Before any comparable day is known, the last known day.
///
/// Chosen by measurement (docs/forecasting.md): at both ACN garages it beats both seasonal naive
/// forecasts overall and at every horizon of the next two days, where a ridge model with an
/// intercept did not (it forecasts small loads for empty nights).
public struct ProfileForecaster: DemandForecaster {
    public enum Statistic: String, Sendable, CaseIterable {
        case median, mean
    }

    public let days: Int
    public let statistic: Statistic
    /// Whether weekend days and holidays form one pool. When not, a weekend target pools its own
    /// weekday and a holiday target the last weekend days.
    public let poolsOffDays: Bool

    public init(days: Int = 6, statistic: Statistic = .median, poolsOffDays: Bool = true) {
        self.days = max(1, days)
        self.statistic = statistic
        self.poolsOffDays = poolsOffDays
    }

    public var name: String { "profile-\(statistic.rawValue)-\(days)d" + (poolsOffDays ? "" : "-same-weekday") }

    public func forecast(_ context: ForecastContext, horizon: Int) -> [Double] {
        let perDay = context.perDay, knownDays = context.origin / perDay
        guard knownDays > 0 else { return Array(repeating: 0, count: horizon) }
        let kinds = (0..<((context.origin + horizon) / perDay + 1)).map { DayKind(context, day: $0) }
        return (0..<horizon).map { h in
            let target = (context.origin + h) / perDay, slot = (context.origin + h) % perDay
            let pool = Self.comparableDays(kinds, before: knownDays, target: kinds[target], limit: days, poolsOffDays: poolsOffDays)
            let values = pool.map { context.history[$0 * perDay + slot] }
            return statistic == .median ? Self.median(values) : values.reduce(0, +) / Double(values.count)
        }
    }

    /// The last `limit` days before `before` comparable with `target` (the last day when none is).
    static func comparableDays(_ kinds: [DayKind], before: Int, target: DayKind, limit: Int, poolsOffDays: Bool) -> [Int] {
        var pool: [Int] = []
        var day = before - 1
        while day >= 0 && pool.count < limit {
            let k = kinds[day]
            let comparable: Bool
            if poolsOffDays && target.isOffDay {
                comparable = k.isOffDay
            } else if target.isHoliday {
                comparable = k.weekday == 0 || k.weekday == 6
            } else {
                comparable = !k.isHoliday && k.weekday == target.weekday
            }
            if comparable { pool.append(day) }
            day -= 1
        }
        return pool.isEmpty ? [before - 1] : pool
    }

    /// The mean of the same slot over the last `days` days before the origin.
    static func recentMean(_ context: ForecastContext, horizon: Int, days: Int) -> [Double] {
        let perDay = context.perDay, knownDays = context.origin / perDay, used = min(days, knownDays)
        guard used > 0 else { return Array(repeating: 0, count: horizon) }
        return (0..<horizon).map { h in
            let slot = (context.origin + h) % perDay
            return (0..<used).reduce(0) { $0 + context.history[(knownDays - 1 - $1) * perDay + slot] } / Double(used)
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted(), n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

/// A day of the series as the models see it.
struct DayKind: Sendable {
    /// 0 = Sunday … 6 = Saturday.
    let weekday: Int
    let isHoliday: Bool
    /// A weekend day or a holiday.
    var isOffDay: Bool { isHoliday || weekday == 0 || weekday == 6 }

    /// Day `day` of the series.
    init(_ context: ForecastContext, day: Int) {
        let date = context.date(ofDay: day)
        weekday = date.weekday
        isHoliday = context.calendar.isHoliday(date)
    }
}
