import Crypto

extension Keyset {
    /// The `typ` of each signature on a keyset update.
    public static let updateType = "keyset+jws"

    /// Accepts a keyset update (`keyset.jws`, a JWS in general JSON serialisation, RFC 7515 §7.2.1)
    /// against the currently trusted keyset, the way an edge rotates or revokes keys offline.
    ///
    /// Rules: same issuer; `version` strictly above the trusted one (an old keyset cannot be
    /// replayed to un-revoke a key); every signature verifies; at least one comes from a key the
    /// edge trusts now; every key the update adds has signed it (proof of possession).
    public func accepting(update bytes: [UInt8]) throws(Invalid) -> Keyset {
        let document: EdgeJSON
        do {
            document = try EdgeJSONParser.parse(bytes)
        } catch {
            throw Invalid(path: "$", message: "invalid JSON at \(error)")
        }
        guard let payloadText = document["payload"]?.stringValue, let payload = Base64URL.decode(Array(payloadText.utf8)) else {
            throw Invalid(path: "payload", message: "must be base64url")
        }
        guard let signatures = document["signatures"]?.arrayValue, !signatures.isEmpty else {
            throw Invalid(path: "signatures", message: "must be a non-empty array")
        }
        let proposed = try Keyset.read(payload)
        guard proposed.issuer == issuer else { throw Invalid(path: "payload.iss", message: "issuer \(proposed.issuer) is not \(issuer)") }
        guard proposed.version > version else {
            throw Invalid(path: "payload.version", message: "version \(proposed.version) is not above the trusted version \(version)")
        }
        var signers: Set<String> = []
        for (i, signature) in signatures.enumerated() {
            let path = "signatures[\(i)]"
            guard let protectedText = signature["protected"]?.stringValue, let headerBytes = Base64URL.decode(Array(protectedText.utf8)),
                  let header = try? EdgeJSONParser.parse(headerBytes),
                  let signatureText = signature["signature"]?.stringValue, let raw = Base64URL.decode(Array(signatureText.utf8)) else {
                throw Invalid(path: path, message: "needs base64url protected and signature members")
            }
            guard header["alg"]?.stringValue == "Ed25519", header["typ"]?.stringValue == Self.updateType,
                  let kid = header["kid"]?.stringValue else {
                throw Invalid(path: "\(path).protected", message: "header must be {alg: Ed25519, kid, typ: \(Self.updateType)}")
            }
            guard let key = key(kid) ?? proposed.key(kid) else { throw Invalid(path: "\(path).protected.kid", message: "unknown kid \(kid)") }
            let signingInput = Array((protectedText + "." + payloadText).utf8)
            guard (try? key.verifyingKey().isValidSignature(raw, for: signingInput)) == true else {
                throw Invalid(path: "\(path).signature", message: "does not verify with key \(kid)")
            }
            signers.insert(kid)
        }
        guard signers.contains(where: { key($0) != nil }) else {
            throw Invalid(path: "signatures", message: "no signature from a key trusted in version \(version)")
        }
        for added in proposed.keys where key(added.kid) == nil && !signers.contains(added.kid) {
            throw Invalid(path: "signatures", message: "new key \(added.kid) has not signed the update")
        }
        return proposed
    }
}
