public import Crypto
public import StrictJSON

/// The public keys an edge trusts, as published in `keyset.json`.
///
/// Each key is an RFC 8037 OKP JWK (`kty` `OKP`, `crv` `Ed25519`, `x`, `kid`) with ChargeShare's
/// members `valid_from`, `valid_until` (optional) and `sites` (site ids, or `"*"` for all).
/// `version` increases with every rotation or revocation, so an old keyset cannot be replayed.
public struct Keyset: Sendable, Equatable {
    /// One trusted signing key.
    public struct Key: Sendable, Equatable {
        public var kid: String
        /// The 32-byte Ed25519 public key (`x`).
        public var publicKey: [UInt8]
        /// First instant at which the key may sign (whole seconds on the wire).
        public var validFrom: Timestamp
        /// First instant at which it no longer may, or `nil` for no end.
        public var validUntil: Timestamp?
        /// Sites the key may sign for; `["*"]` means every site.
        public var sites: [String]

        public init(kid: String, publicKey: [UInt8], validFrom: Timestamp, validUntil: Timestamp?, sites: [String]) {
            self.kid = kid
            self.publicKey = publicKey
            self.validFrom = validFrom
            self.validUntil = validUntil
            self.sites = sites
        }

        /// Whether the key may sign for `site` at `time`.
        public func authorises(site: String, at time: Timestamp) -> Bool {
            time >= validFrom && validUntil.map { time < $0 } ?? true && (sites.contains("*") || sites.contains(site))
        }

        /// The key as a swift-crypto verifying key.
        public func verifyingKey() throws -> Curve25519.Signing.PublicKey {
            try Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        }

        /// The RFC 8037 JWK with ChargeShare's validity and site members.
        public var json: JSONValue {
            var members: [String: JSONValue] = [
                "kty": .string("OKP"), "crv": .string("Ed25519"), "x": .string(Base64URL.encode(publicKey)),
                "kid": .string(kid), "use": .string("sig"), "alg": .string("Ed25519"),
                "valid_from": .string(validFrom.rfc3339Seconds), "sites": .array(sites.map { .string($0) }),
            ]
            members["valid_until"] = validUntil.map { .string($0.rfc3339Seconds) } ?? .null
            return .object(members)
        }
    }

    /// Format marker, `chargeshare.keyset/1`.
    public static let format = "chargeshare.keyset/1"

    /// The issuer whose tables these keys sign (the payload's `iss` must match).
    public var issuer: String
    /// Increases strictly with every published keyset.
    public var version: Int64
    public var keys: [Key]

    public init(issuer: String, version: Int64, keys: [Key]) {
        self.issuer = issuer
        self.version = version
        self.keys = keys
    }

    /// The key with this `kid`, if the keyset lists it.
    public func key(_ kid: String) -> Key? { keys.first { $0.kid == kid } }

    /// The keyset document (`keyset.json`).
    public var json: JSONValue {
        .object([
            "fmt": .string(Self.format), "iss": .string(issuer), "version": .number(Double(version)),
            "keys": .array(keys.map(\.json)),
        ])
    }

    /// The RFC 7638 thumbprint of an Ed25519 public key, base64url: the `kid` ChargeShare assigns.
    public static func thumbprint(of publicKey: [UInt8]) -> String {
        let members = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"\(Base64URL.encode(publicKey))\"}"
        return Base64URL.encode(Array(SHA256.hash(data: Array(members.utf8))))
    }
}
