public import Foundation
public import StrictJSON

/// One OCPI TariffElement as the edge evaluates it: the restrictions ChargeShare uses and the
/// energy price and V2G remuneration it carries.
public struct TariffRule: Sendable, Equatable {
    /// The extension member carrying the V2G remuneration per kWh discharged (OCPI has no export price).
    public static let v2gMember = "x_chargeshare_v2g_remuneration_per_kwh"

    /// Price per kWh of the element's ENERGY component, excluding VAT.
    public var energyPricePerKwh: Decimal
    /// Paid per kWh discharged, when the element carries it.
    public var v2gRemunerationPerKwh: Decimal?
    /// Minutes after local midnight: inclusive start, exclusive end; `end < start` wraps past midnight
    /// (so an end of `00:00` means "until midnight") and `end == start` is the whole day.
    public var startMinute: Int?
    public var endMinute: Int?
    /// OCPI day names (`MONDAY` …) in local time; `nil` = every day.
    public var daysOfWeek: Set<String>?
    /// Local dates `YYYY-MM-DD`: inclusive start, exclusive end.
    public var startDate: String?
    public var endDate: String?

    public init(
        energyPricePerKwh: Decimal, v2gRemunerationPerKwh: Decimal? = nil, startMinute: Int? = nil, endMinute: Int? = nil,
        daysOfWeek: Set<String>? = nil, startDate: String? = nil, endDate: String? = nil
    ) {
        self.energyPricePerKwh = energyPricePerKwh
        self.v2gRemunerationPerKwh = v2gRemunerationPerKwh
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.daysOfWeek = daysOfWeek
        self.startDate = startDate
        self.endDate = endDate
    }

    /// Whether the element applies at a local wall-clock moment.
    public func matches(minuteOfDay: Int, weekday: String, date: String) -> Bool {
        if let startMinute, let endMinute {
            let inside =
                startMinute == endMinute
                || (startMinute < endMinute
                    ? minuteOfDay >= startMinute && minuteOfDay < endMinute
                    : minuteOfDay >= startMinute || minuteOfDay < endMinute)
            if !inside { return false }
        } else if let startMinute, minuteOfDay < startMinute {
            return false
        } else if let endMinute, minuteOfDay >= endMinute {
            return false
        }
        if let daysOfWeek, !daysOfWeek.contains(weekday) { return false }
        if let startDate, date < startDate { return false }
        if let endDate, date >= endDate { return false }
        return true
    }

    /// OCPI day names indexed by `CivilDate.weekday` (Sunday first).
    public static let dayNames = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]
}

extension SignedTariffTable {
    /// The energy price and V2G remuneration in force at `time`: the first element whose
    /// restrictions match the local time in `timeZone`, as OCPI prescribes. `nil` outside the
    /// table's validity. The zone gives only the UTC offset; the local date, weekday and minute
    /// come from `CivilDate`.
    public func price(at time: Timestamp) -> (energyPerKwh: Decimal, v2gPerKwh: Decimal?)? {
        guard time >= validFrom, time < validUntil, let zone = TimeZone(identifier: timeZone) else { return nil }
        let offsetSeconds = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time.wholeSecondsSinceEpoch))))
        let local = time.wholeSeconds.adding(milliseconds: offsetSeconds * 1000)
        let date = local.civilDate
        let minuteOfDay = Int(local.wholeSecondsSinceEpoch - Int64(date.daysSinceEpoch) * 86_400) / 60
        let name = TariffRule.dayNames[date.weekday]
        let rule = elements.first { $0.matches(minuteOfDay: minuteOfDay, weekday: name, date: date.description) }
        return rule.map { ($0.energyPricePerKwh, $0.v2gRemunerationPerKwh) }
    }
}
