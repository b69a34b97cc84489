import AtomicFiles
public import ChargeShareDomain
import Crypto
import Foundation
public import TariffEdge
#if canImport(Glibc)
    import Glibc
#endif

/// A directory holding the publisher's keys: `keyset.json` (public, for edges), `keyset.jws`
/// (the same keyset signed by the keys that vouch for it) and `private/<kid>.jwk` (mode 0600,
/// in a 0700 directory). Private keys are only ever read from and written to those files.
public struct KeyStore: Sendable {
    /// Errors with the file or kid concerned.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    public let directory: String

    public init(directory: String) { self.directory = directory }

    var keysetPath: String { path("keyset.json") }
    var signedKeysetPath: String { path("keyset.jws") }
    var privateDirectory: String { path("private") }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// The public keyset.
    public func keyset() throws -> Keyset {
        guard let data = FileManager.default.contents(atPath: keysetPath) else { throw Failure("cannot read \(keysetPath)") }
        do {
            return try Keyset.read(Array(data))
        } catch {
            throw Failure("\(keysetPath): \(error)")
        }
    }

    /// The private keys present, in keyset order, for the kids the keyset still lists.
    public func signingKeys() throws -> [SigningKey] {
        try keyset().keys.compactMap { entry -> SigningKey? in
            let file = (privateDirectory as NSString).appendingPathComponent("\(entry.kid).jwk")
            guard let data = FileManager.default.contents(atPath: file) else { return nil }
            guard let jwk = try? JSONReader.parse(Array(data), options: JSONReader.Options(maximumDepth: 32)), let d = jwk["d"]?.stringValue,
                let raw = Base64URL.decode(Array(d.utf8)), raw.count == 32
            else {
                throw Failure("\(file) is not an Ed25519 private JWK")
            }
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            guard Array(key.publicKey.rawRepresentation) == entry.publicKey else {
                throw Failure("\(file) does not match the public key listed for kid \(MessageText.quote(entry.kid))")
            }
            var signing = SigningKey(key, validFrom: entry.validFrom, validUntil: entry.validUntil, sites: entry.sites)
            signing.entry = entry
            return signing
        }
    }

    /// The key to sign `site`'s table issued at `time`: the most recently valid one that may.
    public func signingKey(site: String, at time: Timestamp) throws -> SigningKey {
        try Self.signingKey(among: signingKeys(), site: site, at: time, directory: directory)
    }

    /// The choice `signingKey(site:at:)` makes, among keys already loaded.
    static func signingKey(among keys: [SigningKey], site: String, at time: Timestamp, directory: String) throws -> SigningKey {
        let candidates = keys.filter { $0.entry.authorises(site: site, at: time) }
        guard let key = candidates.max(by: { $0.entry.validFrom < $1.entry.validFrom }) else {
            throw Failure("no private key in \(directory) may sign for site \(MessageText.quote(site)) at \(time.rfc3339Seconds)")
        }
        return key
    }

    /// Writes a private key file with mode 0600, created exclusively (never overwriting).
    func writePrivate(_ key: SigningKey) throws {
        try FileManager.default.createDirectory(atPath: privateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = (privateDirectory as NSString).appendingPathComponent("\(key.kid).jwk")
        let bytes = try CanonicalJSON.bytes(key.privateJWK) + [0x0A]
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Failure("cannot create \(file) (errno \(errno))") }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) }
        guard written == bytes.count, fsync(fd) == 0, close(fd) == 0 else { throw Failure("cannot write \(file)") }
    }

    /// Publishes `keyset` as `keyset.json` and, signed by `signers`, as `keyset.jws`.
    func publish(_ keyset: Keyset, signedBy signers: [SigningKey]) throws {
        let payload = try CanonicalJSON.bytes(keyset.json)
        let document = try KeysetSignature.sign(payload, with: signers)
        do {
            try AtomicFile.write(Array(document.utf8) + [0x0A], to: signedKeysetPath, permissions: .creating(0o644))
            try AtomicFile.write(payload + [0x0A], to: keysetPath, permissions: .creating(0o644))
        } catch {
            throw Self.failure(error)  // an I/O failure, not an edge's state error
        }
    }

    /// An atomic write's failure in the words the publisher has always used.
    static func failure(_ error: AtomicFileError) -> Failure {
        let temporary = error.temporaryPath
        switch error.step {
        case .create: return Failure("cannot create \(temporary) (errno \(error.code))")
        case .write: return Failure("cannot write \(temporary) (errno \(error.code))")
        case .flush: return Failure("cannot flush \(temporary) (errno \(error.code))")
        case .rename: return Failure("cannot rename \(temporary) to \(error.path) (errno \(error.code))")
        }
    }
}
