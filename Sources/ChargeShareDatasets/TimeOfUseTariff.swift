public import Foundation
public import ChargeShareDomain

/// A time-of-use tariff in acnportal's JSON format (`Datasets/tariffs/sce_tou_ev_4_march_2019.json`).
///
/// Each schedule covers a span of month-days (`effective_start`/`effective_end` as `MM-DD`,
/// inclusive, wrapping over New Year when end < start), a day mask (`WEEKDAYS`, `WEEKENDS`, `ALL`),
/// and prices from given local hours (`times`, must start at 0). Prices apply in the tariff's
/// local time zone, so DST shifts the UTC hours the way the utility bills them. Loading checks
/// that exactly one schedule applies on every day of a leap year, as acnportal does at lookup time.
public struct TimeOfUseTariff: Sendable {
    /// One schedule of the tariff.
    public struct Schedule: Sendable, Equatable {
        public var id: String
        /// First and last (month, day) the schedule applies, inclusive; may wrap over New Year.
        public var start: (month: Int, day: Int)
        public var end: (month: Int, day: Int)
        /// Applies on Monday…Sunday (index 0 = Monday).
        public var days: [Bool]
        /// Local hours since midnight where each price starts, ascending, first 0.
        public var hours: [Double]
        /// Price per kWh from the matching hour.
        public var perKwh: [Double]
        /// Demand charge per kW (informational: backtests report peaks, not demand charges).
        public var demandChargePerKw: Double

        public static func == (a: Schedule, b: Schedule) -> Bool {
            a.id == b.id && a.start == b.start && a.end == b.end && a.days == b.days && a.hours == b.hours
                && a.perKwh == b.perKwh && a.demandChargePerKw == b.demandChargePerKw
        }

        func applies(month: Int, day: Int, weekday: Int) -> Bool {
            guard days[weekday] else { return false }
            let md = month * 100 + day, s = start.month * 100 + start.day, e = end.month * 100 + end.day
            return s <= e ? (s...e).contains(md) : (md >= s || md <= e)
        }
    }

    public let name: String
    public let schedules: [Schedule]
    public let timeZone: TimeZone
    private let calendar: Calendar

    /// Loads a tariff file and evaluates it in `timeZone` (SCE and PG&E tariffs: America/Los_Angeles).
    public static func load(path: String, timeZone: String) throws(DatasetError) -> TimeOfUseTariff {
        return try parse(try DatasetFile.bytes(path), source: path, timeZone: timeZone)
    }

    /// Parses tariff JSON.
    public static func parse(_ bytes: [UInt8], source: String, timeZone: String) throws(DatasetError) -> TimeOfUseTariff {
        let json: JSONValue
        do { json = try JSONReader.parse(bytes, options: .engine) } catch {
            throw DatasetError(source: source, line: error.line, message: "column \(error.column): \(error.message)")
        }
        guard let zone = TimeZone(identifier: timeZone) else {
            throw DatasetError(source: source, line: nil, message: "unknown time zone \"\(timeZone)\"")
        }
        guard let name = json["name"]?.stringValue, let list = json["schedule"]?.arrayValue, !list.isEmpty else {
            throw DatasetError(source: source, line: nil, message: "$: expected \"name\" and a non-empty \"schedule\" array")
        }
        var schedules: [Schedule] = []
        for (i, item) in list.enumerated() {
            schedules.append(try schedule(item, path: "$.schedule[\(i)]", source: source))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let tariff = TimeOfUseTariff(name: name, schedules: schedules, timeZone: zone, calendar: calendar)
        try tariff.checkCoverage(source: source)
        return tariff
    }

    private init(name: String, schedules: [Schedule], timeZone: TimeZone, calendar: Calendar) {
        self.name = name
        self.schedules = schedules
        self.timeZone = timeZone
        self.calendar = calendar
    }

    /// The price per kWh in force at `time`.
    public func price(at time: Timestamp) -> Double {
        let date = Date(timeIntervalSince1970: time.secondsSinceEpoch)
        let c = calendar.dateComponents([.month, .day, .weekday, .hour, .minute, .second], from: date)
        let weekday = ((c.weekday ?? 1) + 5) % 7  // Calendar: 1 = Sunday; here 0 = Monday.
        let hour = Double(c.hour ?? 0) + Double(c.minute ?? 0) / 60 + Double(c.second ?? 0) / 3600
        // checkCoverage guarantees exactly one schedule applies.
        guard let s = schedules.first(where: { $0.applies(month: c.month ?? 1, day: c.day ?? 1, weekday: weekday) }) else { return 0 }
        var price = s.perKwh[0]
        for (h, p) in zip(s.hours, s.perKwh) where hour >= h { price = p }
        return price
    }

    private func checkCoverage(source: String) throws(DatasetError) {
        for month in 1...12 {
            for day in 1...Self.daysIn(month) {
                for weekday in 0..<7 {
                    let ids = schedules.filter { $0.applies(month: month, day: day, weekday: weekday) }.map(\.id)
                    guard ids.count == 1 else {
                        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
                        let what = ids.isEmpty ? "no schedule" : "\(ids.count) schedules (\(ids.joined(separator: ", ")))"
                        throw DatasetError(source: source, line: nil, message: "$.schedule: \(what) for a \(names[weekday]) on \(month)-\(day)")
                    }
                }
            }
        }
    }

    private static func daysIn(_ month: Int) -> Int { [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] }

    private static func schedule(_ item: JSONValue, path: String, source: String) throws(DatasetError) -> Schedule {
        func fail(_ message: String) -> DatasetError { DatasetError(source: source, line: nil, message: "\(path): \(message)") }
        func monthDay(_ key: String) throws(DatasetError) -> (month: Int, day: Int) {
            let parts = (item[key]?.stringValue ?? "").split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, (1...12).contains(parts[0]), parts[1] >= 1, parts[1] <= daysIn(parts[0]) else {
                throw fail("\(key) must be MM-DD")
            }
            return (parts[0], parts[1])
        }
        guard let id = item["id"]?.stringValue else { throw fail("id must be a string") }
        let days: [Bool]
        switch item["dow_mask"]?.stringValue {
        case "WEEKDAYS": days = [true, true, true, true, true, false, false]
        case "WEEKENDS": days = [false, false, false, false, false, true, true]
        case "ALL": days = Array(repeating: true, count: 7)
        default: throw fail("dow_mask must be WEEKDAYS, WEEKENDS or ALL")
        }
        let hours = (item["times"]?.arrayValue ?? []).compactMap(\.doubleValue)
        let prices = (item["tariffs"]?.arrayValue ?? []).compactMap(\.doubleValue)
        guard !hours.isEmpty, hours.count == prices.count, hours.count == item["times"]?.arrayValue?.count,
            prices.count == item["tariffs"]?.arrayValue?.count
        else {
            throw fail("times and tariffs must be number arrays of equal, non-zero length")
        }
        guard hours[0] == 0, zip(hours, hours.dropFirst()).allSatisfy({ $0 < $1 }), hours.allSatisfy({ $0 < 24 }) else {
            throw fail("times must start at 0 and increase strictly below 24")
        }
        guard prices.allSatisfy({ $0.isFinite && abs($0) <= 1e4 }) else { throw fail("tariffs must be finite prices") }
        return Schedule(
            id: id, start: try monthDay("effective_start"), end: try monthDay("effective_end"), days: days,
            hours: hours, perKwh: prices, demandChargePerKw: item["demand_charge"]?.doubleValue ?? 0)
    }
}
