import AtomicFiles
import Crypto
import Foundation
import StrictJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The highest `seq` an edge has accepted per site, with the hash of that table, kept in one
/// small file per site in a state directory.
///
/// Writes are atomic (`AtomicFile`): a temporary file is written and `fsync`ed, then renamed over
/// the old one and the directory `fsync`ed, so a power cut leaves either the old or the new mark,
/// never a torn one.
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
    /// (`.ocpi.json`, and the temporary `.<stem>.hwm.tmp-XXXXXX`) a name stays well below NAME_MAX (255 bytes).
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
        guard let json = try? JSONReader.parse(Array(data), options: .edge), json["site_id"]?.stringValue == siteId,
            let seq = json["seq"]?.doubleValue, seq >= 0, seq <= Self.maximumSeq, seq == seq.rounded(),
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
        let document = JSONValue.object(["site_id": .string(siteId), "seq": .number(Double(mark.seq)), "hash": .string(mark.hash)])
        let bytes: [UInt8]
        do {
            bytes = try CanonicalJSON.bytes(document) + [0x0A]
        } catch {
            throw TariffRejection(.stateError, "cannot encode the mark: \(error)")
        }
        do {
            try AtomicFile.write(bytes, to: path(siteId, ".hwm"), permissions: .creating(0o600))
        } catch {
            throw Self.rejection(error)
        }
    }

    /// An atomic write's failure as the state error edges have always reported.
    static func rejection(_ error: AtomicFileError) -> TariffRejection {
        let temporary = error.temporaryPath
        switch error.step {
        case .create: return TariffRejection(.stateError, "cannot create \(temporary) (errno \(error.code))")
        case .write: return TariffRejection(.stateError, "cannot write \(temporary) (errno \(error.code))")
        case .flush: return TariffRejection(.stateError, "cannot flush \(temporary) (errno \(error.code))")
        case .rename: return TariffRejection(.stateError, "cannot rename \(temporary) to \(error.path) (errno \(error.code))")
        }
    }
}
