public import ChargeShareDomain
import Crypto
public import TariffEdge

/// A private Ed25519 key with the public facts the keyset lists for it.
///
/// Its `description`, `debugDescription` and mirror never show key material, so it is safe to log
/// or `dump`.
public struct SigningKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The 32-byte Ed25519 seed; never printed, only written to the key file.
    private let seed: [UInt8]
    /// The keyset entry (kid = RFC 7638 thumbprint of the public key).
    public var entry: Keyset.Key

    /// A fresh random key.
    public static func generate(validFrom: Timestamp, validUntil: Timestamp?, sites: [String]) -> SigningKey {
        SigningKey(Curve25519.Signing.PrivateKey(), validFrom: validFrom, validUntil: validUntil, sites: sites)
    }

    init(_ privateKey: Curve25519.Signing.PrivateKey, validFrom: Timestamp, validUntil: Timestamp?, sites: [String]) {
        seed = Array(privateKey.rawRepresentation)
        let x = Array(privateKey.publicKey.rawRepresentation)
        entry = Keyset.Key(kid: Keyset.thumbprint(of: x), publicKey: x, validFrom: validFrom, validUntil: validUntil, sites: sites)
    }

    var privateKey: Curve25519.Signing.PrivateKey {
        get throws { try Curve25519.Signing.PrivateKey(rawRepresentation: seed) }
    }

    public var kid: String { entry.kid }

    public var description: String { "SigningKey(kid: \(kid))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["kid": kid]) }

    /// The private JWK (RFC 8037, with `d`) stored in the key file.
    var privateJWK: JSONValue {
        .object([
            "kty": .string("OKP"), "crv": .string("Ed25519"), "kid": .string(kid),
            "x": .string(Base64URL.encode(entry.publicKey)), "d": .string(Base64URL.encode(seed)),
        ])
    }

    /// Signs `payload` as a compact JWS with header `{"alg":"Ed25519","kid":…,"typ":typ}`
    /// (canonical JSON, so the header bytes are reproducible).
    public func compactJWS(payload: [UInt8], type: String) throws -> String {
        let header = try CanonicalJSON.bytes(.object(["alg": .string("Ed25519"), "kid": .string(kid), "typ": .string(type)]))
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = try privateKey.signature(for: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(Array(signature))
    }
}
