public import ChargeShareDomain
import Foundation

/// What a demand model knows about an instant at a site: its local date, hour and weekday in the
/// site's time zone (daylight saving included), and whether the date is a public holiday.
public struct LocalCalendar: Sendable {
    /// The IANA zone name, e.g. `America/Los_Angeles`.
    public let timeZone: String
    private let zone: TimeZone

    /// - Returns: `nil` for a zone name the system does not know.
    public init?(timeZone: String) {
        guard let zone = TimeZone(identifier: timeZone) else { return nil }
        self.timeZone = timeZone
        self.zone = zone
    }

    /// Local civil date and hour of `instant`.
    public func local(_ instant: Timestamp) -> (date: CivilDate, hour: Int) {
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: instant.secondsSinceEpoch))) * 1000
        let localMs = instant.millisecondsSinceEpoch + offset
        let day = Int(localMs >= 0 ? localMs / 86_400_000 : (localMs - 86_399_999) / 86_400_000)
        let hour = Int((localMs - Int64(day) * 86_400_000) / 3_600_000)
        return (CivilDate(daysSinceEpoch: day), hour)
    }

    /// Local wall-clock seconds since 1970-01-01T00:00 local time (the UTC instant plus the zone's
    /// offset at that instant).
    public func localSeconds(_ instant: Timestamp) -> Double {
        instant.secondsSinceEpoch + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: instant.secondsSinceEpoch)))
    }

    /// The instant local midnight starts `date`.
    public func midnight(_ date: CivilDate) -> Timestamp {
        // The zone's offset at UTC midnight of that date, corrected once (a change of offset in the
        // first hours of the day moves midnight by at most that change).
        let utc = Int64(date.daysSinceEpoch) * 86_400_000
        let first = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc) / 1000))) * 1000
        let guess = utc - first
        let second = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess) / 1000))) * 1000
        return Timestamp(millisecondsSinceEpoch: utc - second)
    }

    /// Whether `date` is a public holiday where the site is (`Holidays.unitedStates` for the US
    /// zones of `unitedStatesZones`; no holidays are known for other zones yet). New Year's Day on
    /// a Saturday is observed on December 31st of the year before, so the next year's set is asked too.
    public func isHoliday(_ date: CivilDate) -> Bool {
        guard Self.isUnitedStates(timeZone) else { return false }
        return [date.year, date.year + 1].contains { year in
            (Self.usHolidays[year] ?? Holidays.unitedStates(year)).contains(date)
        }
    }

    /// The IANA zones of the United States (tzdata's `zone1970.tab` for US, and the `US/*` links).
    static let unitedStatesZones: Set<String> = [
        "America/New_York", "America/Detroit", "America/Kentucky/Louisville", "America/Kentucky/Monticello", "America/Indiana/Indianapolis",
        "America/Indiana/Vincennes", "America/Indiana/Winamac", "America/Indiana/Marengo", "America/Indiana/Petersburg",
        "America/Indiana/Vevay", "America/Chicago", "America/Indiana/Tell_City", "America/Indiana/Knox", "America/Menominee",
        "America/North_Dakota/Center", "America/North_Dakota/New_Salem", "America/North_Dakota/Beulah", "America/Denver", "America/Boise",
        "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "America/Juneau", "America/Sitka", "America/Metlakatla",
        "America/Yakutat", "America/Nome", "America/Adak", "Pacific/Honolulu", "America/Indianapolis", "America/Louisville",
    ]

    static func isUnitedStates(_ zone: String) -> Bool { unitedStatesZones.contains(zone) || zone.hasPrefix("US/") }

    /// The US holidays of 1970–2100, computed once: models ask for every day of every origin.
    private static let usHolidays: [Int: Set<CivilDate>] = Dictionary(uniqueKeysWithValues: (1970...2100).map { ($0, Holidays.unitedStates($0)) })
}
