import Foundation

/// The model's inputs for one charger on one day, from its daily features over the days before
/// (docs/maintenance.md, "Features"). Each is dimensionless or physical (mΩ), compares a charger
/// with its own past or with the fleet, and is 0, its neutral value, when the data are missing, so
/// the model relies on physics rather than on one simulator's sensor levels.
public enum RiskFeatures {
    /// The feature names, in the order of `values`; a model file must list exactly these.
    public static let names = ["heat_rise", "heat_vs_fleet", "heat_trend", "sag_rise", "fault_rate", "delivery_shortfall"]
    /// Days of history a score reads: the last 4 are "recent"; the heat baseline is the first 14.
    public static let lookbackDays = 28
    static let recentDays = 4
    /// The baseline: the first 14 of the 28 days (at most), ending at least 14 days before the score.
    static let baselineDays = 14
    static let baselineGapDays = 14

    /// The features from `history` (oldest first, the last element the day before the score; at
    /// most `lookbackDays` are read) and the fleet's median recent heat coefficient.
    ///
    /// - `heat_rise`: ln(recent / baseline) of the heat coefficient (mK/A²): recent = median of the
    ///   last 4 days' values (at least 2), baseline = median of the first 14 of the 28 days (at
    ///   least 3 values).
    /// - `heat_vs_fleet`: ln(recent / the fleet's median recent value).
    /// - `heat_trend`: least-squares slope of ln(heat coefficient) over the last 14 days, per week.
    /// - `sag_rise`: median voltage sag (mΩ) of the last 4 days minus that of the days before.
    /// - `fault_rate`: alerts and abnormal ends of the last 4 days per session started (+1).
    /// - `delivery_shortfall`: 1 − delivered / offered power over the last 4 days, minus the same
    ///   over the days before (the car's own limit, which dominates the level, cancels out).
    public static func values(history: ArraySlice<DailyFeatures>, fleetRecentHeat: Double?) -> [Double] {
        values(history: history, heat: HeatHistory(history), fleetRecentHeat: fleetRecentHeat)
    }

    /// `values(history:fleetRecentHeat:)` with the charger's heat coefficients already computed.
    static func values(history: ArraySlice<DailyFeatures>, heat heatHistory: HeatHistory, fleetRecentHeat: Double?) -> [Double] {
        let days = Array(history.suffix(lookbackDays))
        let recent = days.suffix(recentDays), before = days.dropLast(recentDays)
        let heat = heatHistory.daily, recentHeat = heatHistory.recent
        var heatRise = 0.0
        let baseline = heat.prefix(max(0, days.count - baselineGapDays)).prefix(baselineDays).compactMap { $0 }
        if let recentHeat, baseline.count >= 3 { heatRise = log(recentHeat / DailyFeatures.median(baseline)) }
        var heatVsFleet = 0.0
        if let recentHeat, let fleet = fleetRecentHeat, fleet > 0 { heatVsFleet = log(recentHeat / fleet) }
        var points: [(Double, Double)] = []
        for (i, h) in heat.enumerated().suffix(14) { if let h { points.append((Double(i), log(h))) } }
        let heatTrend = points.count >= 5 ? slope(points) * 7 : 0
        let recentSag = recent.compactMap(\.sagMilliohm), beforeSag = before.compactMap(\.sagMilliohm)
        var sagRise = 0.0
        if recentSag.count >= 2, beforeSag.count >= 2 {
            sagRise = min(500, max(-500, DailyFeatures.median(recentSag) - DailyFeatures.median(beforeSag)))
        }
        let faults = recent.reduce(0) { $0 + $1.alerts + $1.abnormalEnds }, sessions = recent.reduce(0) { $0 + $1.sessions }
        func shortfall(_ days: ArraySlice<DailyFeatures>) -> Double? {
            let delivered = days.reduce(0) { $0 + $1.deliveredW }, offered = days.reduce(0) { $0 + $1.offeredW }
            return offered > 0 ? min(1, max(0, 1 - delivered / offered)) : nil
        }
        var shortfallRise = 0.0
        if let now = shortfall(recent), let then = shortfall(before) { shortfallRise = now - then }
        return [heatRise, heatVsFleet, heatTrend, sagRise, Double(faults) / Double(sessions + 1), shortfallRise]
    }

    /// The median heat coefficient of the last 4 days of `history` (its last `lookbackDays`), when
    /// at least 2 are known.
    public static func recentHeat(_ history: ArraySlice<DailyFeatures>) -> Double? { HeatHistory(history).recent }

    /// A charger's heat coefficients over the last `lookbackDays` of its history, oldest first.
    public struct HeatHistory: Sendable {
        /// Each day's coefficient, mK/A² (see `heatCoefficients`).
        public let daily: [Double?]
        /// Whether they are corrected for the idle excess; when not, they are the raw ratios, and a
        /// fleet comparison must use chargers of the same kind.
        public let idleCorrected: Bool

        public init(_ history: ArraySlice<DailyFeatures>) {
            let days = Array(history.suffix(lookbackDays))
            let profile = idleProfile(days)
            daily = heatCoefficients(days, profile: profile)
            idleCorrected = profile != nil
        }

        /// The median of the last 4 days' values, when at least 2 are known.
        public var recent: Double? {
            let values = daily.suffix(recentDays).compactMap { $0 }
            return values.count >= 2 ? DailyFeatures.median(values) : nil
        }
    }

    /// Each day's heat coefficient (mK/A², positive, else nil), corrected for what heats the
    /// connector without current: with the idle `profile` of these days (see `idleProfile`), the
    /// median over the day's loaded samples (at least 3) of (excess − profile at that hour) / I²; the
    /// sensor offset and the sun on the housing cancel. Without a profile, the raw `heatPerAmpSquared`.
    static func heatCoefficients(_ days: [DailyFeatures], profile: [Double]?) -> [Double?] {
        guard let profile else { return days.map { $0.heatPerAmpSquared.flatMap { $0 > 0 ? $0 : nil } } }
        return days.map { day in
            let ratios = day.loaded.compactMap { sample -> Double? in
                guard sample.hour < 24, sample.ampsSquared > 0 else { return nil }
                return (Double(sample.excessC) - profile[Int(sample.hour)]) / Double(sample.ampsSquared) * 1000
            }
            guard ratios.count >= 3 else { return nil }
            let value = DailyFeatures.median(ratios)
            return value > 0 ? value : nil
        }
    }

    /// The connector's idle excess over ambient by UTC hour over `days`: per hour, the median of the
    /// days' idle values when at least 2; hours without are interpolated linearly (around the clock)
    /// between the nearest hours with. Nil unless at least 12 hours have values.
    static func idleProfile(_ days: [DailyFeatures]) -> [Double]? {
        var perHour = [[Double]](repeating: [], count: 24)
        for day in days where day.idleExcessC.count == 24 {
            for (h, value) in day.idleExcessC.enumerated() { if let value { perHour[h].append(Double(value)) } }
        }
        let known = (0..<24).filter { perHour[$0].count >= 2 }
        guard known.count >= 12, let first = known.first, let last = known.last else { return nil }
        var profile = [Double](repeating: 0, count: 24)
        for h in known { profile[h] = DailyFeatures.median(perHour[h]) }
        for h in 0..<24 where perHour[h].count < 2 {
            let before = known.last { $0 < h } ?? (last - 24), after = known.first { $0 > h } ?? (first + 24)
            let weight = Double(h - before) / Double(after - before)
            profile[h] = profile[(before + 24) % 24] * (1 - weight) + profile[after % 24] * weight
        }
        return profile
    }

    /// Least-squares slope of y on x.
    static func slope(_ points: [(Double, Double)]) -> Double {
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.0 } / n, my = points.reduce(0) { $0 + $1.1 } / n
        var sxy = 0.0, sxx = 0.0
        for (x, y) in points {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        return sxx > 0 ? sxy / sxx : 0
    }
}
