import ChargeShareDomain
import Foundation
import Testing
@testable import Pricing

@Suite("OCPI tariff elements in local time: DST days, merging, weekdays, default last")
struct TariffBuilderTests {
    /// Prices for one site in Europe/Amsterdam with hourly intervals.
    func prices(start: String, _ values: [String], v2g: [String]? = nil, zone: String = "Europe/Amsterdam") -> SitePrices {
        let n = values.count
        return SitePrices(
            siteId: "s", feederId: "f", timeZone: zone, currency: "EUR", start: Timestamp(rfc3339: start)!, intervalMinutes: 60,
            terms: PricingTerms(vatPercent: dec("21")), importPerKwh: Array(repeating: 0, count: n), congestionPerKwh: Array(repeating: 0, count: n),
            exportPerKwh: Array(repeating: 0, count: n), energyPerKwh: values.map(dec), v2gRemunerationPerKwh: v2g?.map(dec)
        )
    }

    func times(_ tariff: OCPITariff) -> [String] {
        tariff.elements.map { e in
            guard let r = e.restrictions else { return "any \(Money.text(e.energyPricePerKwh))" }
            return
                "\(r.daysOfWeek?.joined() ?? "")\(r.daysOfWeek == nil ? "" : " ")\(r.startTime ?? "-")-\(r.endTime ?? "-") \(Money.text(e.energyPricePerKwh))"
        }
    }

    let updated = Timestamp(rfc3339: "2026-03-01T00:00:00Z")!

    /// 29 March 2026: clocks go from 02:00 CET to 03:00 CEST. Hour t starts at 23:00Z + t.
    @Test func springForwardDaySkipsTheMissingHour() {
        let values = (0..<24).map { "0.\(10 + $0)" }
        let tariff = TariffBuilder.tariff(prices(start: "2026-03-28T23:00:00Z", values), id: "s", lastUpdated: updated)
        let t = times(tariff)
        #expect(t.count == 25)  // 23 local hours on Sunday, 1 on Monday, the default
        #expect(t[0] == "SUNDAY 00:00-01:00 0.1000")
        #expect(t[1] == "SUNDAY 01:00-02:00 0.1100")
        #expect(t[2] == "SUNDAY 02:00-04:00 0.1200")  // 01:00Z is 03:00 CEST; the skipped hour joins it
        #expect(t[3] == "SUNDAY 04:00-05:00 0.1300")
        #expect(t[22] == "SUNDAY 23:00-00:00 0.3200")  // "00:00" = until midnight (OCPI)
        #expect(t[23] == "MONDAY 00:00-01:00 0.3300")
        #expect(t[24] == "any 0.3300")  // unrestricted default last: the highest price
        #expect(tariff.elements.allSatisfy { $0.vatPercent == dec("21") })
    }

    /// 25 October 2026: 03:00 CEST becomes 02:00 CET; 00:00Z and 01:00Z are both 02:00 local.
    @Test func fallBackDayChargesTheHigherPriceInTheRepeatedHour() {
        let values = (0..<25).map { "0.\(10 + $0)" }
        let v2g = (0..<25).map { "0.0\($0 % 10)" }
        let tariff = TariffBuilder.tariff(prices(start: "2026-10-24T22:00:00Z", values, v2g: v2g), id: "s", lastUpdated: updated)
        let t = times(tariff)
        #expect(t.count == 25)
        #expect(t[1] == "01:00-02:00 0.1100")  // one local date: no day_of_week needed
        #expect(t[2] == "02:00-03:00 0.1300")  // max(0.12, 0.13)
        #expect(tariff.elements[2].v2gRemunerationPerKwh == dec("0.02"))  // min(0.02, 0.03)
        #expect(t[3] == "03:00-04:00 0.1400")
        #expect(t[23] == "23:00-00:00 0.3400")
        #expect(t[24] == "any 0.3400")
    }

    @Test func equalNeighboursMergeAndAFullDayNeedsNoTimes() {
        let flat = TariffBuilder.tariff(prices(start: "2026-03-02T23:00:00Z", Array(repeating: "0.20", count: 24)), id: "s", lastUpdated: updated)
        #expect(times(flat) == ["any 0.2000", "any 0.2000"])
        let two = TariffBuilder.tariff(
            prices(start: "2026-03-02T23:00:00Z", Array(repeating: "0.10", count: 8) + Array(repeating: "0.20", count: 16)), id: "s",
            lastUpdated: updated)
        #expect(times(two) == ["00:00-08:00 0.1000", "08:00-00:00 0.2000", "any 0.2000"])
    }

    /// A window of 8 local days names each weekday twice, so elements carry dates as well.
    @Test func longWindowsAddDates() {
        let tariff = TariffBuilder.tariff(
            prices(start: "2026-03-02T23:00:00Z", (0..<(8 * 24)).map { $0 < 24 ? "0.10" : "0.20" }), id: "s", lastUpdated: updated)
        let first = tariff.elements[0].restrictions
        #expect(first?.startDate == "2026-03-03")
        #expect(first?.endDate == "2026-03-04")
        #expect(first?.daysOfWeek == ["TUESDAY"])
        #expect(first?.startTime == nil)  // a whole local day
        #expect(tariff.elements.count == 9)
    }

    @Test func jsonCarriesMoneyAsStringsOrNumbers() {
        let tariff = TariffBuilder.tariff(prices(start: "2026-03-02T23:00:00Z", ["0.2654"], v2g: ["0.1"]), id: "s", lastUpdated: updated)
        let strings = JSONWriter().string(tariff.json(money: .string))
        let numbers = JSONWriter().string(tariff.json(money: .number))
        #expect(strings.contains(#""price":"0.2654""#))
        #expect(strings.contains(#""x_chargeshare_v2g_remuneration_per_kwh":"0.1000""#))
        #expect(numbers.contains(#""price":0.2654"#))
        #expect(numbers.contains(#""start_date_time":"2026-03-02T23:00:00Z","end_date_time":"2026-03-03T00:00:00Z""#))
    }
}
