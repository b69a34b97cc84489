import ChargeShareDatasets
import ChargeShareDomain
import Foundation
import Testing

/// Issue 10: inputs that crashed the loaders or made them allocate gigabytes.
@Suite("Hardening: datasets")
struct DatasetHardeningTests {
    static let pricesHeader = "Country,Datetime (UTC),Datetime (Local),Price (EUR/MWhe)\n"
    static let exportHeader = "sessionId,stationId,arrival,departure,estimatedDeparture,requestedKwh,deliveredKwh\n"

    @Test("A non-ASCII character in a price date fails with its line instead of crashing")
    func nonASCIIPriceDate() {
        // "é" is two bytes: 16 bytes but 15 characters, which used to index past the end.
        for bad in ["01/01/2023 0é:0", "2023-01-01 0é:00:0", "0\u{301}1/01/2023 00:0", "01/01/2023\u{00A0}00:0"] {
            #expect(
                throws: DatasetError(
                    source: "p.csv", line: 3,
                    message: "column \"Datetime (UTC)\": expected YYYY-MM-DD HH:MM:SS or DD/MM/YYYY HH:MM on a whole hour, got \"\(bad)\"")
            ) {
                _ = try DayAheadPrices.parse(CSVTable(text: Self.pricesHeader + "NL,2023-01-01 00:00:00,x,10\nNL,\(bad),x,10\n", source: "p.csv"))
            }
        }
    }

    @Test("A combining mark after a comma does not hide the separator")
    func combiningMarkAfterComma() throws {
        let table = try CSVTable(text: "a,b\nx,\u{301}y\n", source: "t.csv")
        #expect(table.rows[0].fields == ["x", "\u{301}y"])
    }

    @Test("A line that is not UTF-8 fails with its number")
    func invalidUTF8() {
        #expect(throws: DatasetError(source: "t.csv", line: 3, message: "the line is not valid UTF-8")) {
            _ = try CSVTable(bytes: Array("a,b\n1,2\n".utf8) + [0x33, 0xFF, 0x2C, 0x34, 0x0A], source: "t.csv")
        }
    }

    @Test("A 135-byte price file spanning years 0001–9999 is refused before filling 88 million hours")
    func priceSpan() {
        let text = Self.pricesHeader + "NL,0001-01-01 00:00:00,x,10\nNL,9999-12-31 23:00:00,x,10\n"
        let started = ContinuousClock.now
        #expect(
            throws: DatasetError(
                source: "p.csv", line: 3,
                message:
                    "hour 9999-12-31T23:00:00Z is \(87_649_415) hours after the first hour 0001-01-01T00:00:00Z (line 2); a price file may span at most 262800 hours (30 years)"
            )
        ) {
            _ = try DayAheadPrices.parse(CSVTable(text: text, source: "p.csv"))
        }
        #expect(ContinuousClock.now - started < .seconds(1))
    }

    @Test("A session lasting more than 7 days, or with an estimate that far off, fails with its line")
    func sessionStay() {
        let ok = "s1,A,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z,2026-03-02T09:00:00Z,5,5\n"
        let far = "s2,A,2026-03-02T08:00:00Z,9999-12-31T23:00:00Z,2026-03-02T09:00:00Z,5,5\n"
        #expect(
            throws: DatasetError(
                source: "s.csv", line: 3,
                message:
                    "session \"s2\": departure 9999-12-31T23:00:00Z is more than 168 hours (7 days) after arrival 2026-03-02T08:00:00Z; a session may last at most 7 days"
            )
        ) {
            _ = try SessionFile.parse(CSVTable(text: Self.exportHeader + ok + far, source: "s.csv"))
        }
        let estimate = "s2,A,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z,9999-12-31T23:00:00Z,5,5\n"
        #expect(
            throws: DatasetError(
                source: "s.csv", line: 3,
                message: "session \"s2\": estimated departure 9999-12-31T23:00:00Z is more than 168 hours (7 days) from arrival 2026-03-02T08:00:00Z")
        ) {
            _ = try SessionFile.parse(CSVTable(text: Self.exportHeader + ok + estimate, source: "s.csv"))
        }
        // Exactly 7 days is allowed (the longest Caltech session is 150 h).
        let week = "s2,A,2026-03-02T08:00:00Z,2026-03-09T08:00:00Z,2026-03-09T08:00:00Z,5,5\n"
        #expect((try? SessionFile.parse(CSVTable(text: Self.exportHeader + ok + week, source: "s.csv")))?.count == 2)
    }

    @Test("A huge field is cut in the message, not echoed in full")
    func hugeFieldClipped() {
        let huge = String(repeating: "9", count: 1_000_000)
        let text = Self.exportHeader + "s1,A,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z,2026-03-02T09:00:00Z,\(huge),5\n"
        #expect(
            throws: DatasetError(
                source: "s.csv", line: 2,
                message:
                    "column \"requestedKwh\": expected a number of kWh in [0, 10000], got \"\(String(repeating: "9", count: 64))…\" (1000000 characters)"
            )
        ) {
            _ = try SessionFile.parse(CSVTable(text: text, source: "s.csv"))
        }
    }
}
