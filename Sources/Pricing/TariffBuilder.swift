public import ChargeShareDomain
import Foundation

/// Turns one site's interval prices into an OCPI 2.2.1 Tariff.
///
/// - Elements are restricted by `start_time`/`end_time` in the site's local time (DST-correct, see
///   `LocalTimeSegments`); consecutive intervals with equal prices share one element.
/// - When the window covers more than one local date, each element also names its `day_of_week`;
///   when it covers the same weekday twice, `start_date`/`end_date` as well.
/// - A day that the window covers completely gets no time restriction for a run that fills it.
/// - Elements are in time order and do not overlap; the last element is unrestricted and carries
///   the window's highest price (it applies only where no other element does).
public enum TariffBuilder {
    /// The tariff for `prices`, identified by `id` (OCPI CiString(36)) and stamped `lastUpdated`.
    public static func tariff(_ prices: SitePrices, id: String, lastUpdated: Timestamp) -> OCPITariff {
        let segments = LocalTimeSegments.segments(prices)
        let days = Set(segments.map(\.day))
        let multiDay = days.count > 1
        let weekdayRepeats = (days.max() ?? 0) - (days.min() ?? 0) >= 7
        let vat = prices.terms.vatPercent
        var elements = segments.map { segment -> OCPITariff.Element in
            var r = OCPITariff.Restrictions()
            if !(segment.startMinute == 0 && segment.endMinute == 1440) {
                r.startTime = clock(segment.startMinute)
                r.endTime = clock(segment.endMinute % 1440)
            }
            if multiDay { r.daysOfWeek = [weekday(segment.day)] }
            if weekdayRepeats {
                r.startDate = date(segment.day)
                r.endDate = date(segment.day + 1)
            }
            let restricted = r != OCPITariff.Restrictions()
            return OCPITariff.Element(
                energyPricePerKwh: segment.energy, vatPercent: vat, restrictions: restricted ? r : nil, v2gRemunerationPerKwh: segment.v2g)
        }
        let highest = prices.energyPerKwh.max() ?? 0
        elements.append(OCPITariff.Element(energyPricePerKwh: highest, vatPercent: vat))
        return OCPITariff(
            countryCode: prices.terms.countryCode, partyId: prices.terms.partyId, id: id, currency: prices.currency,
            elements: elements, startDateTime: prices.start,
            endDateTime: prices.start.adding(milliseconds: Int64(prices.intervals * prices.intervalMinutes) * 60_000),
            lastUpdated: lastUpdated
        )
    }

    /// `HH:MM` of a minute after midnight.
    static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// OCPI day name of a day number (days since 1970-01-01, a Thursday).
    static func weekday(_ day: Int) -> String {
        ["THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY"][((day % 7) + 7) % 7]
    }

    /// `YYYY-MM-DD` of a day number (days since 1970-01-01).
    static func date(_ day: Int) -> String { CivilDate(daysSinceEpoch: day).description }
}
