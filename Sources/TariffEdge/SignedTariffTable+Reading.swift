import Foundation
import StrictJSON

extension SignedTariffTable {
    static let payloadKeys: Set<String> = [
        "fmt", "iss", "site_id", "table_id", "seq", "prev", "iat", "valid_from", "valid_until", "tz", "currency",
        "tariff", "limits",
    ]

    /// Checks a payload's fields; every failure is `malformed` and names the field.
    public static func read(payload bytes: [UInt8]) throws(TariffRejection) -> SignedTariffTable {
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes, options: .edge)
        } catch {
            throw TariffRejection(.malformed, "payload is not valid JSON (\(error.edgeDescription))")
        }
        guard let members = json.memberNames else { throw bad("payload", "must be a JSON object") }
        guard (try? CanonicalJSON.bytes(json)) == bytes else {
            throw bad("payload", "is not canonical JSON (RFC 8785: sorted members, no whitespace, minimal escapes, ECMAScript numbers)")
        }
        if let unknown = members.sorted().first(where: { !payloadKeys.contains($0) }) {
            throw bad("payload.\(MessageText.quote(unknown))", "unknown member")
        }
        guard json["fmt"]?.stringValue == format else { throw bad("payload.fmt", "must be \"\(format)\"") }
        let issuer = try string(json, "iss")
        let siteId = try string(json, "site_id")
        let tableId = try string(json, "table_id")
        guard let seqValue = json["seq"]?.doubleValue, seqValue >= 0, seqValue <= HighWaterMarkStore.maximumSeq,
            seqValue == seqValue.rounded()
        else {
            throw bad("payload.seq", "must be an integer from 0 to 2^53-1")
        }
        guard let prev = json["prev"]?.stringValue, prev.isEmpty || (prev.utf8.count == 43 && Base64URL.decode(Array(prev.utf8)) != nil) else {
            throw bad("payload.prev", "must be \"\" or a base64url SHA-256 (43 characters)")
        }
        let issuedAt = try time(json, "iat")
        let validFrom = try time(json, "valid_from")
        let validUntil = try time(json, "valid_until")
        guard validUntil > validFrom else { throw bad("payload.valid_until", "must be after valid_from") }
        let timeZone = try string(json, "tz")
        guard TimeZone(identifier: timeZone) != nil else { throw bad("payload.tz", "unknown time zone \(MessageText.quote(timeZone))") }
        let currency = try string(json, "currency")
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw bad("payload.currency", "must be an ISO 4217 code (3 capital letters)")
        }
        guard let tariff = json["tariff"], tariff.objectValue != nil else { throw bad("payload.tariff", "must be an object") }
        guard tariff["currency"]?.stringValue == currency else {
            throw bad("payload.tariff.currency", "must equal payload.currency")
        }
        let elements = try readElements(tariff)
        let limits = try readLimits(json["limits"], validFrom: validFrom, validUntil: validUntil)
        return SignedTariffTable(
            issuer: issuer, siteId: siteId, tableId: tableId, seq: Int64(seqValue), prev: prev, issuedAt: issuedAt,
            validFrom: validFrom, validUntil: validUntil, timeZone: timeZone, currency: currency, tariff: tariff,
            elements: elements, limits: limits
        )
    }

    static func bad(_ path: String, _ message: String) -> TariffRejection { TariffRejection(.malformed, "\(path): \(message)") }

    private static func string(_ json: JSONValue, _ key: String) throws(TariffRejection) -> String {
        guard let s = json[key]?.stringValue, !s.isEmpty, s.utf8.count <= 255 else {
            throw bad("payload.\(key)", "must be a string of 1 to 255 bytes")
        }
        return s
    }

    private static func time(_ json: JSONValue, _ key: String) throws(TariffRejection) -> Timestamp {
        guard let s = json[key]?.stringValue, let t = Timestamp(rfc3339Seconds: s) else {
            throw bad("payload.\(key)", "must be a timestamp YYYY-MM-DDTHH:MM:SSZ")
        }
        return t
    }

    private static func readLimits(_ json: JSONValue?, validFrom: Timestamp, validUntil: Timestamp) throws(TariffRejection) -> SiteLimits {
        guard let json, json.objectValue != nil else { throw bad("payload.limits", "must be an object") }
        guard let startText = json["start"]?.stringValue, let start = Timestamp(rfc3339Seconds: startText), start == validFrom else {
            throw bad("payload.limits.start", "must be a timestamp equal to valid_from")
        }
        guard let minutes = json["interval_minutes"]?.doubleValue, [1.0, 5, 10, 15, 20, 30, 60].contains(minutes) else {
            throw bad("payload.limits.interval_minutes", "must be one of 1, 5, 10, 15, 20, 30, 60")
        }
        let step = Int64(minutes) * 60_000
        let period = validUntil.millisecondsSinceEpoch - validFrom.millisecondsSinceEpoch
        guard period % step == 0 else {
            throw bad("payload.limits.interval_minutes", "must divide the validity period")
        }
        let count = Int(period / step)
        func series(_ key: String) throws(TariffRejection) -> [Double?] {
            guard let values = json[key]?.arrayValue, values.count == count else {
                throw bad("payload.limits.\(key)", "must be an array of \(count) values (one per interval)")
            }
            var out: [Double?] = []
            for (i, value) in values.enumerated() {
                if value == .null {
                    out.append(nil)
                } else if let d = value.doubleValue, d >= 0 {
                    out.append(d)
                } else {
                    throw bad("payload.limits.\(key)[\(i)]", "must be a number ≥ 0 or null")
                }
            }
            return out
        }
        return SiteLimits(start: start, intervalMinutes: Int(minutes), importKw: try series("import_kw"), exportKw: try series("export_kw"))
    }
}
