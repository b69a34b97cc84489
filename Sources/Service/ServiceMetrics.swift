import Metrics
import Prometheus

/// The process's Prometheus registry, installed as the swift-metrics backend once: Hummingbird's
/// `MetricsMiddleware` (requests and latencies per route), the dispatch solve times and the
/// store's telemetry totals all land in it, and `/metrics` prints it.
enum ServiceMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Telemetry totals as the store holds them (a rate in Prometheus is `rate()` of these).
    static func setTelemetryTotals(messages: Int, meterSamples: Int, rejected: Int) {
        registry.makeGauge(name: "chargeshare_telemetry_messages", help: "Telemetry messages stored").set(Double(messages))
        registry.makeGauge(name: "chargeshare_telemetry_meter_samples", help: "Meter samples stored").set(Double(meterSamples))
        registry.makeGauge(name: "chargeshare_telemetry_rejected", help: "Telemetry lines rejected").set(Double(rejected))
    }

    /// The text exposition format.
    static func text() -> [UInt8] { registry.emitToBuffer() }
}
