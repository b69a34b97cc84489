import ChargeShareDomain
import TariffEdge

/// Signs a keyset as a JWS in general JSON serialisation (RFC 7515 §7.2.1), one signature per key.
enum KeysetSignature {
    static func sign(_ payload: [UInt8], with signers: [SigningKey]) throws -> String {
        let encodedPayload = Base64URL.encode(payload)
        let signatures = try signers.map { key -> JSONValue in
            let header = try CanonicalJSON.bytes(
                .object([
                    "alg": .string("Ed25519"), "kid": .string(key.kid), "typ": .string(Keyset.updateType),
                ]))
            let encodedHeader = Base64URL.encode(header)
            let signature = try key.privateKey.signature(for: Array((encodedHeader + "." + encodedPayload).utf8))
            return .object(["protected": .string(encodedHeader), "signature": .string(Base64URL.encode(Array(signature)))])
        }
        let document = try CanonicalJSON.bytes(.object(["payload": .string(encodedPayload), "signatures": .array(signatures)]))
        return String(decoding: document, as: UTF8.self)
    }
}
