import Crypto
public import StrictJSON

extension Keyset {
    /// The `typ` of each signature on a keyset update.
    public static let updateType = "keyset+jws"
    /// The most an update may raise `version` by, so no update can push an edge to 2^53 − 1 and
    /// lock it out of every later one.
    public static let maximumVersionStep: Int64 = 1000

    /// Accepts a keyset update (`keyset.jws`, a JWS in general JSON serialisation, RFC 7515 §7.2.1)
    /// against the currently trusted keyset at the edge's time `now`, the way an
    /// edge rotates or revokes keys offline. The rules, in the order they are checked, are in
    /// docs/tariff-envelope.md ("Keyset updates"):
    ///
    /// 1. the document is exactly `{payload, signatures}`; the payload is the canonical JSON of a
    ///    valid keyset (every `kid` the RFC 7638 thumbprint of its `x`);
    /// 2. same issuer; `version` above the trusted one by 1 to `maximumVersionStep`;
    /// 3. every signature has the header exactly `{alg: Ed25519, kid, typ: keyset+jws}` (so `crit`
    ///    is refused) and verifies;
    /// 4. at least one signature is by a trusted key valid at `now` (a retired key cannot sign);
    /// 5. every key the update adds has signed it (proof of possession);
    /// 6. a key already trusted keeps its key material (implied by kid = thumbprint) and its
    ///    validity can only shrink (a retired key cannot be revived);
    /// 7. at least one key of the update is valid at `now` (an empty keyset is refused).
    public func accepting(update bytes: [UInt8], now: Timestamp) throws(Invalid) -> Keyset {
        let document: JSONValue
        do {
            document = try JSONReader.parse(bytes, options: .edge)
        } catch {
            throw Invalid(path: "$", message: "invalid JSON at \(error.edgeDescription)")
        }
        guard let members = document.memberNames else { throw Invalid(path: "$", message: "expected an object") }
        if let other = members.sorted().first(where: { $0 != "payload" && $0 != "signatures" }) {
            throw Invalid(path: MessageText.quote(other), message: "not allowed (an update is exactly payload and signatures)")
        }
        guard let payloadText = document["payload"]?.stringValue, let payload = Base64URL.decode(Array(payloadText.utf8)) else {
            throw Invalid(path: "payload", message: "must be base64url")
        }
        guard let signatures = document["signatures"]?.arrayValue, !signatures.isEmpty else {
            throw Invalid(path: "signatures", message: "must be a non-empty array")
        }
        let proposed: Keyset
        do {
            proposed = try Keyset.read(payload)
        } catch {
            throw Invalid(path: "payload." + error.path, message: error.message)
        }
        guard (try? CanonicalJSON.bytes(proposed.json)) == payload else {
            throw Invalid(path: "payload", message: "is not the canonical JSON (RFC 8785) of the keyset")
        }
        guard proposed.issuer == issuer else {
            throw Invalid(path: "payload.iss", message: "issuer \(MessageText.quote(proposed.issuer)) is not \(MessageText.quote(issuer))")
        }
        guard proposed.version > version else {
            throw Invalid(path: "payload.version", message: "version \(proposed.version) is not above the trusted version \(version)")
        }
        guard proposed.version - version <= Self.maximumVersionStep else {
            throw Invalid(
                path: "payload.version",
                message: "version \(proposed.version) is more than \(Self.maximumVersionStep) above the trusted version \(version)")
        }
        let signers = try verifiedSigners(signatures, payloadText: payloadText, proposed: proposed)
        guard signers.contains(where: { key($0)?.isValid(at: now) == true }) else {
            throw Invalid(path: "signatures", message: "no signature from a key trusted in version \(version) and valid at \(now.rfc3339Seconds)")
        }
        for added in proposed.keys where key(added.kid) == nil && !signers.contains(added.kid) {
            throw Invalid(path: "signatures", message: "new key \(MessageText.quote(added.kid)) has not signed the update")
        }
        for (i, updated) in proposed.keys.enumerated() {
            guard let trusted = key(updated.kid) else { continue }
            guard updated.validFrom >= trusted.validFrom, (trusted.validUntil.map { end in updated.validUntil.map { $0 <= end } ?? false } ?? true)
            else {
                throw Invalid(
                    path: "payload.keys[\(i)]",
                    message:
                        "key \(MessageText.quote(updated.kid)) may not be valid for longer than version \(version) allows (a key's validity can only shrink)"
                )
            }
        }
        guard proposed.keys.contains(where: { $0.isValid(at: now) }) else {
            throw Invalid(path: "payload.keys", message: "no key is valid at \(now.rfc3339Seconds); adopting it would lock this edge out")
        }
        return proposed
    }

    /// The kids whose signatures verify; throws at the first one that does not.
    private func verifiedSigners(_ signatures: [JSONValue], payloadText: String, proposed: Keyset) throws(Invalid) -> Set<String> {
        var signers: Set<String> = []
        for (i, signature) in signatures.enumerated() {
            let path = "signatures[\(i)]"
            guard let members = signature.memberNames, Set(members) == ["protected", "signature"],
                let protectedText = signature["protected"]?.stringValue, let headerBytes = Base64URL.decode(Array(protectedText.utf8)),
                let header = try? JSONReader.parse(headerBytes, options: .edge),
                let signatureText = signature["signature"]?.stringValue, let raw = Base64URL.decode(Array(signatureText.utf8))
            else {
                throw Invalid(path: path, message: "needs exactly base64url protected and signature members")
            }
            guard let fields = header.memberNames, Set(fields) == ["alg", "kid", "typ"],
                header["alg"]?.stringValue == "Ed25519", header["typ"]?.stringValue == Self.updateType,
                let kid = header["kid"]?.stringValue
            else {
                throw Invalid(
                    path: "\(path).protected",
                    message: "header must be exactly {alg: Ed25519, kid, typ: \(Self.updateType)} (no crit or other members)")
            }
            guard let key = key(kid) ?? proposed.key(kid) else {
                throw Invalid(path: "\(path).protected.kid", message: "unknown kid \(MessageText.quote(kid))")
            }
            let signingInput = Array((protectedText + "." + payloadText).utf8)
            guard (try? key.verifyingKey().isValidSignature(raw, for: signingInput)) == true else {
                throw Invalid(path: "\(path).signature", message: "does not verify with key \(MessageText.quote(kid))")
            }
            signers.insert(kid)
        }
        return signers
    }
}

extension Keyset.Key {
    /// Whether `time` lies in the key's validity period, whatever the site.
    public func isValid(at time: Timestamp) -> Bool {
        time >= validFrom && validUntil.map { time < $0 } ?? true
    }
}
