public import ChargeShareDatasets
import ChargeShareDomain
import Foundation

/// Synthetic charging sessions drawn from the ElaadNL distributions (`Datasets/elaad`), in the
/// engine's session-export format, so backtests can run where no real sessions exist.
///
/// Per day: the number of arrivals is `sessionsPerDay` on weekdays and `weekendShare` of it on
/// weekends; each arrival's 15-minute slot follows the location's arrival weights (workplace
/// weekends reuse the weekday shape: ElaadNL has no workplace weekend table), the minute within
/// the slot is uniform, and stay and energy are inverse-transform samples of the exceedance
/// tables. Energy is capped at what the station could deliver in the stay. The driver's estimate
/// is the real departure moved by up to ±`estimateErrorHours`, never within 15 minutes of arrival.
/// A car takes the free station with the lowest number; when all are busy it is turned away
/// (counted in `rejected`).
public struct SessionGenerator: Sendable {
    public var distributions: ElaadDistributions
    public var location: ElaadDistributions.Location
    public var stations: Int
    public var sessionsPerDay: Int
    public var weekendShare: Double
    public var chargerKw: Double
    public var estimateErrorHours: Double
    public var seed: UInt64

    public init(
        distributions: ElaadDistributions, location: ElaadDistributions.Location = .workplace, stations: Int = 20,
        sessionsPerDay: Int = 25, weekendShare: Double = 0.2, chargerKw: Double = 6.6, estimateErrorHours: Double = 1.5,
        seed: UInt64 = 1
    ) {
        self.distributions = distributions
        self.location = location
        self.stations = stations
        self.sessionsPerDay = sessionsPerDay
        self.weekendShare = weekendShare
        self.chargerKw = chargerKw
        self.estimateErrorHours = estimateErrorHours
        self.seed = seed
    }

    /// Earliest first day: Foundation's Gregorian calendar turns Julian before 1582, and time-zone
    /// data before 1900 is local mean time.
    public static let earliestDay = "1900-01-01"
    /// Latest last day: the export writes four-digit years, and the last cars leave up to a
    /// week later (the longest stay a session file may hold).
    public static let latestDay = "9999-12-24"

    /// Why `firstDay` (YYYY-MM-DD) and `days` cannot be generated, or `nil` when they can: the date
    /// must exist (no 2019-02-31, which a calendar would quietly turn into 03-03) and every day
    /// must lie between `earliestDay` and `latestDay`.
    public static func problem(firstDay: String, days: Int) -> String? {
        let bytes = Array(firstDay.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let day = Timestamp(rfc3339: firstDay + "T00:00:00Z")
        else {
            return "expected an existing date YYYY-MM-DD, got \"\(firstDay)\""
        }
        guard days >= 1, let earliest = Timestamp(rfc3339: earliestDay + "T00:00:00Z"),
            let latest = Timestamp(rfc3339: latestDay + "T00:00:00Z")
        else { return "expected at least one day" }
        let last = day.adding(milliseconds: Int64(days - 1) * 86_400_000)
        guard day >= earliest, last <= latest else {
            return "the days must lie between \(earliestDay) and \(latestDay); \(firstDay) and \(days) day(s) end on \(last.description.prefix(10))"
        }
        return nil
    }

    /// Sessions for `days` calendar days from midnight of `firstDay` (YYYY-MM-DD) in `timeZone`,
    /// sorted by arrival, and how many arrivals found no free station. Nothing when
    /// `problem(firstDay:days:)` finds the days invalid.
    public func generate(firstDay: String, days: Int, timeZone: String) -> (sessions: [SessionRecord], rejected: Int) {
        var rng = SeededGenerator(seed: seed)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = firstDay.split(separator: "-").compactMap { Int($0) }
        guard Self.problem(firstDay: firstDay, days: days) == nil, parts.count == 3,
            let first = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        else {
            return ([], 0)
        }
        var freeAt = [Timestamp](repeating: Timestamp(millisecondsSinceEpoch: .min), count: stations)
        var sessions: [SessionRecord] = []
        var rejected = 0
        for d in 0..<days {
            guard let day = calendar.date(byAdding: .day, value: d, to: first) else { continue }
            let weekend = calendar.isDateInWeekend(day)
            let weights = (weekend ? distributions.weekendArrivals[location] : nil) ?? distributions.weekdayArrivals[location] ?? []
            let count = Int((Double(sessionsPerDay) * (weekend ? weekendShare : 1)).rounded())
            let slots = (0..<count).map { _ in Self.sample(weights, &rng) }.sorted()
            for (k, slot) in slots.enumerated() {
                let seconds = Double(slot) * 900 + rng.uniform(0, 900)
                guard let arrivalDate = calendar.date(byAdding: .second, value: Int(seconds), to: day) else { continue }
                let arrival = Timestamp(millisecondsSinceEpoch: Int64(arrivalDate.timeIntervalSince1970) * 1000)
                let hours = max(0.25, ElaadDistributions.exceedance(distributions.connectionHours[location] ?? [1], percent: rng.uniform(0, 100)))
                let departure = arrival.adding(milliseconds: Int64(hours * 3_600_000))
                let wanted = ElaadDistributions.exceedance(distributions.energyKwh[location] ?? [1], percent: rng.uniform(0, 100))
                let energy = (min(wanted, chargerKw * hours) * 1000).rounded() / 1000
                let shift = rng.uniform(-estimateErrorHours, estimateErrorHours)
                let estimate = max(arrival.adding(milliseconds: 900_000), departure.adding(milliseconds: Int64(shift * 3_600_000)))
                guard let station = freeAt.indices.first(where: { freeAt[$0] <= arrival }) else {
                    rejected += 1
                    continue
                }
                freeAt[station] = departure
                sessions.append(
                    SessionRecord(
                        id: String(format: "elaad-%@-%03d", Self.dayLabel(day, calendar), k), stationId: String(format: "S-%02d", station + 1),
                        arrival: arrival, departure: departure, estimatedDeparture: estimate, requestedKwh: energy,
                        deliveredKwh: energy, claimed: true))
            }
        }
        return (sessions.sorted { ($0.arrival, $0.id) < ($1.arrival, $1.id) }, rejected)
    }

    static func sample(_ weights: [Double], _ rng: inout SeededGenerator) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }
        var u = rng.uniform(0, total)
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.count - 1
    }

    static func dayLabel(_ day: Date, _ calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: day)
        return String(format: "%04d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
