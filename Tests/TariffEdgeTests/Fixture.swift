import Crypto
import StrictJSON
import Foundation
@testable import TariffEdge

/// Keys, a keyset and hand-built signed tables for the verifier tests.
struct Fixture {
    let key = Curve25519.Signing.PrivateKey()
    let otherKey = Curve25519.Signing.PrivateKey()
    var kid: String { Keyset.thumbprint(of: Array(key.publicKey.rawRepresentation)) }
    /// 2026-03-02T16:00:00Z, the window start.
    static let start = Timestamp(seconds: 1_772_467_200)
    static let end: Timestamp = start + 4 * 3600

    var keyset: Keyset {
        Keyset(
            issuer: "chargeshare", version: 1,
            keys: [
                Keyset.Key(
                    kid: kid, publicKey: Array(key.publicKey.rawRepresentation), validFrom: Self.start - 86_400, validUntil: nil,
                    sites: ["site-a", "site-b"])
            ])
    }

    /// A 4-hour window at 1-hour intervals: 0.3000 until 18:00 local (UTC+1), 0.4500 after.
    func payload(site: String = "site-a", seq: Double = 7, iat: Timestamp = start - 600, changes: [String: JSONValue] = [:]) -> JSONValue {
        let element: (String, String?, String?) -> JSONValue = { price, from, to in
            var restrictions: [String: JSONValue] = [:]
            if let from { restrictions["start_time"] = .string(from) }
            if let to { restrictions["end_time"] = .string(to) }
            var e: [String: JSONValue] = [
                "price_components": .array([.object(["type": .string("ENERGY"), "price": .string(price), "step_size": .number(1)])])
            ]
            if !restrictions.isEmpty { e["restrictions"] = .object(restrictions) }
            e[TariffRule.v2gMember] = .string("0.1000")
            return .object(e)
        }
        var members: [String: JSONValue] = [
            "fmt": .string(SignedTariffTable.format), "iss": .string("chargeshare"), "site_id": .string(site),
            "table_id": .string("t-1"), "seq": .number(seq), "prev": .string(""), "iat": .string(iat.rfc3339Seconds),
            "valid_from": .string(Self.start.rfc3339Seconds), "valid_until": .string(Self.end.rfc3339Seconds),
            "tz": .string("Europe/Amsterdam"), "currency": .string("EUR"),
            "tariff": .object([
                "country_code": .string("NL"), "party_id": .string("CSH"), "id": .string(site), "currency": .string("EUR"),
                "elements": .array([element("0.3000", "17:00", "19:00"), element("0.4500", "19:00", "21:00"), element("0.4500", nil, nil)]),
                "last_updated": .string(iat.rfc3339Seconds),
            ]),
            "limits": .object([
                "start": .string(Self.start.rfc3339Seconds), "interval_minutes": .number(60),
                "import_kw": .array([.number(11), .number(7.5), .null, .number(0)]),
                "export_kw": .array([.number(0), .number(0), .number(0), .number(0)]),
            ]),
        ]
        for (k, v) in changes { members[k] = v }
        return .object(members)
    }

    /// A compact JWS over `payload`'s canonical bytes with the given header fields.
    func sign(
        _ payload: JSONValue, alg: String = "Ed25519", typ: String = "tariff-table+jws", kid: String? = nil,
        with signer: Curve25519.Signing.PrivateKey? = nil
    ) throws -> [UInt8] {
        let header = try CanonicalJSON.bytes(.object(["alg": .string(alg), "typ": .string(typ), "kid": .string(kid ?? self.kid)]))
        let input = Base64URL.encode(header) + "." + Base64URL.encode(try CanonicalJSON.bytes(payload))
        let signature = try (signer ?? key).signature(for: Array(input.utf8))
        return Array((input + "." + Base64URL.encode(Array(signature))).utf8)
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "chargeshare-edge-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
