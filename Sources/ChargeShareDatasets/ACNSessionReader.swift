public import ChargeShareDomain
import Foundation

/// Reads ACN-Data session rows (`arrival,departure,requested_energy (kWh),…`) one at a time.
///
/// The one ACN reader: `SessionFile` runs it over every row of a whole file (the backtests, where
/// the first bad row fails the load), and `chargeshare ingest` runs it line by line, so that a
/// broken line is rejected alone (`session(line:number:)`). Both see the same checks and messages:
/// times `YYYY-MM-DD HH:MM:SS±HH:MM` (stored as UTC instants), energies in [0, 10000] kWh,
/// `claimed` `True` or `False`, a departure after the arrival and at most 7 days later, an
/// estimated departure within 7 days of the arrival (`SessionFile.maximumStayHours`).
public struct ACNSessionReader: Sendable {
    /// ACN-Data's columns, in its order.
    public static let columns = [
        "arrival", "departure", "requested_energy (kWh)", "delivered_energy (kWh)", "station_id", "session_id", "estimated_departure",
        "claimed",
    ]

    /// Where each column is in a row.
    struct Columns: Sendable {
        let arrival: Int, departure: Int, requested: Int, delivered: Int, station: Int, id: Int, estimated: Int, claimed: Int
    }

    /// Name used in errors (a file path).
    public let source: String
    /// The header's names, trimmed.
    public let header: [String]
    let index: Columns

    /// A reader for rows under `header`: every ACN column looked up by name (the backtests'
    /// rule: any order, other columns ignored).
    /// - Throws: `DatasetError` naming the first missing column and the columns present.
    public init(header: [String], source: String, line: Int = 1) throws(DatasetError) {
        func column(_ name: String) throws(DatasetError) -> Int { try CSVTable.column(name, in: header, source: source, line: line) }
        index = Columns(
            arrival: try column("arrival"), departure: try column("departure"), requested: try column("requested_energy (kWh)"),
            delivered: try column("delivered_energy (kWh)"), station: try column("station_id"), id: try column("session_id"),
            estimated: try column("estimated_departure"), claimed: try column("claimed"))
        self.header = header
        self.source = source
    }

    /// A reader for the header line of an ACN file read line by line (ingest), strict: exactly
    /// the eight ACN columns, each once, in any order. A UTF-8 byte order mark before it, a `\r`
    /// after it and spaces around the names are ignored.
    /// - Throws: `DatasetError` saying what differs from the ACN header.
    public init(headerLine: ArraySlice<UInt8>, line: Int, source: String) throws(DatasetError) {
        var bytes = headerLine
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let names = try CSVTable.split(bytes, line: line, source: source).map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = "expected the ACN sessions header \(Self.columns.joined(separator: ","))"
        func fail(_ what: String) -> DatasetError { DatasetError(source: source, line: line, message: "\(what); \(expected)") }
        for name in Self.columns where !names.contains(name) {
            throw fail("missing column \"\(name)\" (found: \(DatasetError.clipped(names.joined(separator: ", "))))")
        }
        if let extra = names.first(where: { !Self.columns.contains($0) }) { throw fail("unknown column \(DatasetError.quoted(extra))") }
        if names.count != Self.columns.count, let twice = Self.columns.first(where: { c in names.filter { $0 == c }.count > 1 }) {
            throw fail("column \"\(twice)\" appears more than once")
        }
        try self.init(header: names, source: source, line: line)
    }

    /// Whether `line` looks like an attempt at the ACN header: its first field is `arrival`, or
    /// it names `session_id` (how `SessionFile` tells the ACN format from the engine's export).
    public static func looksLikeHeader(_ line: ArraySlice<UInt8>) -> Bool {
        var bytes = line
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let names = try? CSVTable.split(bytes, line: 1, source: "") else { return false }
        return names.first?.trimmingCharacters(in: .whitespaces) == "arrival"
            || names.contains { $0.trimmingCharacters(in: .whitespaces) == "session_id" }
    }

    /// One data line (without its line end) as a session.
    ///
    /// The line must split into exactly as many fields as the header (a quoted field never spans
    /// lines: an unterminated quote is an error of this line alone), then pass the same checks
    /// as a row of a whole file.
    /// - Throws: `DatasetError` with `number` and the reason.
    public func session(line bytes: ArraySlice<UInt8>, number: Int) throws(DatasetError) -> SessionRecord {
        let fields = try CSVTable.split(bytes, line: number, source: source)
        guard fields.count == header.count else {
            throw DatasetError(source: source, line: number, message: "expected \(header.count) fields, found \(fields.count)")
        }
        return try session(RowReader(source: source, columns: header.count, row: CSVTable.Row(line: number, fields: fields)))
    }

    /// The `session_id` of a line with the header's number of fields, whatever else is wrong with
    /// it; `nil` when the line cannot be split into those fields or the id is empty.
    public func sessionId(line bytes: ArraySlice<UInt8>) -> String? {
        guard let fields = try? CSVTable.split(bytes, line: 0, source: source), fields.count == header.count else { return nil }
        let id = fields[index.id].trimmingCharacters(in: .whitespaces)
        return id.isEmpty ? nil : id
    }

    /// A row's session, checked; the messages name the row's line and column.
    func session(_ r: RowReader) throws(DatasetError) -> SessionRecord {
        let c = index
        let claimedText = try r.text(c.claimed, "claimed")
        guard claimedText == "True" || claimedText == "False" else {
            throw r.error("claimed", "expected True or False, got \(DatasetError.quoted(claimedText))")
        }
        return try r.session(
            id: r.text(c.id, "session_id"), station: r.text(c.station, "station_id"),
            arrival: r.time(c.arrival, "arrival", acn: true), departure: r.time(c.departure, "departure", acn: true),
            estimated: r.time(c.estimated, "estimated_departure", acn: true),
            requested: r.energy(c.requested, "requested_energy (kWh)"), delivered: r.energy(c.delivered, "delivered_energy (kWh)"),
            claimed: claimedText == "True")
    }
}
