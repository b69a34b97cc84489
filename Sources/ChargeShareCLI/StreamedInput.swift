import ChargeShareDomain
import Foundation
import Ingest
import Telemetry

/// An input file (or standard input for `-`) read as a stream in chunks, for commands that must
/// not hold the whole input in memory (`ingest`). Opening checks what `InputFile.read` checks
/// (a missing file, a directory), so the errors read the same.
final class StreamedInput {
    /// The path as given (`-` for standard input).
    let path: String
    /// The input's size in bytes when known (a regular file, or captured standard input).
    let size: Int?
    private let fd: Int32
    private let captured: [UInt8]?
    private var offset = 0
    /// Bytes read ahead (to tell the kind of input) and not yet served by `read(into:)`.
    private var head: [UInt8] = []
    private var headOffset = 0
    /// The read ahead met the end (so a terminal is not asked for a second end of file).
    private var ended = false

    /// Opens `path`, or standard input for `-` (the console's, in an in-process run).
    init(_ path: String) throws(FileFailure) {
        self.path = path
        if path == "-" || ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"].contains(path), let bytes = Console.current.standardInput {
            captured = bytes
            size = bytes.count
            fd = -1
            return
        }
        captured = nil
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Glibc.errno == ENOENT ? FileFailure(path, "no such file") : FileFailure.errno(path) }
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = FileFailure.errno(path)
            if fd != STDIN_FILENO { close(fd) }
            throw failure
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            if fd != STDIN_FILENO { close(fd) }
            throw FileFailure(path, "is a directory, not a file")
        }
        size = info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : nil
    }

    deinit { if fd > STDIN_FILENO { close(fd) } }

    /// Fills `buffer` with the next bytes; 0 at the end.
    /// - Throws: `FileFailure` when the read fails.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileFailure) -> Int {
        if headOffset < head.count {
            let count = min(buffer.count, head.count - headOffset)
            head.withUnsafeBytes { all in buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[headOffset..<(headOffset + count)])) }
            headOffset += count
            if headOffset == head.count { head = [] }
            return count
        }
        headOffset = 0
        return ended ? 0 : try readSource(into: buffer)
    }

    private func readSource(into buffer: UnsafeMutableRawBufferPointer) throws(FileFailure) -> Int {
        if let captured {
            let count = min(buffer.count, captured.count - offset)
            captured.withUnsafeBytes { all in buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<(offset + count)])) }
            offset += count
            return count
        }
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if Glibc.errno == EINTR { continue }
            throw Glibc.errno == EISDIR ? FileFailure(path, "is a directory, not a file") : FileFailure.errno(path)
        }
    }
}

extension StreamedInput {
    /// What the input holds, told by its first MiB (`IngestInput`'s rules): nil for JSONL telemetry,
    /// to be streamed with `lines()`; otherwise the whole input read (at most 1 GiB) as an ACN
    /// sessions CSV. The bytes read ahead are served again by `read(into:)`.
    /// - Throws: `FileFailure` (unreadable, too large), `IngestInput.Unrecognised` (neither format).
    func kind(source: String) throws -> IngestInput? {
        var bytes = [UInt8](repeating: 0, count: IngestInput.sniffBytes)
        var filled = 0
        while filled < bytes.count {
            let n = try bytes.withUnsafeMutableBytes { all in try readSource(into: UnsafeMutableRawBufferPointer(rebasing: all[filled...])) }
            if n == 0 {
                ended = true
                break
            }
            filled += n
        }
        bytes.removeSubrange(filled...)
        head = bytes
        if IngestInput.isTelemetry(prefix: bytes) { return nil }
        var all = bytes
        head = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while !ended {
            let n = try chunk.withUnsafeMutableBytes { try readSource(into: $0) }
            if n == 0 { break }
            guard all.count + n <= 1 << 30 else { throw FileFailure(path, "is larger than 1 GiB") }
            all += chunk[..<n]
        }
        return try IngestInput(all, source: source)
    }

    /// The input as JSONL lines, streamed in chunks.
    func lines() -> JSONLinesReader { JSONLinesReader { [self] buffer in try read(into: buffer) } }
}
