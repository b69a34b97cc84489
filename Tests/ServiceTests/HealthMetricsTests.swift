import Hummingbird
import HummingbirdTesting
import Service
import Testing

@Suite("/healthz and /metrics")
struct HealthMetricsTests {
    @Test func healthAndPrometheusText() async throws {
        let h = try ServiceHarness()
        try await h.run { client async throws in
            let health = try await client.call(.get, "/healthz", token: nil)
            #expect(health.status == .ok && health.json?["status"]?.stringValue == "ok")
            _ = try await client.call(.get, "/v1/registry", token: nil)
            let metrics = try await client.call(.get, "/metrics", token: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = metrics.text
            // Hummingbird's MetricsMiddleware, per route and status, and the store's totals.
            #expect(text.contains("hb_requests{"), "\(text.prefix(2000))")
            #expect(text.contains(#"http_route="/healthz""#))
            #expect(text.contains("http_server_request_duration"))
            #expect(text.contains("chargeshare_telemetry_messages 0.0"))
        }
    }
}
