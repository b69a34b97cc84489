import ChargeShareDomain
import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Store
import StrictJSON
import Testing

@Suite("Registry API (admin): the registry import's validation, one transaction per write")
struct RegistryAPITests {
    static let example = try! String(contentsOfFile: TestSupportPaths.registry, encoding: .utf8)

    @Test func aFeederPutReadAndPutAgain() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let admin = try await client.token("admin", ServiceHarness.adminSecret)
            let created = try await client.call(.put, "/v1/feeders/F7", token: admin, json: #"{"importLimitKw": 40, "exportLimitKw": 20}"#)
            #expect(created.status == .created)
            #expect(created.json == .object([("id", .string("F7")), ("importLimitKw", .number(40)), ("exportLimitKw", .number(20))]))
            let again = try await client.call(.put, "/v1/feeders/F7", token: admin, json: #"{"id": "F7", "importLimitKw": 40, "exportLimitKw": 20}"#)
            #expect(again.status == .ok)
            let read = try await client.call(.get, "/v1/feeders/F7", token: admin)
            #expect(read.status == .ok && read.json == created.json)
            let list = try await client.call(.get, "/v1/feeders", token: admin)
            #expect(list.json == .array([created.json!]))
        }
        #expect(try h.store.registry().feeders.map(\.id) == ["F7"])
    }

    @Test func theRegistryDocumentRoundTrips() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let admin = try await client.token("admin", ServiceHarness.adminSecret)
            let posted = try await client.call(.post, "/v1/registry", token: admin, json: Self.example)
            #expect(posted.status == .ok)
            let counts = try #require(posted.json)
            #expect(counts["unchanged"] == .integer(0) && counts["updated"] == .integer(0))
            let read = try #require(try await client.call(.get, "/v1/registry", token: admin).json)
            // What GET returns is itself a valid registry that changes nothing when posted back.
            let again = try await client.call(.post, "/v1/registry", token: admin, json: JSONWriter().string(read))
            #expect(again.json?["inserted"] == .integer(0) && again.json?["updated"] == .integer(0))
            #expect(again.json?["unchanged"] == counts["inserted"])
            let charger = try await client.call(.get, "/v1/chargers/F0-H0-C", token: admin)
            #expect(charger.json?["stationId"]?.stringValue == "CS-F0-H0")
        }
    }

    @Test func invalidEntriesNameTheirPathAndWriteNothing() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let admin = try await client.token("admin", ServiceHarness.adminSecret)
            let bad = try await client.call(
                .put, "/v1/sites/S1", token: admin, json: #"{"feederId": "nowhere", "importLimitKw": -3, "timeZone": "Mars/Olympus"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType] == "application/problem+json")
            let paths = bad.json?["errors"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? []
            #expect(paths == ["importLimitKw", "timeZone"], "\(bad.text)")
            let orphan = try await client.call(.put, "/v1/sites/S1", token: admin, json: #"{"feederId": "nowhere", "timeZone": "UTC"}"#)
            #expect(orphan.status == .unprocessableContent)
            #expect(orphan.json?["errors"]?.arrayValue?.first?["path"]?.stringValue == "feederId", "\(orphan.text)")
            let mismatch = try await client.call(.put, "/v1/feeders/F1", token: admin, json: #"{"id": "F2", "importLimitKw": 1}"#)
            #expect(mismatch.status == .badRequest && mismatch.json?["errors"]?.arrayValue?.first?["path"]?.stringValue == "id")
            let syntax = try await client.call(.post, "/v1/registry", token: admin, json: #"{"feeders": ["#)
            #expect(syntax.status == .badRequest && syntax.json?["errors"]?.arrayValue?.first?["path"]?.stringValue == "$")
            let notJSON = try await client.execute(
                uri: "/v1/registry", method: .post, headers: [.authorization: "Bearer \(admin)", .contentType: "text/plain"],
                body: ByteBuffer(string: "{}"))
            #expect(notJSON.status == .unsupportedMediaType)
            let missing = try await client.call(.get, "/v1/sites/S1", token: admin)
            #expect(missing.status == .notFound && missing.json?["detail"]?.stringValue == "no site \"S1\"")
        }
        #expect(try h.store.registry() == Registry())
    }

    @Test func aBodyOverTheCapIs413AndChangesNothing() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let admin = try await client.token("admin", ServiceHarness.adminSecret)
            // A valid registry of 2,000 feeders (about 100 KiB): accepted, it would write them all.
            let feeders = (0..<2000).map { #"{"id": "feeder-\#($0)", "importLimitKw": 10, "exportLimitKw": 5}"# }
            let huge = #"{"feeders": ["# + feeders.joined(separator: ", ") + "]}"
            #expect(huge.utf8.count > 64 * 1024)
            let r = try await client.call(.post, "/v1/registry", token: admin, json: huge)
            #expect(r.status == .contentTooLarge)
            #expect(r.headers[.contentType] == "application/problem+json")
            #expect(r.json?["detail"]?.stringValue == "the request body is larger than 65536 bytes", "\(r.text)")
            // The same document under the cap writes, so the refusal above is the cap's doing.
            let small = #"{"feeders": ["# + feeders.prefix(10).joined(separator: ", ") + "]}"
            #expect(try await client.call(.post, "/v1/registry", token: admin, json: small).json?["inserted"] == .integer(10))
        }
        #expect(try h.store.registry().feeders.count == 10)
    }
}

enum TestSupportPaths {
    static let registry: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/examples/registry.json").path
    }()
}
