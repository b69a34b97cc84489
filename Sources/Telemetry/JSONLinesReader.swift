/// The lines of a JSONL stream read in bounded chunks, handed out in batches capped by lines and
/// by bytes, with the same lines and numbers `JSONLines.lines` gives for the whole input: split on
/// `\n` (a `\r` before it, or before the end, dropped), a UTF-8 byte order mark at the start
/// skipped, blank lines (spaces and tabs only) left out.
///
/// Memory is bounded whatever the input: the reader holds one chunk, the line in progress and the
/// batch being filled. A line longer than `maximumLineBytes` is not kept: it is skipped to its end
/// and handed out as an `OverlongLine` (its number, length and first bytes), so the caller can
/// reject it by number.
public struct JSONLinesReader {
    /// Fills the buffer with the next bytes and returns how many; 0 at the end of the input.
    public typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    /// One batch: the lines in order, and the over-long lines among them.
    public struct Batch {
        /// The non-blank lines with their 1-based numbers (slices of one buffer per batch).
        public var lines: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        /// Lines longer than the limit, in order; their text is not in `lines`.
        public var overlong: [OverlongLine] = []
        /// Input bytes consumed up to the end of the batch's last line.
        public var endOffset = 0
        /// Non-blank lines in the batch, over-long ones included.
        public var count: Int { lines.count + overlong.count }
    }

    /// A line longer than the limit: not kept, only its number, its length and its first bytes.
    public struct OverlongLine: Sendable, Equatable {
        public let number: Int
        /// Its length in bytes (without the line break and the byte order mark).
        public let byteCount: Int
        /// Its first bytes (at most `JSONLinesReader.overlongHeadBytes`), to show it.
        public let head: [UInt8]

        public init(number: Int, byteCount: Int, head: [UInt8]) {
            self.number = number
            self.byteCount = byteCount
            self.head = head
        }
    }

    /// Bytes of an over-long line kept to show it.
    public static let overlongHeadBytes = 256
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private let source: Source
    /// Longest line kept, bytes (without its line break).
    public let maximumLineBytes: Int
    private var chunk: [UInt8]
    private var position = 0
    private var filled = 0
    /// Input bytes before the current chunk.
    private var chunkOffset = 0
    private var finished = false
    /// The line in progress and its number.
    private var partial: [UInt8] = []
    /// Whether `partial` holds the start of the line in progress (else it is stale, kept for its capacity).
    private var hasPartial = false
    private var number = 1
    /// The over-long line in progress: its raw length, whether all but its last byte are blank,
    /// its last byte, and its head.
    private var skipping: (length: Int, blank: Bool, last: UInt8?, head: [UInt8])?

    /// - Parameters:
    ///   - chunkBytes: bytes asked of `source` at a time.
    ///   - maximumLineBytes: longest line kept; the default is the telemetry reader's limit.
    public init(chunkBytes: Int = 1 << 20, maximumLineBytes: Int = TelemetryReader.maximumBytes, source: @escaping Source) {
        self.source = source
        self.maximumLineBytes = max(1, maximumLineBytes)
        chunk = [UInt8](repeating: 0, count: max(1, chunkBytes))
    }

    /// A reader over bytes already in memory.
    public static func reading(_ bytes: [UInt8], chunkBytes: Int = 1 << 20, maximumLineBytes: Int = TelemetryReader.maximumBytes)
        -> JSONLinesReader
    {
        var offset = 0
        return JSONLinesReader(chunkBytes: chunkBytes, maximumLineBytes: maximumLineBytes) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { all in buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<(offset + count)])) }
            offset += count
            return count
        }
    }

    /// The next batch of at most `maximumLines` lines and about `maximumBytes` bytes (a batch ends
    /// with the line that reaches `maximumBytes`), or `nil` when the input is done.
    /// - Throws: what `source` throws.
    public mutating func next(maximumLines: Int, maximumBytes: Int) throws -> Batch? {
        var batch = Batch()
        var storage: [UInt8] = []
        var ranges: [(number: Int, range: Range<Int>)] = []
        while batch.overlong.count + ranges.count < max(1, maximumLines), storage.count < max(1, maximumBytes) {
            guard let line = try nextLine() else { break }
            switch line {
            case .text(let n, let bytes):
                let start = storage.count
                storage.append(contentsOf: bytes)
                ranges.append((n, start..<storage.count))
            case .overlong(let line): batch.overlong.append(line)
            }
        }
        batch.lines = ranges.map { ($0.number, storage[$0.range]) }
        batch.endOffset = chunkOffset + position
        return batch.count == 0 ? nil : batch
    }

    private enum Line {
        case text(Int, ArraySlice<UInt8>)
        case overlong(OverlongLine)
    }

    /// The next non-blank line, or `nil` at the end.
    private mutating func nextLine() throws -> Line? {
        while true {
            if position == filled {
                if finished { return nil }
                chunkOffset += filled
                filled = try chunk.withUnsafeMutableBytes { try source($0) }
                position = 0
                if filled <= 0 {
                    filled = 0
                    finished = true
                    return endLine()  // the last line, without a line break
                }
            }
            let start = position
            let newline = chunk.withUnsafeBufferPointer { buffer -> Int? in
                var i = start
                while i < filled {
                    if buffer[i] == 0x0A { return i }
                    i += 1
                }
                return nil
            }
            position = newline.map { $0 + 1 } ?? filled
            if let newline, skipping == nil, !hasPartial, newline - start <= allowance {
                // The common case: the whole line is in the chunk; no copy.
                if let line = finish(chunk[start..<newline]) { return line }
                continue
            }
            append(chunk[start..<(newline ?? filled)])
            if newline != nil, let line = endLine() { return line }
        }
    }

    /// Adds bytes to the line in progress, switching to skipping once it cannot be within the
    /// limit even without a byte order mark and a `\r`.
    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        if var s = skipping {
            if s.head.count < Self.overlongHeadBytes { s.head += bytes.prefix(Self.overlongHeadBytes - s.head.count) }
            for byte in bytes {
                if let last = s.last { s.blank = s.blank && Self.isBlank(last) }
                s.last = byte
            }
            s.length += bytes.count
            skipping = s
            return
        }
        if !hasPartial { partial.removeAll(keepingCapacity: true) }
        hasPartial = true
        partial.append(contentsOf: bytes)
        if partial.count > allowance {
            var body = partial[...]
            if number == 1, body.starts(with: Self.byteOrderMark) { body = body.dropFirst(Self.byteOrderMark.count) }
            skipping = (body.count, Self.isBlank(body.dropLast()), body.last, Array(body.prefix(Self.overlongHeadBytes)))
            partial = []
            hasPartial = false
        }
    }

    /// Ends the line in progress; the line unless it is blank.
    private mutating func endLine() -> Line? {
        guard let s = skipping else {
            let line = hasPartial ? partial[...] : []
            hasPartial = false
            return finish(line)
        }
        skipping = nil
        defer { number += 1 }
        let length = s.length - (s.last == 0x0D ? 1 : 0)
        let blank = s.blank && (s.last.map { $0 == 0x0D || Self.isBlank($0) } ?? true)
        return blank ? nil : .overlong(OverlongLine(number: number, byteCount: length, head: Array(s.head.prefix(length))))
    }

    /// A whole line's text (BOM and `\r` dropped), unless it is blank; counts the line.
    private mutating func finish(_ raw: ArraySlice<UInt8>) -> Line? {
        defer { number += 1 }
        var line = raw
        if number == 1, line.starts(with: Self.byteOrderMark) { line = line.dropFirst(Self.byteOrderMark.count) }
        if line.last == 0x0D { line = line.dropLast() }
        if line.allSatisfy(Self.isBlank) { return nil }
        guard line.count <= maximumLineBytes else {
            return .overlong(OverlongLine(number: number, byteCount: line.count, head: Array(line.prefix(Self.overlongHeadBytes))))
        }
        return .text(number, line)
    }

    /// Longest raw line kept: the limit, plus a `\r`, plus a byte order mark on the first line.
    private var allowance: Int { maximumLineBytes + 1 + (number == 1 ? Self.byteOrderMark.count : 0) }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.allSatisfy(isBlank) }
}
