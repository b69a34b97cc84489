import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe replacement of a regular file: the bytes go to a temporary file in the same
/// directory, which is flushed to disk (`fsync`) and renamed over the target; then the directory
/// is flushed, so after a power cut readers see the old content or the new, never a mix.
///
/// The one implementation behind the tariff edge's high-water marks, the publisher's keysets and
/// the CLI's output files. It does not create missing directories, follow special files or
/// resolve `-`: callers decide that.
public enum AtomicFile {
    /// The permissions the replaced file gets.
    public enum Permissions: Sendable, Equatable {
        /// Those of the file being replaced; for a new file `0666` less the umask (as a shell
        /// redirection creates it).
        case keepingExisting
        /// `mode` (e.g. `0o600`) less the umask, as `open(2)` creates a file, whether or not one existed.
        case creating(UInt32)
    }

    /// Writes `bytes` to `path` atomically.
    /// - Throws: `AtomicFileError` naming the step that failed; the target is then untouched and
    ///   the temporary file removed.
    public static func write(_ bytes: [UInt8], to path: String, permissions: Permissions) throws(AtomicFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let mask = currentUmask()
        let mode: mode_t
        switch permissions {
        case .creating(let requested): mode = mode_t(requested) & ~mask
        case .keepingExisting:
            var info = stat()
            mode = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o666 & ~mask
        }
        var template = Array(((directory.isEmpty ? "" : directory + "/") + ".\(name.prefix(200)).tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func failure(_ step: AtomicFileError.Step, _ code: Int32) -> AtomicFileError {
            AtomicFileError(step: step, path: path, temporaryPath: temporary, code: code)
        }
        guard fd >= 0 else { throw failure(.create, errno) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw failure(.create, errno) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure(.write, errno)
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw failure(.flush, errno) }
        }
        guard rename(temporary, path) == 0 else { throw failure(.rename, errno) }
        renamed = true
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}

/// Why an atomic write failed: the step, the target, the temporary file and the `errno`.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the write stopped.
    public enum Step: String, Sendable {
        /// Creating the temporary file (or setting its permissions).
        case create
        case write
        /// `fsync` of the temporary file.
        case flush
        /// Renaming it over the target.
        case rename
    }

    public let step: Step
    /// The file that was to be replaced.
    public let path: String
    /// The temporary file (already removed).
    public let temporaryPath: String
    /// The `errno` of the failing call.
    public let code: Int32

    public init(step: Step, path: String, temporaryPath: String, code: Int32) {
        self.step = step
        self.path = path
        self.temporaryPath = temporaryPath
        self.code = code
    }

    /// The system's text for `code` (`No such file or directory`).
    public var reason: String { String(cString: strerror(code)) }

    public var description: String {
        switch step {
        case .create: return "cannot create a temporary file for \(path): \(reason)"
        case .write: return "cannot write \(temporaryPath): \(reason)"
        case .flush: return "cannot flush \(temporaryPath): \(reason)"
        case .rename: return "cannot rename \(temporaryPath) to \(path): \(reason)"
        }
    }
}

/// The C `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
