import Foundation
import ChargeShareDomain

/// Loader for ENTSO-E day-ahead prices as shipped in ev2gym 2.0.0
/// (`Datasets/prices/Netherlands_day-ahead-2015-2024.csv`, columns
/// `Country,Datetime (UTC),Datetime (Local),Price (EUR/MWhe)`).
///
/// The file's quirks, each handled explicitly and tested:
/// - the UTC time is `YYYY-MM-DD HH:MM:SS` up to line 76,681 and `DD/MM/YYYY HH:MM` after: both
///   formats are parsed by exact pattern, anything else fails with its line;
/// - line 76,682 has no times (`Netherlands,,,0.0`): a row with both times empty is skipped and
///   counted, never read as a zero price;
/// - 6,553 hours (2023-01-01 to 2023-09-30) appear twice, under both formats: duplicates with the
///   same price are dropped, a duplicate with a different price fails naming both lines;
/// - two hours are missing (2023-12-30 23:00 and 2024-12-30 23:00 UTC): filled forward, listed in `gaps`.
///
/// Prices are converted from per MWh to per kWh. A file may span at most `maximumSpanHours`
/// (30 years; the shipped file spans 10): the series is filled hour by hour, so a tiny file
/// with one hour in 0001 and one in 9999 would otherwise need 88 million hours of memory.
public enum DayAheadPrices {
    /// Longest span from the first to the last hour of a price file: 30 years of 365 days.
    public static let maximumSpanHours: Int64 = 30 * 365 * 24

    /// What loading found besides the prices.
    public struct Report: Sendable, Equatable {
        /// Rows without times that were skipped (line numbers).
        public var blankRows: [Int]
        /// Rows dropped as exact duplicates of an earlier hour.
        public var duplicates: Int
    }

    /// Loads a price file.
    public static func load(path: String) throws(DatasetError) -> (prices: HourlyPrices, report: Report) {
        try parse(CSVTable(contentsOf: path))
    }

    /// Parses a price table.
    public static func parse(_ table: CSVTable) throws(DatasetError) -> (prices: HourlyPrices, report: Report) {
        let utc = try table.column("Datetime (UTC)")
        let local = try table.column("Datetime (Local)")
        let priceColumn = try table.column("Price (EUR/MWhe)")
        var byHour: [Int64: (price: Double, line: Int)] = [:]
        var report = Report(blankRows: [], duplicates: 0)
        for row in table.rows {
            let field = { (i: Int) in i < row.fields.count ? row.fields[i].trimmingCharacters(in: .whitespaces) : "" }
            if field(utc).isEmpty && field(local).isEmpty {
                report.blankRows.append(row.line)
                continue
            }
            guard let hour = utcHour(field(utc)) else {
                throw DatasetError(
                    source: table.source, line: row.line,
                    message:
                        "column \"Datetime (UTC)\": expected YYYY-MM-DD HH:MM:SS or DD/MM/YYYY HH:MM on a whole hour, got \(DatasetError.quoted(field(utc)))"
                )
            }
            guard let perMWh = Double(field(priceColumn)), perMWh.isFinite, abs(perMWh) <= 1e5 else {
                throw DatasetError(
                    source: table.source, line: row.line,
                    message: "column \"Price (EUR/MWhe)\": expected a number, got \(DatasetError.quoted(field(priceColumn)))")
            }
            let key = hour.millisecondsSinceEpoch
            if let earlier = byHour[key] {
                guard earlier.price == perMWh else {
                    throw DatasetError(
                        source: table.source, line: row.line,
                        message: "hour \(hour) is listed again with a different price (\(perMWh), line \(earlier.line) says \(earlier.price))")
                }
                report.duplicates += 1
                continue
            }
            byHour[key] = (perMWh, row.line)
        }
        guard let firstKey = byHour.keys.min(), let lastKey = byHour.keys.max(), let firstLine = byHour[firstKey]?.line,
            let lastLine = byHour[lastKey]?.line
        else {
            throw DatasetError(source: table.source, line: table.rows.last?.line ?? 1, message: "no prices")
        }
        let spanHours = (lastKey - firstKey) / 3_600_000
        guard spanHours <= maximumSpanHours else {
            throw DatasetError(
                source: table.source, line: lastLine,
                message:
                    "hour \(Timestamp(millisecondsSinceEpoch: lastKey)) is \(spanHours) hours after the first hour \(Timestamp(millisecondsSinceEpoch: firstKey)) (line \(firstLine)); a price file may span at most \(maximumSpanHours) hours (30 years)"
            )
        }
        let points = byHour.keys.sorted().map { key in
            (hour: Timestamp(millisecondsSinceEpoch: key), perKwh: (byHour[key]?.price ?? 0) / 1000)
        }
        return (HourlyPrices(points: points, currency: "EUR"), report)
    }

    /// Parses either UTC format; `nil` for anything else or a time not on a whole hour.
    /// Works on bytes only: a non-ASCII character would make byte and character offsets differ.
    static func utcHour(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        guard b.allSatisfy({ $0 < 0x80 }) else { return nil }
        func part(_ range: Range<Int>) -> String { String(decoding: b[range], as: UTF8.self) }
        let iso: String
        if b.count == 19, b[4] == UInt8(ascii: "-"), b[10] == UInt8(ascii: " ") {
            iso = part(0..<10) + "T" + part(11..<19) + "Z"
        } else if b.count == 16, b[2] == UInt8(ascii: "/"), b[5] == UInt8(ascii: "/"), b[10] == UInt8(ascii: " ") {
            iso = part(6..<10) + "-" + part(3..<5) + "-" + part(0..<2) + "T" + part(11..<16) + ":00Z"
        } else {
            return nil
        }
        guard let t = Timestamp(rfc3339: iso), t.millisecondsSinceEpoch % 3_600_000 == 0 else { return nil }
        return t
    }
}
