import Foundation
import ChargeShareDomain

/// Reads session files in either supported format, chosen by the header:
///
/// - the ACN CSV of `Datasets/acn` (`arrival,departure,requested_energy (kWh),…`), timestamps
///   `YYYY-MM-DD HH:MM:SS±HH:MM`;
/// - the engine's own session export (`sessionId,stationId,arrival,departure,estimatedDeparture,
///   requestedKwh,deliveredKwh`), timestamps RFC 3339. `SessionFile.export` writes it.
///
/// ACN rows are read by `ACNSessionReader`, the reader `chargeshare ingest` uses line by line.
///
/// Every row is checked; the first bad one fails the load with its line and column, so no
/// partly loaded fleet is ever replayed. A session may last at most `maximumStayHours` (7 days;
/// the longest in ACN-Data's Caltech file is 150 h), and the driver's estimate must lie within
/// the same distance of the arrival: a replay steps through every minute between the first
/// arrival and the last departure, so one car "leaving" in year 9999 would cost gigabytes.
public enum SessionFile {
    /// Longest stay (and farthest estimated departure from the arrival) a session file may hold, hours.
    public static let maximumStayHours: Int64 = 7 * 24

    /// Header of the engine's own export.
    public static let exportHeader = ["sessionId", "stationId", "arrival", "departure", "estimatedDeparture", "requestedKwh", "deliveredKwh"]

    /// Loads a session file of either format, sorted by arrival then id.
    public static func load(path: String) throws(DatasetError) -> [SessionRecord] {
        try parse(CSVTable(contentsOf: path))
    }

    /// Parses a table of either format, sorted by arrival then id.
    public static func parse(_ table: CSVTable) throws(DatasetError) -> [SessionRecord] {
        var sessions = table.header.contains("session_id") ? try parseACN(table) : try parseExport(table)
        var seen: [String: Int] = [:]
        for (i, s) in sessions.enumerated() {
            if let first = seen[s.id] {
                throw DatasetError(
                    source: table.source, line: table.rows[i].line,
                    message: "duplicate session id \(DatasetError.quoted(s.id)) (first on line \(table.rows[first].line))")
            }
            seen[s.id] = i
        }
        sessions.sort { ($0.arrival, $0.id) < ($1.arrival, $1.id) }
        return sessions
    }

    static func parseACN(_ t: CSVTable) throws(DatasetError) -> [SessionRecord] {
        let reader = try ACNSessionReader(header: t.header, source: t.source)
        var out: [SessionRecord] = []
        for row in t.rows { out.append(try reader.session(RowReader(table: t, row: row))) }
        return out
    }

    static func parseExport(_ t: CSVTable) throws(DatasetError) -> [SessionRecord] {
        guard Array(t.header.prefix(exportHeader.count)) == exportHeader else {
            throw DatasetError(
                source: t.source, line: 1,
                message: "unknown session format: expected the ACN header (with session_id) or \(exportHeader.joined(separator: ","))")
        }
        var out: [SessionRecord] = []
        for row in t.rows {
            let r = RowReader(table: t, row: row)
            out.append(
                try r.session(
                    id: r.text(0, "sessionId"), station: r.text(1, "stationId"),
                    arrival: r.time(2, "arrival", acn: false), departure: r.time(3, "departure", acn: false),
                    estimated: r.time(4, "estimatedDeparture", acn: false),
                    requested: r.energy(5, "requestedKwh"), delivered: r.energy(6, "deliveredKwh"), claimed: true))
        }
        return out
    }

    /// The engine's export format for `sessions`, one line per session, times in UTC.
    public static func export(_ sessions: [SessionRecord]) -> String {
        var text = exportHeader.joined(separator: ",") + "\n"
        for s in sessions {
            let fields = [
                csvField(s.id), csvField(s.stationId), s.arrival.description, s.departure.description,
                s.estimatedDeparture.description, JSONWriter.format(s.requestedKwh), JSONWriter.format(s.deliveredKwh),
            ]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Quotes a field when it holds a comma, quote or line break.
    public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Reads typed fields of one CSV row, failing with line and column.
struct RowReader {
    /// The file's name, for errors.
    let source: String
    /// Number of columns in the header.
    let columns: Int
    let row: CSVTable.Row

    init(table: CSVTable, row: CSVTable.Row) {
        self.init(source: table.source, columns: table.header.count, row: row)
    }

    init(source: String, columns: Int, row: CSVTable.Row) {
        self.source = source
        self.columns = columns
        self.row = row
    }

    func error(_ column: String, _ message: String) -> DatasetError {
        DatasetError(source: source, line: row.line, message: "column \"\(column)\": \(message)")
    }

    func text(_ index: Int, _ name: String) throws(DatasetError) -> String {
        guard index < row.fields.count else {
            throw DatasetError(source: source, line: row.line, message: "expected \(columns) fields, found \(row.fields.count)")
        }
        let value = row.fields[index].trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw error(name, "empty") }
        return value
    }

    func time(_ index: Int, _ name: String, acn: Bool) throws(DatasetError) -> Timestamp {
        let value = try text(index, name)
        let parsed = acn ? SessionFile.acnTimestamp(value) : Timestamp(rfc3339: value)
        guard let parsed else {
            throw error(
                name,
                acn
                    ? "expected YYYY-MM-DD HH:MM:SS±HH:MM, got \(DatasetError.quoted(value))"
                    : "expected an RFC 3339 time, got \(DatasetError.quoted(value))")
        }
        return parsed
    }

    func energy(_ index: Int, _ name: String) throws(DatasetError) -> Double {
        let value = try text(index, name)
        guard let number = Double(value), number.isFinite, number >= 0, number <= 1e4 else {
            throw error(name, "expected a number of kWh in [0, 10000], got \(DatasetError.quoted(value))")
        }
        return number
    }

    func session(
        id: String, station: String, arrival: Timestamp, departure: Timestamp, estimated: Timestamp,
        requested: Double, delivered: Double, claimed: Bool
    ) throws(DatasetError) -> SessionRecord {
        guard departure > arrival else {
            throw DatasetError(
                source: source, line: row.line,
                message: "session \(DatasetError.quoted(id)): departure \(departure) is not after arrival \(arrival)")
        }
        let limit = SessionFile.maximumStayHours * 3_600_000
        guard departure.millisecondsSinceEpoch - arrival.millisecondsSinceEpoch <= limit else {
            throw DatasetError(
                source: source, line: row.line,
                message:
                    "session \(DatasetError.quoted(id)): departure \(departure) is more than \(SessionFile.maximumStayHours) hours (7 days) after arrival \(arrival); a session may last at most 7 days"
            )
        }
        guard abs(estimated.millisecondsSinceEpoch - arrival.millisecondsSinceEpoch) <= limit else {
            throw DatasetError(
                source: source, line: row.line,
                message:
                    "session \(DatasetError.quoted(id)): estimated departure \(estimated) is more than \(SessionFile.maximumStayHours) hours (7 days) from arrival \(arrival)"
            )
        }
        return SessionRecord(
            id: id, stationId: station, arrival: arrival, departure: departure,
            estimatedDeparture: estimated, requestedKwh: requested, deliveredKwh: delivered, claimed: claimed)
    }
}

extension SessionFile {
    /// Parses the ACN form `2019-05-01 01:18:45-07:00` (a space instead of RFC 3339's `T`).
    static func acnTimestamp(_ text: String) -> Timestamp? {
        var bytes = Array(text.utf8)
        guard bytes.count > 10, bytes[10] == UInt8(ascii: " ") else { return nil }
        bytes[10] = UInt8(ascii: "T")
        return Timestamp(rfc3339: String(decoding: bytes, as: UTF8.self))
    }
}
