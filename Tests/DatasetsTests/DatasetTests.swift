import ChargeShareDatasets
import ChargeShareDomain
import Testing
import TestSupport

@Suite("CSV and session files")
struct SessionFileTests {
    @Test("CSV: quotes, doubled quotes, BOM and CRLF")
    func csvQuoting() throws {
        let table = try CSVTable(text: "\u{FEFF}\"a\",b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n", source: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.rows.count == 1)
        #expect(table.rows[0].fields == ["x, y", "say \"hi\""])
        #expect(table.rows[0].line == 2)
    }

    @Test("CSV: an unbalanced quote fails with its line")
    func unbalancedQuote() {
        #expect(throws: DatasetError(source: "t.csv", line: 3, message: "unbalanced quote")) {
            try CSVTable(text: "a,b\n1,2\n\"3,4\n", source: "t.csv")
        }
    }

    @Test("ACN Caltech file: every session, the first row exact")
    func caltech() throws {
        let sessions = try SessionFile.load(path: Fixtures.path("acn/caltech_2019-05-01_2019-08-31.csv"))
        #expect(sessions.count == 3527)
        let first = try #require(sessions.first)
        // 2019-05-01 01:18:45-07:00 is 08:18:45 UTC.
        #expect(first.arrival == Fixtures.time("2019-05-01T08:18:45Z"))
        #expect(first.departure == Fixtures.time("2019-05-01T22:52:36Z"))
        #expect(first.estimatedDeparture == Fixtures.time("2019-05-01T16:20:45Z"))
        #expect(first.requestedKwh == 60.0)
        #expect(first.deliveredKwh == 44.069)
        #expect(first.stationId == "CA-305")
        #expect(first.claimed)
        #expect(zip(sessions, sessions.dropFirst()).allSatisfy { $0.arrival <= $1.arrival })
    }

    @Test("ACN rows with a bad time, a bad number or a wrong flag fail with line and column")
    func acnErrors() {
        let header = "arrival,departure,requested_energy (kWh),delivered_energy (kWh),station_id,session_id,estimated_departure,claimed\n"
        let good = "2019-05-01 06:33:14-07:00,2019-05-01 11:50:55-07:00,21.84,17.666,CA-314,s1,2019-05-01 11:27:14-07:00,True\n"
        func load(_ text: String) throws { _ = try SessionFile.parse(CSVTable(text: text, source: "acn.csv")) }
        #expect(
            throws: DatasetError(
                source: "acn.csv", line: 3, message: "column \"arrival\": expected YYYY-MM-DD HH:MM:SS±HH:MM, got \"2019-05-01T06:33:14\"")
        ) {
            try load(
                header + good
                    + good.replacingOccurrences(of: "2019-05-01 06:33:14-07:00", with: "2019-05-01T06:33:14").replacingOccurrences(
                        of: "s1", with: "s2"))
        }
        #expect(
            throws: DatasetError(
                source: "acn.csv", line: 2, message: "column \"delivered_energy (kWh)\": expected a number of kWh in [0, 10000], got \"-1\"")
        ) {
            try load(header + good.replacingOccurrences(of: "17.666", with: "-1"))
        }
        #expect(throws: DatasetError(source: "acn.csv", line: 2, message: "column \"claimed\": expected True or False, got \"yes\"")) {
            try load(header + good.replacingOccurrences(of: "True", with: "yes"))
        }
        #expect(throws: DatasetError(source: "acn.csv", line: 3, message: "duplicate session id \"s1\" (first on line 2)")) {
            try load(header + good + good)
        }
        #expect(
            throws: DatasetError(
                source: "acn.csv", line: 2, message: "session \"s1\": departure 2019-05-01T13:33:14Z is not after arrival 2019-05-01T13:33:14Z")
        ) {
            try load(header + good.replacingOccurrences(of: "2019-05-01 11:50:55-07:00", with: "2019-05-01 06:33:14-07:00"))
        }
    }

    @Test("The engine's export format round-trips, quoting ids with commas")
    func exportRoundTrip() throws {
        var a = Fixtures.session("a,1", arrive: 0, leave: 125, estimate: 90, kwh: 7.25)
        a.requestedKwh = 9.5
        let b = Fixtures.session("b", arrive: 30, leave: 60, kwh: 1)
        let text = SessionFile.export([a, b])
        #expect(
            text.hasPrefix(
                "sessionId,stationId,arrival,departure,estimatedDeparture,requestedKwh,deliveredKwh\n\"a,1\",\"st-a,1\",2026-03-02T08:00:00Z,2026-03-02T10:05:00Z,2026-03-02T09:30:00Z,9.5,7.25\n"
            ))
        let back = try SessionFile.parse(CSVTable(text: text, source: "export.csv"))
        #expect(back == [a, b])
    }

    @Test("An unknown header names both accepted formats")
    func unknownFormat() {
        #expect(
            throws: DatasetError(
                source: "x.csv", line: 1,
                message:
                    "unknown session format: expected the ACN header (with session_id) or sessionId,stationId,arrival,departure,estimatedDeparture,requestedKwh,deliveredKwh"
            )
        ) {
            _ = try SessionFile.parse(CSVTable(text: "id,start\n1,2\n", source: "x.csv"))
        }
    }
}

@Suite("Dutch day-ahead prices")
struct DayAheadPriceTests {
    static let header = "Country,Datetime (UTC),Datetime (Local),Price (EUR/MWhe)\n"

    @Test("The shipped file: quirks counted, prices converted to per kWh")
    func shippedFile() throws {
        let (prices, report) = try DayAheadPrices.load(path: Fixtures.path("prices/Netherlands_day-ahead-2015-2024.csv"))
        #expect(report.duplicates == 6553)
        #expect(report.blankRows == [76682])
        #expect(prices.gaps == [Fixtures.time("2023-12-30T23:00:00Z"), Fixtures.time("2024-12-30T23:00:00Z")])
        #expect(prices.first == Fixtures.time("2015-01-01T00:00:00Z"))
        #expect(prices.end == Fixtures.time("2025-01-08T00:00:00Z"))
        #expect(prices.perKwh.count == 87_840)
        #expect(abs((prices.price(at: Fixtures.time("2015-01-01T00:30:00Z")) ?? .nan) - 0.03494) < 1e-12)
        // Line 76,684 (DD/MM format): 01/01/2023 00:00 UTC, -1.46 EUR/MWh.
        #expect(abs((prices.price(at: Fixtures.time("2023-01-01T00:00:00Z")) ?? .nan) + 0.00146) < 1e-12)
        // The gap hour carries 2023-12-30 22:00's price forward.
        #expect(prices.price(at: Fixtures.time("2023-12-30T23:15:00Z")) == prices.price(at: Fixtures.time("2023-12-30T22:00:00Z")))
        #expect(prices.price(at: Fixtures.time("2014-12-31T23:00:00Z")) == nil)
    }

    @Test("Both date formats are read; the same hour in both is one price")
    func formatsAndDuplicates() throws {
        let text =
            Self.header
            + "NL,2023-01-01 00:00:00,2023-01-01 01:00:00,10\nNL,2023-01-01 01:00:00,x,20\nNL,01/01/2023 01:00,x,20\nNL,01/01/2023 02:00,x,30\n"
        let (prices, report) = try DayAheadPrices.parse(CSVTable(text: text, source: "p.csv"))
        #expect(prices.perKwh == [0.01, 0.02, 0.03])
        #expect(report.duplicates == 1)
        #expect(prices.gaps.isEmpty)
    }

    @Test("A blank row is skipped, never read as a zero price")
    func blankRow() throws {
        let text = Self.header + "NL,2023-01-01 00:00:00,x,10\nNL,,,0.0\nNL,2023-01-01 01:00:00,x,20\n"
        let (prices, report) = try DayAheadPrices.parse(CSVTable(text: text, source: "p.csv"))
        #expect(report.blankRows == [3])
        #expect(prices.perKwh == [0.01, 0.02])
    }

    @Test("A duplicate hour with another price fails naming both lines")
    func conflictingDuplicate() {
        let text = Self.header + "NL,2023-01-01 00:00:00,x,10\nNL,01/01/2023 00:00,x,11\n"
        #expect(
            throws: DatasetError(
                source: "p.csv", line: 3, message: "hour 2023-01-01T00:00:00Z is listed again with a different price (11.0, line 2 says 10.0)")
        ) {
            _ = try DayAheadPrices.parse(CSVTable(text: text, source: "p.csv"))
        }
    }

    @Test("Other date formats and half hours fail with the line")
    func badDates() {
        for bad in ["2023/01/01 00:00", "01-01-2023 00:00", "2023-01-01 00:30:00", "31/02/2023 00:00"] {
            #expect(
                throws: DatasetError(
                    source: "p.csv", line: 2,
                    message: "column \"Datetime (UTC)\": expected YYYY-MM-DD HH:MM:SS or DD/MM/YYYY HH:MM on a whole hour, got \"\(bad)\"")
            ) {
                _ = try DayAheadPrices.parse(CSVTable(text: Self.header + "NL,\(bad),x,10\n", source: "p.csv"))
            }
        }
    }

    @Test("A missing hour is filled forward and listed")
    func gapFilled() throws {
        let text = Self.header + "NL,2023-01-01 00:00:00,x,10\nNL,2023-01-01 02:00:00,x,30\n"
        let (prices, _) = try DayAheadPrices.parse(CSVTable(text: text, source: "p.csv"))
        #expect(prices.perKwh == [0.01, 0.01, 0.03])
        #expect(prices.gaps == [Fixtures.time("2023-01-01T01:00:00Z")])
    }
}

@Suite("SCE TOU-EV-4 tariff")
struct TariffTests {
    static func tariff() throws -> TimeOfUseTariff {
        try TimeOfUseTariff.load(path: Fixtures.path("tariffs/sce_tou_ev_4_march_2019.json"), timeZone: "America/Los_Angeles")
    }

    @Test("Summer weekday periods in Pacific daylight time")
    func summerWeekday() throws {
        let t = try Self.tariff()
        // Monday 2019-07-01; PDT = UTC-7.
        #expect(t.price(at: Fixtures.time("2019-07-01T14:59:00Z")) == 0.05623)  // 07:59
        #expect(t.price(at: Fixtures.time("2019-07-01T15:00:00Z")) == 0.0925)  // 08:00
        #expect(t.price(at: Fixtures.time("2019-07-01T19:00:00Z")) == 0.26668)  // 12:00
        #expect(t.price(at: Fixtures.time("2019-07-02T00:59:00Z")) == 0.26668)  // 17:59
        #expect(t.price(at: Fixtures.time("2019-07-02T01:00:00Z")) == 0.0925)  // 18:00
        #expect(t.price(at: Fixtures.time("2019-07-02T06:00:00Z")) == 0.05623)  // 23:00
    }

    @Test("Weekends and winter; the winter schedule wraps over New Year")
    func weekendAndWinter() throws {
        let t = try Self.tariff()
        #expect(t.price(at: Fixtures.time("2019-07-06T19:00:00Z")) == 0.05623)  // Saturday noon
        #expect(t.price(at: Fixtures.time("2019-05-31T19:00:00Z")) == 0.0869)  // Friday 31 May, last winter day, 12:00
        #expect(t.price(at: Fixtures.time("2019-06-03T19:00:00Z")) == 0.26668)  // Monday 3 June
        #expect(t.price(at: Fixtures.time("2020-01-02T20:00:00Z")) == 0.0869)  // Thursday 12:00 PST
    }

    @Test("DST: the same UTC hour falls in different periods either side of the change")
    func dst() throws {
        let t = try Self.tariff()
        // 15:30 UTC is 07:30 PST (off-peak) on Friday 8 March 2019 and 08:30 PDT (mid-peak) on Monday 11 March.
        #expect(t.price(at: Fixtures.time("2019-03-08T15:30:00Z")) == 0.06087)
        #expect(t.price(at: Fixtures.time("2019-03-11T15:30:00Z")) == 0.07492)
    }

    @Test("A tariff with a gap or an overlap in its calendar is rejected")
    func coverage() {
        let json = """
            {"name":"x","schedule":[{"id":"A","effective_start":"01-01","effective_end":"06-30","dow_mask":"ALL","times":[0],"tariffs":[0.1],"demand_charge":0}]}
            """
        #expect(throws: DatasetError(source: "t.json", line: nil, message: "$.schedule: no schedule for a Monday on 7-1")) {
            _ = try TimeOfUseTariff.parse(Array(json.utf8), source: "t.json", timeZone: "UTC")
        }
        let bad = json.replacingOccurrences(of: "\"times\":[0]", with: "\"times\":[1]")
        #expect(throws: DatasetError(source: "t.json", line: nil, message: "$.schedule[0]: times must start at 0 and increase strictly below 24")) {
            _ = try TimeOfUseTariff.parse(Array(bad.utf8), source: "t.json", timeZone: "UTC")
        }
    }
}

@Suite("ElaadNL distributions")
struct ElaadTests {
    @Test("The four tables load with their known end points")
    func load() throws {
        let d = try ElaadDistributions.load(directory: Fixtures.path("elaad"))
        #expect(d.weekdayArrivals[.workplace]?.count == 96)
        #expect(d.weekendArrivals[.workplace] == nil)
        #expect(d.weekdayArrivals[.private]?.first == 0.868451025056948)
        #expect(d.connectionHours[.workplace]?.first == 72)
        #expect(d.connectionHours[.public]?[1] == 44.9)
        #expect(d.energyKwh[.workplace]?.first == 95.7)
        #expect(d.energyKwh[.workplace]?.last == 0)
    }

    @Test("Exceedance interpolates linearly between rows")
    func exceedance() {
        #expect(ElaadDistributions.exceedance([72, 56.5, 43], percent: 0.5) == 64.25)
        #expect(ElaadDistributions.exceedance([72, 56.5, 43], percent: 5) == 43)
        #expect(ElaadDistributions.exceedance([72, 56.5, 43], percent: -1) == 72)
    }
}
