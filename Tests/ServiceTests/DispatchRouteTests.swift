import ChargeShareDomain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Service
import Store
import StrictJSON
import Testing

/// `POST /v1/dispatch` and `GET /v1/dispatch/{windowId}` on a live socket, with a utility's
/// OpenADR limit in force.
@Suite("Dispatch routes: the utility's limit holds, idempotency, 409, GET, stale after a limit change")
struct DispatchRouteTests {
    /// One car needing 2.5 kWh in an hour at 15-minute prices 0.3, 0.1, 0.2, 0.1 on feeder F0 (5 kW in the body).
    static func problem(_ windowId: String, target: Double = 2.5) -> String {
        #"{"windowId": "\#(windowId)", "start": "2026-06-01T10:00:00Z", "intervals": 4, "intervalMinutes": 15, "prices": {"importPerKwh": [0.3, 0.1, 0.2, 0.1]}, "feeders": [{"id": "F0", "importLimitKw": 5}], "sites": [{"id": "S", "feederId": "F0"}], "chargers": [{"id": "C", "siteId": "S", "maxChargeKw": 11, "chargeEfficiency": 1}], "sessions": [{"id": "car", "chargerId": "C", "arrival": "2026-06-01T10:00:00Z", "departure": "2026-06-01T11:00:00Z", "batteryKwh": 10, "initialKwh": 0, "targetKwh": \#(target)}]}"#
    }

    @Test func theUtilityLimitHoldsAndTheWindowIsIdempotentThenStale() async throws {
        let h = try OpenADRRouteTests.seeded()
        try await h.run { client async throws in
            let coop = try await client.token("coop", ServiceHarness.coopSecret)
            let programID = try #require(
                try await client.call(.post, "/openadr3/programs", token: coop, json: OpenADRRouteTests.program("caps")).json?["id"]?.stringValue)
            let event = try await client.call(.post, "/openadr3/events", token: coop, json: OpenADRRouteTests.event(programID, kw: 3, priority: 1))
            let eventID = try #require(event.json?["id"]?.stringValue)

            let cloud = try await client.token("cloud", ServiceHarness.cloudSecret)
            let first = try await client.call(.post, "/v1/dispatch", token: cloud, json: Self.problem("w1"))
            #expect(first.status == .created, "\(first.text)")
            #expect(first.headers[.location] == "/v1/dispatch/w1")
            let result = try #require(first.json)
            // By hand: at most 3 kW (0.75 kWh) per interval; the cheapest first: 0.1, 0.1, 0.2 full, 0.25 kWh at 0.3.
            let charge = result["sessions"]?.arrayValue?.first?["chargeKw"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            #expect(charge.count == 4 && zip(charge, [1.0, 3, 3, 3]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(charge)")
            #expect(abs((result["objective"]?["total"]?.doubleValue ?? 0) - 0.375) < 1e-6)

            let replay = try await client.call(.post, "/v1/dispatch", token: cloud, json: Self.problem("w1"))
            #expect(replay.status == .ok && replay.text == first.text)
            let conflict = try await client.call(.post, "/v1/dispatch", token: cloud, json: Self.problem("w1", target: 2))
            #expect(conflict.status == .conflict && conflict.headers[.contentType] == "application/problem+json")

            let window = try await client.call(.get, "/v1/dispatch/w1", token: cloud)
            #expect(window.status == .ok)
            #expect(window.json?["staleReason"] == .null || window.json?["staleReason"] == nil)
            #expect(window.json?["status"]?.stringValue == "optimal", "\(window.text)")

            // The utility lowers its cap: the dispatched window is stale, and says so.
            let changed = try await client.call(
                .put, "/openadr3/events/\(eventID)", token: coop, json: OpenADRRouteTests.event(programID, kw: 2, priority: 1))
            #expect(changed.status == .ok, "\(changed.text)")
            let stale = try await client.call(.get, "/v1/dispatch/w1", token: cloud)
            #expect(stale.json?["staleReason"]?.stringValue?.isEmpty == false, "\(stale.text)")
            #expect(stale.headers[HTTPField.Name("ChargeShare-Stale")!] == stale.json?["staleReason"]?.stringValue)
            // The replay says so too, in a header; its body stays the stored result.
            let staleReplay = try await client.call(.post, "/v1/dispatch", token: cloud, json: Self.problem("w1"))
            #expect(staleReplay.status == .ok && staleReplay.text == first.text)
            #expect(staleReplay.headers[HTTPField.Name("ChargeShare-Stale")!] == stale.json?["staleReason"]?.stringValue)
            #expect(replay.headers[HTTPField.Name("ChargeShare-Stale")!] == nil)

            #expect(try await client.call(.get, "/v1/dispatch/nope", token: cloud).status == .notFound)
            #expect(try await client.call(.post, "/v1/dispatch", token: coop, json: Self.problem("w2")).status == .forbidden)
            let invalid = try await client.call(.post, "/v1/dispatch", token: cloud, json: #"{"windowId": "w3", "feeders": ["F0"]}"#)
            #expect(invalid.status == .unprocessableContent && (invalid.json?["errors"]?.arrayValue?.isEmpty == false), "\(invalid.text)")
            let malformed = try await client.call(.post, "/v1/dispatch", token: cloud, json: #"{"windowId": "#)
            #expect(malformed.status == .badRequest)
            // Solve times reach /metrics.
            let metrics = try await client.call(.get, "/metrics", token: nil).text
            #expect(metrics.contains(#"chargeshare_dispatch_duration_count{status="created"}"#), "\(metrics.prefix(3000))")
        }
    }
}
