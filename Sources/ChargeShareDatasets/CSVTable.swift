import Foundation

/// A CSV file read into memory: the header and every data row with its 1-based line number.
///
/// Handles RFC 4180 quoting (quoted fields may hold commas and doubled quotes), a UTF-8 byte-order
/// mark before the header (ElaadNL's files have one), CRLF line ends and a missing final newline.
/// Quoted fields may not span lines: none of the shipped data needs it, and a stray quote then
/// fails with its line number instead of swallowing the rest of the file.
///
/// The file is split on bytes, never on `Character`s: a combining mark after a comma or a quote
/// would otherwise merge with it into one grapheme and hide the separator. Each line must be valid
/// UTF-8; a line that is not fails with its number.
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
        try self.init(bytes: Array(text.utf8), source: source)
    }

    /// Parses CSV bytes (UTF-8). Empty lines are kept as rows with one empty field.
    /// - Throws: `DatasetError` for an empty file, a line that is not UTF-8, or an unbalanced quote.
    public init(bytes: [UInt8], source: String) throws(DatasetError) {
        self.source = source
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard var first = lines.first else {
            throw DatasetError(source: source, line: 1, message: "the file is empty")
        }
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { first = first.dropFirst(3) }
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
        try self.init(bytes: try DatasetFile.bytes(path), source: path)
    }

    /// Index of a required column.
    /// - Throws: `DatasetError` naming the missing column and the columns present.
    public func column(_ name: String) throws(DatasetError) -> Int {
        try Self.column(name, in: header, source: source, line: 1)
    }

    /// Index of a required column of `header` (read from line `line` of `source`).
    static func column(_ name: String, in header: [String], source: String, line: Int) throws(DatasetError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw DatasetError(
                source: source, line: line, message: "missing column \"\(name)\" (found: \(DatasetError.clipped(header.joined(separator: ", "))))")
        }
        return index
    }

    static func split(_ line: ArraySlice<UInt8>, line number: Int, source: String) throws(DatasetError) -> [String] {
        var text = line
        if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
        guard String(validating: text, as: UTF8.self) != nil else {
            throw DatasetError(source: source, line: number, message: "the line is not valid UTF-8")
        }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        var fields: [String] = []
        var current: [UInt8] = []
        var inQuotes = false
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if inQuotes {
                if c == quote {
                    let next = index + 1
                    if next < text.endIndex, text[next] == quote {
                        current.append(quote)
                        index = next
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == quote {
                inQuotes = true
            } else if c == comma {
                fields.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(c)
            }
            index += 1
        }
        guard !inQuotes else { throw DatasetError(source: source, line: number, message: "unbalanced quote") }
        fields.append(String(decoding: current, as: UTF8.self))
        return fields
    }
}
