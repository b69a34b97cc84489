import ChargeShareDomain
import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Testing

/// The trust rules of docs/service.md, one attack at a time.
@Suite("Service trust rules: 401 and 403, problem+json")
struct AuthTests {
    @Test func noTokenIs401WithAChallenge() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let r = try await client.call(.get, "/v1/registry", token: nil)
            #expect(r.status == .unauthorized)
            #expect(r.headers[.contentType] == "application/problem+json")
            #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(r.json?["status"] == .integer(401))
            #expect(r.json?["detail"]?.stringValue == "a bearer token is required")
        }
    }

    @Test func aMadeUpTokenIs401() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            for header in ["Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer x", "Basic YWRtaW46eA==", "Bearer"] {
                let r = try await client.execute(uri: "/v1/registry", method: .get, headers: [.authorization: header])
                #expect(r.status == .unauthorized, "\(header)")
            }
        }
    }

    @Test func anExpiredTokenIs401() async throws {
        let h = try ServiceHarness()
        let t0 = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!
        let token = try await h.run(clock: FixedWallClock(t0)) { client async throws in try await client.token("admin", ServiceHarness.adminSecret) }
        let live = try await h.run(clock: FixedWallClock(t0.adding(milliseconds: 3_599_000))) { client async throws in
            try await client.call(.get, "/v1/registry", token: token).status
        }
        #expect(live == .ok)
        let expired = try await h.run(clock: FixedWallClock(t0.adding(milliseconds: 3_600_000))) { client async throws in
            try await client.call(.get, "/v1/registry", token: token)
        }
        #expect(expired.status == .unauthorized)
        #expect(expired.json?["detail"]?.stringValue == "the bearer token is unknown or expired")
    }

    @Test func aClientRemovedFromTheConfigLosesItsTokens() async throws {
        let h = try ServiceHarness()
        let token = try await h.run { client async throws in try await client.token("admin", ServiceHarness.adminSecret) }
        var config = ServiceHarness.config
        config.clients.removeAll { $0.clientId == "admin" }
        config.clients.append(.init(clientId: "ops", clientSecret: "another-admin-secret", role: .admin))
        let r = try await h.run(config: config) { client async throws in try await client.call(.get, "/v1/registry", token: token) }
        #expect(r.status == .unauthorized)
    }

    @Test func aTokenIsWorthAtMostItsClientsCurrentRole() async throws {
        let h = try ServiceHarness()
        let token = try await h.run { client async throws in try await client.token("admin", ServiceHarness.adminSecret) }
        var config = ServiceHarness.config
        config.clients = config.clients.map {
            $0.clientId == "admin" ? .init(clientId: "admin", clientSecret: ServiceHarness.adminSecret, role: .cloud) : $0
        }
        try await h.run(config: config) { client async throws in
            // Issued with the admin scopes; the client is now a cloud client: only `dispatch` is left.
            #expect(try await client.call(.get, "/v1/registry", token: token).status == .forbidden)
            #expect(try await client.call(.get, "/openadr3/events", token: token).status == .forbidden)
            #expect(try await client.call(.get, "/v1/dispatch/none", token: token).status == .notFound)
        }
    }

    @Test func otherRolesCannotTouchTheRegistry() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            for (id, secret) in [("cloud", ServiceHarness.cloudSecret), ("coop", ServiceHarness.coopSecret)] {
                let token = try await client.token(id, secret)
                let r = try await client.call(.put, "/v1/feeders/F0", token: token, json: #"{"importLimitKw": 20, "exportLimitKw": 10}"#)
                #expect(r.status == .forbidden, "\(id)")
                #expect(r.json?["detail"]?.stringValue == "this token lacks the scope admin")
            }
            let narrow = try await client.token("admin", ServiceHarness.adminSecret, scope: "read_all")
            #expect(try await client.call(.get, "/v1/registry", token: narrow).status == .forbidden)
        }
        #expect(try h.store.registry().feeders.isEmpty)
    }

    @Test func onlyHealthMetricsAndTokenAnswerWithoutAuth() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            #expect(try await client.call(.get, "/healthz", token: nil).status == .ok)
            #expect(try await client.call(.get, "/metrics", token: nil).status == .ok)
            for (method, uri) in [(HTTPRequest.Method.get, "/v1/registry"), (.get, "/v1/feeders"), (.get, "/v1/feeders/F0"), (.put, "/v1/sites/S")] {
                #expect(try await client.call(method, uri, token: nil).status == .unauthorized, "\(uri)")
            }
        }
        var locked = ServiceHarness.config
        locked.metricsRequireAuth = true
        try await h.run(config: locked) { client async throws in
            #expect(try await client.call(.get, "/metrics", token: nil).status == .unauthorized)
            let admin = try await client.token("admin", ServiceHarness.adminSecret)
            #expect(try await client.call(.get, "/metrics", token: admin).status == .ok)
        }
    }

    @Test func anUnknownRouteIsAProblemDocument() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let r = try await client.call(.get, "/v2/nothing", token: nil)
            #expect(r.status == .notFound)
            #expect(r.headers[.contentType] == "application/problem+json")
            #expect(r.json?["detail"]?.stringValue == "no route for GET /v2/nothing")
        }
    }

    /// RFC 9110 §15.5.6: a path that exists, asked with a method it does not have, is a 405 that
    /// lists the methods it has; the route table is checked before any token, as for a 404.
    @Test func aKnownPathWithAnotherMethodIs405WithAllow() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.delete, "/v1/sites/S1/tariff", "GET"),
                (.post, "/v1/dispatch/w1", "GET"),
                (.patch, "/openadr3/programs/p-1", "DELETE, GET, PUT"),
                (.get, "/openadr3/auth/token", "POST"),
                (.put, "/v1/registry", "GET, POST"),
            ]
            for (method, path, allowed) in cases {
                let r = try await client.call(method, path, token: nil)
                #expect(r.status == .methodNotAllowed, "\(method) \(path): \(r.status)")
                #expect(r.headers[.allow] == allowed, "\(method) \(path)")
                #expect(r.json?["detail"]?.stringValue == "\(method) is not allowed on \(path); allowed: \(allowed)")
            }
            // A route's own 404 on a path it serves stays a 404 (not a 405 "GET is not allowed … allowed: GET").
            let missing = try await client.call(.get, "/v1/sites/NOPE/tariff", token: nil)
            #expect(missing.status == .notFound && missing.headers[.allow] == nil)
            // One segment too many is no path at all.
            #expect(try await client.call(.get, "/v1/sites/S1/tariff/extra", token: nil).status == .notFound)
        }
    }
}
