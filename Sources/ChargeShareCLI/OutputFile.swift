import AtomicFiles
import ChargeShareDomain
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Why a file could not be read or written: the path (quoted, escaped) and the reason.
struct FileFailure: Error, CustomStringConvertible {
    /// The path as shown: quoted and escaped, or `standard input`/`standard output`.
    let shownPath: String
    let reason: String
    /// True when the file was readable but larger than the caller's limit.
    let tooLarge: Bool

    init(_ path: String, _ reason: String, tooLarge: Bool = false) {
        shownPath = Self.streams[path] ?? Displayed.quoted(path, limit: 200)
        self.reason = reason
        self.tooLarge = tooLarge
    }

    private static let streams = ["-": "standard input", "standard output": "standard output", "standard error": "standard error"]

    /// From the current `errno`.
    static func errno(_ path: String, _ code: Int32 = Glibc.errno) -> FileFailure {
        FileFailure(path, String(cString: strerror(code)))
    }

    var description: String { "\(shownPath): \(reason)" }
}

/// Writing command output.
///
/// - `-`: standard output, directly, and a write error (a full disk, a closed pipe) is an error.
/// - A symbolic link is followed to its target, which is then handled as below; `/dev/stdout`,
///   `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` are this process's descriptor, written as is.
/// - A device node, FIFO or socket (`/dev/null`): opened and written directly,
///   never replaced.
/// - A regular file or a new path: missing parent directories are created, then `AtomicFile`
///   writes the bytes to a temporary file beside the target, flushes it to disk and renames it
///   over the target, so readers see the old file or the new one, never half of one. An existing
///   file keeps its permissions.
/// - A directory: an error.
enum OutputFile {
    static func write(_ bytes: [UInt8], to path: String) throws(FileFailure) {
        if path == "-" {
            if Console.current.appendOutput(bytes) { return }
            fflush(nil)
            try writeAll(bytes, to: STDOUT_FILENO, name: "standard output")
            return
        }
        let resolved = try resolveLinks(path)
        guard case .path(let target) = resolved else {
            if case .descriptor(let fd) = resolved {
                // /dev/stdout and /dev/stderr of an in-process run are its console's.
                if fd == STDOUT_FILENO, Console.current.appendOutput(bytes) { return }
                if fd == STDERR_FILENO, Console.current.appendError(bytes) { return }
                fflush(nil)
                try writeAll(bytes, to: fd, name: fd == STDOUT_FILENO ? "standard output" : path)
            }
            return
        }
        var info = stat()
        if lstat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                // Like a shell redirection: a file we may not write is not replaced either.
                guard access(target, W_OK) == 0 else { throw FileFailure.errno(path) }
                try replace(target, with: bytes)
            case S_IFDIR: throw FileFailure(path, "is a directory")
            default: try writeDirectly(bytes, to: target, shownAs: path)
            }
            return
        }
        guard Glibc.errno == ENOENT else { throw FileFailure.errno(path) }
        try createParents(of: target, shownAs: path)
        try replace(target, with: bytes)
    }

    /// Where a path leads: a file system path, or an open descriptor of this process.
    enum Destination: Equatable {
        case path(String)
        case descriptor(Int32)
    }

    /// `path` with every symbolic link along the final component followed (at most 40). A path
    /// that is or leads to `/dev/fd/N` or `/proc/self/fd/N` (as `/dev/stdout` does) names this
    /// process's descriptor N, which is written as it is: its target may be a pipe, or a log
    /// opened for appending, that must not be replaced.
    static func resolveLinks(_ path: String) throws(FileFailure) -> Destination {
        var current = path
        for _ in 0..<40 {
            if let fd = descriptor(named: current) { return .descriptor(fd) }
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return .path(current) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else { throw FileFailure.errno(path) }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
        }
        throw FileFailure(path, "too many levels of symbolic links")
    }

    /// N for `/dev/fd/N` or `/proc/self/fd/N` when N is an open descriptor.
    private static func descriptor(named path: String) -> Int32? {
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            guard let fd = Int32(path.dropFirst(prefix.count)), fd >= 0, fcntl(fd, F_GETFD) != -1 else { return nil }
            return fd
        }
        return nil
    }

    /// All of `bytes` to the open descriptor `fd`, retrying short writes and EINTR.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, name: String) throws(FileFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileFailure.errno(name)
            }
            offset += written
        }
    }

    private static func writeDirectly(_ bytes: [UInt8], to target: String, shownAs path: String) throws(FileFailure) {
        let fd = open(target, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileFailure.errno(path) }
        defer { close(fd) }
        try writeAll(bytes, to: fd, name: path)
    }

    private static func createParents(of target: String, shownAs path: String) throws(FileFailure) {
        let parent = (target as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw FileFailure(path, "cannot create directory \(Displayed.quoted(parent, limit: 200))")
        }
    }

    /// The atomic replacement; a failure names the target and the system's reason, as before.
    private static func replace(_ target: String, with bytes: [UInt8]) throws(FileFailure) {
        do {
            try AtomicFile.write(bytes, to: target, permissions: .keepingExisting)
        } catch {
            throw FileFailure.errno(target, error.code)
        }
    }
}

/// Reading command input with a size limit, with plain errors for a missing file, a directory or
/// a file that is too large.
enum InputFile {
    static func read(_ path: String, limit: Int) throws(FileFailure) -> [UInt8] {
        let fd: Int32
        if path == "-" || ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"].contains(path), let captured = Console.current.standardInput {
            guard captured.count <= limit else { throw FileFailure(path, "is more than the limit of \(limit) bytes", tooLarge: true) }
            return captured
        }
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw Glibc.errno == ENOENT ? FileFailure(path, "no such file") : FileFailure.errno(path)
            }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw FileFailure(path, "is a directory, not a file") }
            if info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > limit {
                throw FileFailure(path, "is \(info.st_size) bytes, more than the limit of \(limit)", tooLarge: true)
            }
        }
        var bytes: [UInt8] = []
        if info.st_mode & S_IFMT == S_IFREG { bytes.reserveCapacity(min(limit, Int(info.st_size))) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if Glibc.errno == EINTR { continue }
                throw Glibc.errno == EISDIR ? FileFailure(path, "is a directory, not a file") : FileFailure.errno(path)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw FileFailure(path, "is more than the limit of \(limit) bytes", tooLarge: true) }
            bytes += chunk[0..<count]
        }
    }
}
