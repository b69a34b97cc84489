import ChargeShareDomain
import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Testing

@Suite("POST /openadr3/auth/token: OAuth 2 client credentials (RFC 6749 §4.4) on a live socket")
struct TokenTests {
    func post(_ client: any TestClientProtocol, _ form: String, headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"])
        async throws
        -> TestResponse
    {
        try await client.execute(uri: "/openadr3/auth/token", method: .post, headers: headers, body: ByteBuffer(string: form))
    }

    @Test func goodCredentialsGetABearerTokenWithTheRolesScopes() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let r = try await post(client, "grant_type=client_credentials&client_id=coop&client_secret=\(ServiceHarness.coopSecret)")
            #expect(r.status == .ok)
            #expect(r.headers[.cacheControl] == "no-store")
            let json = try #require(r.json)
            #expect(json["token_type"]?.stringValue == "Bearer")
            #expect(json["expires_in"] == .integer(3600))
            #expect(json["scope"]?.stringValue == "read_all write_programs write_events")
            #expect((json["access_token"]?.stringValue?.count ?? 0) == 43)
        }
    }

    @Test func basicCredentialsAndANarrowerScope() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let basic = Data("admin:\(ServiceHarness.adminSecret)".utf8).base64EncodedString()
            let r = try await post(
                client, "grant_type=client_credentials&scope=read_all+admin",
                headers: [.contentType: "application/x-www-form-urlencoded", .authorization: "Basic \(basic)"])
            #expect(r.status == .ok)
            #expect(r.json?["scope"]?.stringValue == "read_all admin")
        }
    }

    @Test func basicCredentialsSentWithoutFormEncodingAreAcceptedToo() async throws {
        let h = try ServiceHarness()
        var config = ServiceHarness.config
        config.clients.append(.init(clientId: "plus", clientSecret: "a+b%20c-0123456789", role: .cloud))
        config.clients.append(.init(clientId: "pct", clientSecret: "100%-raw-secret-01", role: .cloud))
        config.clients.append(.init(clientId: "my+client", clientSecret: "50%-raw-secret-001", role: .cloud))
        try await h.run(config: config) { client async throws in
            // requests-oauthlib's way (raw) and RFC 6749's way (form-encoded): both work, and a raw
            // secret with a `%` that starts no escape (not form-encoding, so only raw) too.
            // An encoded id with a raw secret: each part is read on its own.
            for pair in [
                "plus:a+b%20c-0123456789", "plus:a%2Bb%2520c-0123456789", "pct:100%-raw-secret-01", "pct:100%25-raw-secret-01",
                "my%2Bclient:50%-raw-secret-001",
            ] {
                let r = try await post(
                    client, "grant_type=client_credentials",
                    headers: [.contentType: "application/x-www-form-urlencoded", .authorization: "Basic \(Data(pair.utf8).base64EncodedString())"])
                #expect(r.status == .ok, "\(pair): \(r.text)")
            }
            let wrong = try await post(
                client, "grant_type=client_credentials",
                headers: [
                    .contentType: "application/x-www-form-urlencoded",
                    .authorization: "Basic \(Data("plus:a b c-0123456789".utf8).base64EncodedString())",
                ])
            #expect(wrong.status == .unauthorized)
        }
    }

    @Test("A rotated secret revokes every token issued under the old secrets at once; the same config keeps them")
    func aRotatedSecretRevokesTheTokens() async throws {
        let h = try ServiceHarness()
        let (cloud, coop) = try await h.run { client async throws in
            (try await client.token("cloud", ServiceHarness.cloudSecret), try await client.token("coop", ServiceHarness.coopSecret))
        }
        // Another instance (here: a restart) with the same config: both tokens still work.
        try await h.run { client async throws in
            // (a cloud token reads dispatch windows: 404 for one that does not exist, 401 without a valid token)
            #expect(try await client.call(.get, "/v1/dispatch/none", token: cloud).status == .notFound)
            #expect(try await client.call(.get, "/openadr3/programs", token: coop).status == .ok)
        }
        var rotated = ServiceHarness.config
        let index = try #require(rotated.clients.firstIndex { $0.clientId == "cloud" })
        rotated.clients[index] = .init(clientId: "cloud", clientSecret: "cloud-secret-rotated-0123", role: .cloud)
        try await h.run(config: rotated) { client async throws in
            // Every token issued under the old secrets is refused, the other clients' too.
            #expect(try await client.call(.get, "/v1/dispatch/none", token: cloud).status == .unauthorized)
            #expect(try await client.call(.get, "/openadr3/programs", token: coop).status == .unauthorized)
            // New tokens work; the old secret gets none.
            let fresh = try await client.token("cloud", "cloud-secret-rotated-0123")
            #expect(try await client.call(.get, "/v1/dispatch/none", token: fresh).status == .notFound)
            #expect(try await client.call(.get, "/openadr3/programs", token: try await client.token("coop", ServiceHarness.coopSecret)).status == .ok)
            let old = try await post(client, "grant_type=client_credentials&client_id=cloud&client_secret=\(ServiceHarness.cloudSecret)")
            #expect(old.status == .badRequest)
        }
        // An instance still on the old config refuses the tokens the new one issued, and the reverse:
        // instances that disagree on the secrets never accept each other's tokens.
        let newToken = try await h.run(config: rotated) { client async throws in try await client.token("coop", ServiceHarness.coopSecret) }
        try await h.run { client async throws in
            #expect(try await client.call(.get, "/openadr3/programs", token: newToken).status == .unauthorized)
        }
    }

    @Test func eachRefusalHasItsRFC6749Error() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let cases: [(String, HTTPFields, HTTPResponse.Status, String)] = [
                ("grant_type=client_credentials&client_id=coop&client_secret=wrong-secret-0123", [:], .badRequest, "invalid_client"),
                ("grant_type=client_credentials&client_id=nobody&client_secret=\(ServiceHarness.coopSecret)", [:], .badRequest, "invalid_client"),
                ("grant_type=password&client_id=coop&client_secret=\(ServiceHarness.coopSecret)", [:], .badRequest, "unsupported_grant_type"),
                ("client_id=coop&client_secret=\(ServiceHarness.coopSecret)", [:], .badRequest, "invalid_request"),
                ("grant_type=client_credentials&client_id=coop", [:], .badRequest, "invalid_request"),
                ("grant_type=client_credentials&client_id=coop&client_id=coop&client_secret=x", [:], .badRequest, "invalid_request"),
                ("grant_type=client_credentials&client_id=coop&client_secret=%zz", [:], .badRequest, "invalid_request"),
                (
                    "grant_type=client_credentials&client_id=cloud&client_secret=\(ServiceHarness.cloudSecret)&scope=write_events", [:], .badRequest,
                    "invalid_scope"
                ),
                (
                    "grant_type=client_credentials", [.authorization: "Basic \(Data("coop:nope-nope-nope-nope".utf8).base64EncodedString())"],
                    .unauthorized, "invalid_client"
                ),
            ]
            for (form, extra, status, code) in cases {
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                for field in extra { headers.append(field) }
                let r = try await post(client, form, headers: headers)
                #expect(r.status == status, "\(form)")
                #expect(r.json?["error"]?.stringValue == code, "\(form): \(r.text)")
                #expect(r.json?["error_description"]?.stringValue?.isEmpty == false)
            }
            let json = try await client.execute(
                uri: "/openadr3/auth/token", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(json.status == .badRequest && json.json?["error"]?.stringValue == "invalid_request")
        }
    }

    @Test func noSecretReachesTheLog() async throws {
        let h = try ServiceHarness()
        let log = CapturedLog()
        try await h.run(logger: log.logger) { client async throws in
            _ = try await client.token("coop", ServiceHarness.coopSecret)
            _ = try await post(client, "grant_type=client_credentials&client_id=coop&client_secret=wrong-but-logged-0123")
            // A client that puts its secret in the query string: the request is logged by path only.
            _ = try await client.execute(
                uri: "/openadr3/auth/token?client_id=coop&client_secret=in-the-query-0123", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "grant_type=client_credentials"))
        }
        #expect(log.all.contains("token issued"))
        #expect(
            log.all.contains("hb.request.path: /openadr3/auth/token") || log.all.contains("hb.request.path\": /openadr3/auth/token"), "\(log.all)")
        #expect(!log.all.contains(ServiceHarness.coopSecret))
        #expect(!log.all.contains("wrong-but-logged-0123"))
        #expect(!log.all.contains("in-the-query-0123"))
    }
}
