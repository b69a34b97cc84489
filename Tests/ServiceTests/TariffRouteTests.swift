import ChargeShareDomain
import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Store
import Testing

@Suite("GET /v1/sites/{id}/tariff: the latest JWS, no token, ETag and 304")
struct TariffRouteTests {
    static let t0 = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!

    static func seeded() throws -> ServiceHarness {
        let h = try ServiceHarness()
        let registry = try RegistryReader.read(Array(try String(contentsOfFile: TestSupportPaths.registry, encoding: .utf8).utf8))
        _ = try h.store.upsert(registry, at: t0)
        return h
    }

    static func tariff(_ version: Int, _ envelope: String) -> StoredTariff {
        StoredTariff(
            siteId: "F0-H0", version: version, validFrom: t0.adding(milliseconds: Int64(version) * 3_600_000), validUntil: nil, envelope: envelope,
            created: t0)
    }

    @Test func theLatestVersionWithItsETagThen304() async throws {
        let h = try Self.seeded()
        _ = try h.store.insertTariff(Self.tariff(1, "aGVhZGVy.djE.c2ln"))
        _ = try h.store.insertTariff(Self.tariff(2, "aGVhZGVy.djI.c2ln"))
        try await h.run { client async throws in
            let r = try await client.call(.get, "/v1/sites/F0-H0/tariff", token: nil)
            #expect(r.status == .ok)
            #expect(r.text == "aGVhZGVy.djI.c2ln")
            #expect(r.headers[.contentType] == "application/jose")
            // sha256("aGVhZGVy.djI.c2ln"), computed with `printf %s … | sha256sum`.
            let etag = try #require(r.headers[.eTag])
            #expect(etag.count == 66 && etag.hasPrefix("\"") && etag.hasSuffix("\""))
            for header in [etag, "W/" + etag, "\"other\", " + etag, "*"] {
                let cached = try await client.execute(uri: "/v1/sites/F0-H0/tariff", method: .get, headers: [.ifNoneMatch: header])
                #expect(cached.status == .notModified, "\(header)")
                #expect(cached.body.readableBytes == 0)
                #expect(cached.headers[.eTag] == etag)
            }
            let stale = try await client.execute(uri: "/v1/sites/F0-H0/tariff", method: .get, headers: [.ifNoneMatch: "\"0000\""])
            #expect(stale.status == .ok && stale.text == "aGVhZGVy.djI.c2ln")
        }
    }

    @Test func theETagIsTheHexSHA256OfTheJWS() async throws {
        let h = try Self.seeded()
        _ = try h.store.insertTariff(Self.tariff(1, "abc"))
        try await h.run { client async throws in
            let r = try await client.call(.get, "/v1/sites/F0-H0/tariff", token: nil)
            // printf %s abc | sha256sum
            #expect(r.headers[.eTag] == "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"")
        }
    }

    @Test func unknownSiteAndNoTableYetAre404() async throws {
        let h = try Self.seeded()
        try await h.run { client async throws in
            let unknown = try await client.call(.get, "/v1/sites/nowhere/tariff", token: nil)
            // The same answer for both: this route needs no token, so it does not tell which sites exist.
            #expect(unknown.status == .notFound && unknown.json?["detail"]?.stringValue == "no tariff table for site \"nowhere\"")
            let none = try await client.call(.get, "/v1/sites/F0-H1/tariff", token: nil)
            #expect(none.status == .notFound && none.json?["detail"]?.stringValue == "no tariff table for site \"F0-H1\"")
        }
    }
}
