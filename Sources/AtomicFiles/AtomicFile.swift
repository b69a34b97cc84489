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

    /// Writes `bytes` to `path` atomically: `stage` then `commit`.
    /// - Throws: `AtomicFileError` naming the step that failed; the target is then untouched and
    ///   the temporary file removed.
    public static func write(_ bytes: [UInt8], to path: String, permissions: Permissions) throws(AtomicFileError) {
        try stage(bytes, for: path, permissions: permissions).commit()
    }

    /// Writes `bytes` to a new temporary file beside `path` and flushes it to disk; nothing
    /// appears under `path` until the result is committed. Several files staged first and then
    /// committed together appear only when all of them could be written.
    ///
    /// The file is created with `open(O_CREAT | O_EXCL)` and the kernel applies the umask, so the
    /// process's umask is never changed (it is shared by every thread).
    /// - Throws: `AtomicFileError`; no temporary file is left behind.
    public static func stage(_ bytes: [UInt8], for path: String, permissions: Permissions) throws(AtomicFileError) -> Staged {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var existing = stat()
        let existingMode: mode_t? = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : nil
        let requested: mode_t
        switch permissions {
        case .creating(let mode): requested = mode_t(mode)
        case .keepingExisting: requested = existingMode ?? 0o666
        }
        // At most 200 bytes of the name (cut on a character boundary) keep the temporary name
        // within NAME_MAX.
        var stem = ""
        for character in name where stem.utf8.count + String(character).utf8.count <= 200 { stem.append(character) }
        let prefix = (directory.isEmpty ? "" : directory + "/") + ".\(stem).tmp-"
        var fd: Int32 = -1
        var temporary = ""
        for _ in 0..<100 {
            temporary = prefix + randomSuffix()
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, requested)
            if fd >= 0 || errno != EEXIST { break }
        }
        func failure(_ step: AtomicFileError.Step, _ code: Int32) -> AtomicFileError {
            AtomicFileError(step: step, path: path, temporaryPath: temporary, code: code)
        }
        guard fd >= 0 else { throw failure(.create, errno) }
        var ok = false
        defer { if !ok { unlink(temporary) } }
        if case .keepingExisting = permissions, existingMode != nil {
            // The old file's mode exactly (the umask applied at open). A file system without
            // permissions (vfat, some FUSE mounts) refuses; the content matters more.
            _ = fchmod(fd, requested)
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                let code = written < 0 ? errno : EIO
                close(fd)
                throw failure(.write, code)
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw failure(.flush, code)
        }
        guard close(fd) == 0 else { throw failure(.flush, errno) }
        ok = true
        return Staged(temporaryPath: temporary, path: path)
    }

    /// A file written and flushed under a temporary name, waiting to be renamed into place.
    public struct Staged: Sendable {
        /// The temporary file.
        public let temporaryPath: String
        /// The file it will replace.
        public let path: String

        /// Renames the temporary file over `path`, then flushes the directory so the rename
        /// survives a power cut.
        /// - Throws: `AtomicFileError` (`.rename`); the temporary file is then removed.
        public func commit() throws(AtomicFileError) {
            guard rename(temporaryPath, path) == 0 else {
                let code = errno
                discard()
                throw AtomicFileError(step: .rename, path: path, temporaryPath: temporaryPath, code: code)
            }
            let directory = (path as NSString).deletingLastPathComponent
            let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
            if directoryFD >= 0 {
                fsync(directoryFD)
                close(directoryFD)
            }
        }

        /// Removes the temporary file.
        public func discard() { unlink(temporaryPath) }
    }

    /// Twelve random characters for a temporary name.
    private static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
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
