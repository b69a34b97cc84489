import ChargeShareDomain
import Testing

@Suite("Stored prices on a window's intervals, a prices file, export limits")
struct PricePointTests {
    static let start = Timestamp(rfc3339: "2026-06-01T10:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)
    static func at(minutes: Int) -> Timestamp { start.adding(milliseconds: Int64(minutes) * 60_000) }
    static func point(_ minutes: Int, _ length: Int, _ price: Double, currency: String = "EUR") -> PricePoint {
        PricePoint(
            start: at(minutes: minutes), intervalMinutes: length, importPerKwh: price, exportPerKwh: price / 2, currency: currency, source: "t")
    }

    @Test("Hourly prices give each quarter hour its hour's price; quarter hours average into an hour")
    func resampling() throws {
        let hourly = [Self.point(0, 60, 0.2), Self.point(60, 60, 0.4)]
        let quarters = try PricePoint.prices(hourly, start: Self.start, intervalMinutes: 15, intervals: 8)
        #expect(quarters.prices.importPerKwh == .values([0.2, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.4]))
        #expect(quarters.prices.exportPerKwh == .values([0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2]))
        #expect(quarters.currency == "EUR")
        let fine = [Self.point(0, 15, 0.1), Self.point(15, 15, 0.2), Self.point(30, 15, 0.3), Self.point(45, 15, 0.4)]
        let hour = try PricePoint.prices(fine, start: Self.start, intervalMinutes: 60, intervals: 1)
        #expect(abs(hour.prices.importPerKwh[0] - 0.25) < 1e-12)
        let constant = try PricePoint.prices(hourly, start: Self.start, intervalMinutes: 30, intervals: 2)
        #expect(constant.prices.importPerKwh == .constant(0.2), "one price throughout: a constant series")
    }

    @Test("A gap or two currencies cannot price a window")
    func gaps() {
        #expect(throws: PricePoint.Gap.uncovered(interval: 2, at: Self.at(minutes: 60))) {
            try PricePoint.prices([Self.point(0, 60, 0.2)], start: Self.start, intervalMinutes: 30, intervals: 3)
        }
        #expect(throws: PricePoint.Gap.uncovered(interval: 0, at: Self.start)) {
            try PricePoint.prices([Self.point(15, 60, 0.2)], start: Self.start, intervalMinutes: 30, intervals: 1)
        }
        #expect(throws: PricePoint.Gap.mixedCurrencies(["EUR", "GBP"])) {
            try PricePoint.prices(
                [Self.point(0, 60, 0.2), Self.point(60, 60, 0.2, currency: "GBP")], start: Self.start, intervalMinutes: 60, intervals: 2)
        }
    }

    @Test("A prices file is the contract's prices object, with its rules and paths")
    func pricesFile() throws {
        #expect(
            try PricesReader.read(Array(#"{"importPerKwh": [0.3, 0.1], "exportPerKwh": 0}"#.utf8), intervals: 2)
                == Prices(importPerKwh: .values([0.3, 0.1]), exportPerKwh: .constant(0)))
        #expect {
            try PricesReader.read(Array(#"{"importPerKwh": 0.1, "exportPerKwh": 0.2, "x": 1}"#.utf8), intervals: 2)
        } throws: { error in
            (error as? InvalidProblem)?.issues.map(\.description).contains { $0.hasPrefix("exportPerKwh: export price 0.2 is above") } == true
        }
    }

    @Test("An export limit lowers the feeder's export limit where it applies; without one the base stays")
    func exportLimits() {
        let limits = [
            GridLimit(feederId: "F", start: Self.at(minutes: 20), end: Self.at(minutes: 30), importLimitKw: nil, exportLimitKw: 2, source: "a"),
            GridLimit(feederId: "G", start: Self.start, end: Self.at(minutes: 60), importLimitKw: nil, exportLimitKw: 0, source: "b"),
        ]
        #expect(
            GridLimit.exportLimits(feederId: "F", base: .constant(5), limits: limits, start: Self.start, intervalMinutes: 15, intervals: 4)
                == .values([5, 2, 5, 5]))
        #expect(
            GridLimit.exportLimits(feederId: "H", base: .constant(5), limits: limits, start: Self.start, intervalMinutes: 15, intervals: 4)
                == .constant(5))
    }
}
