public import StrictJSON

extension Keyset {
    /// Why a keyset document was rejected, with the JSON path.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    /// Parses and checks `keyset.json`.
    public static func read(_ bytes: [UInt8]) throws(Invalid) -> Keyset {
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes, options: .edge)
        } catch {
            throw Invalid(path: "$", message: "invalid JSON at \(error.edgeDescription)")
        }
        return try read(json)
    }

    /// Checks a parsed keyset document.
    public static func read(_ json: JSONValue) throws(Invalid) -> Keyset {
        guard json.objectValue != nil else { throw Invalid(path: "$", message: "expected an object") }
        guard json["fmt"]?.stringValue == format else { throw Invalid(path: "fmt", message: "must be \"\(format)\"") }
        guard let issuer = json["iss"]?.stringValue, !issuer.isEmpty else {
            throw Invalid(path: "iss", message: "must be a non-empty string")
        }
        guard let v = json["version"]?.doubleValue, v >= 0, v <= 9_007_199_254_740_991, v == v.rounded() else {
            throw Invalid(path: "version", message: "must be an integer from 0 to 2^53-1")
        }
        guard let elements = json["keys"]?.arrayValue else { throw Invalid(path: "keys", message: "must be an array") }
        var keys: [Key] = []
        for (i, element) in elements.enumerated() {
            let key = try readKey(element, path: "keys[\(i)]")
            guard !keys.contains(where: { $0.kid == key.kid }) else {
                throw Invalid(path: "keys[\(i)].kid", message: "duplicate kid \(MessageText.quote(key.kid))")
            }
            keys.append(key)
        }
        return Keyset(issuer: issuer, version: Int64(v), keys: keys)
    }

    private static func readKey(_ json: JSONValue, path: String) throws(Invalid) -> Key {
        func string(_ name: String) throws(Invalid) -> String {
            guard let s = json[name]?.stringValue, !s.isEmpty else {
                throw Invalid(path: "\(path).\(name)", message: "must be a non-empty string")
            }
            return s
        }
        guard json.objectValue != nil else { throw Invalid(path: path, message: "expected an object") }
        guard try string("kty") == "OKP" else { throw Invalid(path: "\(path).kty", message: "must be \"OKP\"") }
        guard try string("crv") == "Ed25519" else { throw Invalid(path: "\(path).crv", message: "must be \"Ed25519\"") }
        if let alg = json["alg"], alg != .string("Ed25519") {
            throw Invalid(path: "\(path).alg", message: "must be \"Ed25519\" when present")
        }
        guard json["d"] == nil else { throw Invalid(path: "\(path).d", message: "a keyset must not hold private keys") }
        guard let x = Base64URL.decode(Array(try string("x").utf8)), x.count == 32 else {
            throw Invalid(path: "\(path).x", message: "must be 32 bytes in base64url")
        }
        let kid = try string("kid")
        guard kid == thumbprint(of: x) else {
            throw Invalid(path: "\(path).kid", message: "\(MessageText.quote(kid)) is not the RFC 7638 thumbprint of x (\(thumbprint(of: x)))")
        }
        guard let validFrom = Timestamp(rfc3339Seconds: try string("valid_from")) else {
            throw Invalid(path: "\(path).valid_from", message: "must be YYYY-MM-DDTHH:MM:SSZ")
        }
        var validUntil: Timestamp?
        if let until = json["valid_until"], until != .null {
            guard let text = until.stringValue, let t = Timestamp(rfc3339Seconds: text), t > validFrom else {
                throw Invalid(path: "\(path).valid_until", message: "must be YYYY-MM-DDTHH:MM:SSZ after valid_from, or null")
            }
            validUntil = t
        }
        guard let siteValues = json["sites"]?.arrayValue, !siteValues.isEmpty else {
            throw Invalid(path: "\(path).sites", message: "must be a non-empty array of site ids or \"*\"")
        }
        var sites: [String] = []
        for (i, value) in siteValues.enumerated() {
            guard let s = value.stringValue, !s.isEmpty else {
                throw Invalid(path: "\(path).sites[\(i)]", message: "must be a non-empty string")
            }
            sites.append(s)
        }
        return Key(kid: kid, publicKey: x, validFrom: validFrom, validUntil: validUntil, sites: sites)
    }
}
