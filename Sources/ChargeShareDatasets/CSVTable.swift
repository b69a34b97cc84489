import Foundation

/// A CSV file read into memory: the header and every data row with its 1-based line number.
///
/// Handles RFC 4180 quoting (quoted fields may hold commas and doubled quotes), a UTF-8 byte-order
/// mark before the header (ElaadNL's files have one), CRLF line ends and a missing final newline.
/// Quoted fields may not span lines: none of the shipped data needs it, and a stray quote then
/// fails with its line number instead of swallowing the rest of the file.
public struct CSVTable: Sendable {
    /// One data row.
    public struct Row: Sendable {
        /// 1-based line number in the file (the header is line 1).
        public let line: Int
        public let fields: [String]
    }

    /// Column names from the first line, trimmed.
    public let header: [String]
    public let rows: [Row]
    /// Name used in error messages (usually the file path).
    public let source: String

    /// Parses CSV text. Empty lines are kept as rows with one empty field so loaders can report them.
    /// - Throws: `DatasetError` for an empty file or an unbalanced quote.
    public init(text: String, source: String) throws(DatasetError) {
        self.source = source
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last == "" { lines.removeLast() }
        guard var first = lines.first else { throw DatasetError(source: source, line: nil, message: "the file is empty") }
        if first.hasPrefix("\u{FEFF}") { first = first.dropFirst() }
        header = try Self.split(first, line: 1, source: source).map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [Row] = []
        rows.reserveCapacity(lines.count)
        for (i, raw) in lines.enumerated().dropFirst() {
            rows.append(Row(line: i + 1, fields: try Self.split(raw, line: i + 1, source: source)))
        }
        self.rows = rows
    }

    /// Reads and parses a file.
    public init(contentsOf path: String) throws(DatasetError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DatasetError(source: path, line: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        try self.init(text: text, source: path)
    }

    /// Index of a required column.
    /// - Throws: `DatasetError` naming the missing column and the columns present.
    public func column(_ name: String) throws(DatasetError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw DatasetError(source: source, line: 1, message: "missing column \"\(name)\" (found: \(header.joined(separator: ", ")))")
        }
        return index
    }

    static func split(_ line: Substring, line number: Int, source: String) throws(DatasetError) -> [String] {
        var text = line
        if text.hasSuffix("\r") { text = text.dropLast() }
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if inQuotes {
                if c == "\"" {
                    let next = text.index(after: index)
                    if next < text.endIndex, text[next] == "\"" {
                        current.append("\"")
                        index = next
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
            index = text.index(after: index)
        }
        guard !inQuotes else { throw DatasetError(source: source, line: number, message: "unbalanced quote") }
        fields.append(current)
        return fields
    }
}
