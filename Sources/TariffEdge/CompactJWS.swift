public import StrictJSON

/// A JWS in compact serialisation (RFC 7515 §7.1), split and decoded but not yet verified.
public struct CompactJWS: Sendable {
    /// The protected header's members.
    public let header: [String: JSONValue]
    /// The decoded payload bytes (the canonical JSON that was signed).
    public let payload: [UInt8]
    /// The decoded signature.
    public let signature: [UInt8]
    /// `BASE64URL(header) '.' BASE64URL(payload)`: the exact bytes the signature covers.
    public let signingInput: [UInt8]

    /// Splits and decodes `bytes`; one trailing line break is tolerated (files often end with one).
    public static func parse(_ bytes: [UInt8]) throws(TariffRejection) -> CompactJWS {
        let text = trimmed(bytes)
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw TariffRejection(.malformed, "a compact JWS has 3 dot-separated parts, found \(parts.count)")
        }
        guard let headerBytes = Base64URL.decode(parts[0]) else {
            throw TariffRejection(.malformed, "protected header is not base64url")
        }
        guard let payload = Base64URL.decode(parts[1]), !payload.isEmpty else {
            throw TariffRejection(.malformed, "payload is not base64url, or empty")
        }
        guard let signature = Base64URL.decode(parts[2]) else {
            throw TariffRejection(.malformed, "signature is not base64url")
        }
        let header: JSONValue
        do {
            header = try JSONReader.parse(headerBytes, options: .edge)
        } catch {
            throw TariffRejection(.malformed, "protected header is not JSON (\(error.edgeDescription))")
        }
        guard let members = header.objectValue else {
            throw TariffRejection(.malformed, "protected header is not a JSON object")
        }
        guard (try? CanonicalJSON.bytes(header)) == headerBytes else {
            throw TariffRejection(.malformed, "protected header is not canonical JSON (RFC 8785: sorted members, no whitespace, minimal escapes)")
        }
        let signingInput = Array(text[text.startIndex..<(parts[1].endIndex)])
        return CompactJWS(
            header: Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }), payload: payload, signature: signature,
            signingInput: signingInput)
    }

    /// `bytes` without one trailing `\n` or `\r\n`: the form whose hash is the table's identity.
    public static func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var end = bytes.endIndex
        if end > 0 && bytes[end - 1] == 0x0A { end -= 1 }
        if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
        return bytes[..<end]
    }
}
