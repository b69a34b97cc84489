import Crypto
import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The highest `seq` an edge has accepted per site, with the hash of that table, kept in one
/// small file per site in a state directory.
///
/// Writes are atomic: a temporary file is written and `fsync`ed, then renamed over the old one and
/// the directory `fsync`ed, so a power cut leaves either the old or the new mark, never a torn one.
/// An exclusive `flock` per site serialises concurrent verifiers.
public struct HighWaterMarkStore: Sendable {
    /// What the edge last accepted for a site.
    public struct Mark: Sendable, Equatable {
        public var seq: Int64
        /// Base64url SHA-256 of the accepted compact JWS.
        public var hash: String

        public init(seq: Int64, hash: String) {
            self.seq = seq
            self.hash = hash
        }
    }

    public let directory: String

    /// The largest `seq` a table may carry: 2^53 − 1, the largest integer an I-JSON number holds exactly.
    public static let maximumSeq: Double = 9_007_199_254_740_991

    /// A store in `directory`, created (mode 0700) when missing.
    public init(directory: String) throws(TariffRejection) {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw TariffRejection(.stateError, "cannot create state directory \(directory): \(error.localizedDescription)")
        }
    }

    /// Longest stem `fileStem` returns, in bytes: with the longest suffix any caller appends
    /// (`.ocpi.json`, `.hwm.tmp-<pid>`) a name stays well below NAME_MAX (255 bytes).
    public static let maximumStemBytes = 200

    /// File-name-safe form of a site id: ASCII letters, digits, `-` and `_` kept, every other byte
    /// written `%XX` (so `a/b` cannot escape the directory and `..` cannot name its parent; the
    /// stem is never empty, `.` or `..`). When that is longer than `maximumStemBytes`, it is cut to
    /// 167 bytes (at an escape boundary) and ends with `~` and 32 hex digits of the site id's
    /// SHA-256; `~` never occurs in an escaped id, so the two forms cannot collide.
    public static func fileStem(_ siteId: String) -> String {
        var out = ""
        var boundaries: [Int] = []
        for byte in siteId.utf8 {
            boundaries.append(out.utf8.count)
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        if out.isEmpty { return "%" }
        guard out.utf8.count > maximumStemBytes else { return out }
        let digest = SHA256.hash(data: Array(siteId.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        let room = maximumStemBytes - 33
        let cut = boundaries.last { $0 <= room } ?? 0
        return String(decoding: Array(out.utf8.prefix(cut)), as: UTF8.self) + "~" + digest
    }

    func path(_ siteId: String, _ suffix: String) -> String {
        (directory as NSString).appendingPathComponent(Self.fileStem(siteId) + suffix)
    }

    /// Runs `body` holding the site's exclusive lock.
    public func withLock<T>(site siteId: String, _ body: () throws(TariffRejection) -> T) throws(TariffRejection) -> T {
        let fd = open(path(siteId, ".lock"), O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw TariffRejection(.stateError, "cannot open lock file for site \(MessageText.quote(siteId)) (errno \(errno))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw TariffRejection(.stateError, "cannot lock site \(MessageText.quote(siteId)) (errno \(errno))") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// The site's mark, or `nil` when it has never accepted a table.
    public func mark(site siteId: String) throws(TariffRejection) -> Mark? {
        let file = path(siteId, ".hwm")
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TariffRejection(.stateError, "cannot read \(file)")
        }
        guard let json = try? EdgeJSONParser.parse(Array(data)), json["site_id"]?.stringValue == siteId,
            let seq = json["seq"]?.numberValue, seq >= 0, seq <= Self.maximumSeq, seq == seq.rounded(),
            let hash = json["hash"]?.stringValue, hash.utf8.count == 43, Base64URL.decode(Array(hash.utf8)) != nil,
            json.objectValue?.count == 3
        else {
            throw TariffRejection(
                .stateError, "\(file) is corrupt (expected {hash, seq: an integer from 0 to 2^53-1, site_id}); refusing to guess the high-water mark")
        }
        return Mark(seq: Int64(seq), hash: hash)
    }

    /// Replaces the site's mark atomically.
    public func store(_ mark: Mark, site siteId: String) throws(TariffRejection) {
        let document = EdgeJSON.object(["site_id": .string(siteId), "seq": .number(Double(mark.seq)), "hash": .string(mark.hash)])
        let bytes: [UInt8]
        do {
            bytes = try CanonicalJSON.bytes(document) + [0x0A]
        } catch {
            throw TariffRejection(.stateError, "cannot encode the mark: \(error)")
        }
        try AtomicFile.write(bytes, to: path(siteId, ".hwm"), mode: 0o600)
    }
}

/// Crash-safe replacement of a small file: temp file, fsync, rename, fsync of the directory.
public enum AtomicFile {
    /// Writes `bytes` to `path` so that readers see the old or the new content, never a mix.
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o644) throws(TariffRejection) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode_t(mode))
        guard fd >= 0 else { throw TariffRejection(.stateError, "cannot create \(temporary) (errno \(errno))") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if n <= 0 {
                close(fd)
                unlink(temporary)
                throw TariffRejection(.stateError, "cannot write \(temporary) (errno \(errno))")
            }
            written += n
        }
        guard fsync(fd) == 0, close(fd) == 0 else {
            unlink(temporary)
            throw TariffRejection(.stateError, "cannot flush \(temporary) (errno \(errno))")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw TariffRejection(.stateError, "cannot rename \(temporary) to \(path) (errno \(errno))")
        }
        let directory = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}

/// The C `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
