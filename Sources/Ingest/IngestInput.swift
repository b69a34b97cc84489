public import ChargeShareDatasets

/// What `chargeshare ingest` was given, told by its content (never by the file's name):
/// telemetry envelopes as JSONL, or ACN-Data sessions as CSV.
///
/// The first non-blank line decides (a UTF-8 byte order mark, spaces and a `\r` ignored):
/// 1. it starts with `{`: JSONL telemetry (`BatchIngest`);
/// 2. its first field is `arrival` or it names `session_id`: the ACN sessions CSV, whose header
///    must then be exactly ACN-Data's eight columns (any order), else the file is refused;
/// 3. otherwise, when a line within the first `sniffBytes` starts with `{`, JSONL telemetry whose
///    first line is broken (that line is rejected like any other, spec §4);
/// 4. otherwise the file is refused: it is neither, and rejecting every line would only fill
///    the rejects table. An empty or blank file is JSONL with no lines.
public enum IngestInput: Sendable {
    case telemetry([UInt8])
    case acnSessions(ACNSessionInput)

    /// How far rule 3 looks for a line starting with `{`.
    public static let sniffBytes = 1 << 20

    /// Why a file is not ingested at all (exit code 2; nothing is stored).
    public struct Unrecognised: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }

        public init(message: String) { self.message = message }
    }

    /// Whether the first bytes of an input are JSONL telemetry by rules 1 and 3 (give at least
    /// `sniffBytes`, or all of a shorter input): such an input can be streamed without reading
    /// the rest first.
    public static func isTelemetry(prefix bytes: [UInt8]) -> Bool {
        guard let first = TextLines.lines(bytes[...], stoppingAfter: 1).first else { return true }
        if TextLines.startsWithBrace(first.bytes) { return true }
        if ACNSessionReader.looksLikeHeader(first.bytes) { return false }
        return TextLines.lines(bytes.prefix(sniffBytes)).contains { TextLines.startsWithBrace($0.bytes) }
    }

    /// Tells what `bytes` (read from `source`) hold.
    /// - Throws: `Unrecognised` for a file that is neither format, or whose ACN header is wrong.
    public init(_ bytes: [UInt8], source: String) throws(Unrecognised) {
        let first = TextLines.lines(bytes[...], stoppingAfter: 1).first
        guard let first, !TextLines.startsWithBrace(first.bytes) else {
            self = .telemetry(bytes)
            return
        }
        if ACNSessionReader.looksLikeHeader(first.bytes) {
            do {
                self = .acnSessions(try ACNSessionInput(bytes, source: source))
            } catch {
                throw Unrecognised(message: "line \(error.line ?? first.number): \(error.message)")
            }
            return
        }
        let prefix = bytes.prefix(Self.sniffBytes)
        if TextLines.lines(prefix).contains(where: { TextLines.startsWithBrace($0.bytes) }) {
            self = .telemetry(bytes)
            return
        }
        let shown = DatasetError.quoted(String(decoding: first.bytes.prefix(200), as: UTF8.self))
        throw Unrecognised(
            message:
                "neither JSONL telemetry (no line starts with \"{\") nor the ACN sessions CSV (line \(first.number) is not its header \(ACNSessionReader.columns.joined(separator: ","))): line \(first.number) is \(shown)"
        )
    }
}

/// The non-blank lines of a text file, with their 1-based numbers: split on `\n`, a `\r`
/// before it dropped, a UTF-8 byte order mark at the start skipped, lines of only spaces and
/// tabs left out. (The rule of `../shared/spec/telemetry.md` §3 for JSONL, applied to CSV too.)
enum TextLines {
    /// - Complexity: O(n) in the bytes read; the lines are slices, not copies.
    static func lines(_ bytes: ArraySlice<UInt8>, stoppingAfter limit: Int = .max) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var out: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.startIndex + 3 : bytes.startIndex
        var number = 1
        while start <= bytes.endIndex, out.count < limit {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var stop = end
            if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
            let line = bytes[start..<stop]
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) { out.append((number, line)) }
            if end == bytes.endIndex { break }
            number += 1
            start = end + 1
        }
        return out
    }

    /// Whether the line's first byte after spaces and tabs is `{`.
    static func startsWithBrace(_ line: ArraySlice<UInt8>) -> Bool {
        line.first { $0 != 0x20 && $0 != 0x09 } == UInt8(ascii: "{")
    }
}
