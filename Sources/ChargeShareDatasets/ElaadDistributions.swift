import Foundation

/// ElaadNL charging statistics as shipped in ev2gym 2.0.0 (`Datasets/elaad/`), for the synthetic
/// session generator.
///
/// - Arrivals: relative frequency of arrivals per 15-minute slot of the day (96 slots), weekdays
///   for `private`, `public` and `workplace` chargers, weekends for `private` and `public` only.
/// - Connection time and energy demand: exceedance tables. Row p (0…100) gives the value that p %
///   of charging events exceed: hours plugged in, and kWh charged.
public struct ElaadDistributions: Sendable, Equatable {
    /// Charger location types in the ElaadNL tables.
    public enum Location: String, Sendable, CaseIterable {
        case `private`, `public`, workplace
    }

    /// Arrival weight per 15-minute slot on weekdays, by location.
    public let weekdayArrivals: [Location: [Double]]
    /// Arrival weight per 15-minute slot on weekends; workplace has no weekend table.
    public let weekendArrivals: [Location: [Double]]
    /// Hours exceeded by p % of sessions, p = 0…100.
    public let connectionHours: [Location: [Double]]
    /// kWh exceeded by p % of sessions, p = 0…100.
    public let energyKwh: [Location: [Double]]

    /// Loads the four CSV files from a directory.
    public static func load(directory: String) throws(DatasetError) -> ElaadDistributions {
        func table(_ name: String) throws(DatasetError) -> CSVTable {
            try CSVTable(contentsOf: (directory as NSString).appendingPathComponent(name))
        }
        return try parse(
            weekdayArrivals: table("distribution-of-arrival.csv"), weekendArrivals: table("distribution-of-arrival-weekend.csv"),
            connectionTime: table("distribution-of-connection-time.csv"), energyDemand: table("distribution-of-energy-demand.csv"))
    }

    /// Reads the four tables (the files of `load`, already parsed as CSV).
    public static func parse(
        weekdayArrivals: CSVTable, weekendArrivals: CSVTable, connectionTime: CSVTable,
        energyDemand: CSVTable
    ) throws(DatasetError) -> ElaadDistributions {
        let weekday = try columns(weekdayArrivals, key: "Arrival time", rows: 96, locations: Location.allCases)
        let weekend = try columns(weekendArrivals, key: "Arrival time", rows: 96, locations: [.private, .public])
        let hours = try columns(connectionTime, key: "Percentage of charging events", rows: 101, locations: Location.allCases)
        let energy = try columns(energyDemand, key: "Percentage of charging events", rows: 101, locations: Location.allCases)
        return ElaadDistributions(weekdayArrivals: weekday, weekendArrivals: weekend, connectionHours: hours, energyKwh: energy)
    }

    /// Reads `locations` columns of `rows` non-negative numbers; the key column must count the rows
    /// (`00:00`, `00:15`, … or 0, 1, …) so a shifted or missing row is caught.
    static func columns(_ t: CSVTable, key: String, rows: Int, locations: [Location]) throws(DatasetError) -> [Location: [Double]] {
        let keyColumn = try t.column(key)
        guard t.rows.count == rows else {
            throw DatasetError(source: t.source, line: t.rows.last?.line ?? 1, message: "expected \(rows) data rows, found \(t.rows.count)")
        }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let keys = (0..<rows).map { i in rows == 96 ? "\(two(i / 4)):\(two(i % 4 * 15))" : String(i) }
        var out: [Location: [Double]] = [:]
        for location in locations {
            let c = try t.column(location.rawValue)
            var values: [Double] = []
            for (i, row) in t.rows.enumerated() {
                let expectedKey = keys[i]
                guard row.fields.count == t.header.count, row.fields[keyColumn] == expectedKey else {
                    throw DatasetError(source: t.source, line: row.line, message: "expected row \"\(expectedKey)\" with \(t.header.count) fields")
                }
                guard let v = Double(row.fields[c]), v.isFinite, v >= 0 else {
                    throw DatasetError(
                        source: t.source, line: row.line,
                        message: "column \"\(location.rawValue)\": expected a non-negative number, got \(DatasetError.quoted(row.fields[c]))")
                }
                values.append(v)
            }
            out[location] = values
        }
        return out
    }

    /// The value exceeded by `percent` % of sessions, interpolated linearly between table rows.
    /// `percent` is clamped to the table (0…100 for the shipped files).
    public static func exceedance(_ table: [Double], percent: Double) -> Double {
        let p = min(max(percent, 0), Double(table.count - 1))
        let i = Int(p.rounded(.down))
        guard i + 1 < table.count else { return table[i] }
        return table[i] + (table[i + 1] - table[i]) * (p - Double(i))
    }
}
