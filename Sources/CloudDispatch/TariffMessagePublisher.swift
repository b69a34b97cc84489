import Foundation
public import MQTT

/// Where signed tariff tables go to edge nodes: one retained QoS 1 message per site topic.
/// Injected, so tests and other transports can stand in for MQTT.
public protocol TariffMessagePublisher: Sendable {
    /// Publishes `payload` on `topic` with QoS 1, retained, and returns once the broker has
    /// acknowledged it.
    func publishRetained(topic: String, payload: [UInt8]) throws
}

/// The MQTT implementation: `MQTTPublisher` (libmosquitto, its own network thread, which
/// reconnects by itself) with the retain flag set.
public final class MQTTTariffPublisher: TariffMessagePublisher {
    public let publisher: MQTTPublisher
    /// How long `publishRetained` waits for the broker's PUBACK.
    public let acknowledgementTimeout: Duration
    private let lock = NSLock()

    /// Wraps a publisher the caller has connected.
    public init(publisher: MQTTPublisher, acknowledgementTimeout: Duration = .seconds(10)) {
        self.publisher = publisher
        self.acknowledgementTimeout = acknowledgementTimeout
    }

    /// Connects a new publisher to `url` (`mqtt://HOST:PORT`) as `clientId`.
    /// - Throws: `MQTTError` when the address is bad or the broker cannot be reached.
    public convenience init(url: String, clientId: String, acknowledgementTimeout: Duration = .seconds(10)) throws {
        let publisher = try MQTTPublisher(address: MQTTAddress(url: url), clientId: clientId)
        try publisher.connect()
        self.init(publisher: publisher, acknowledgementTimeout: acknowledgementTimeout)
    }

    public func publishRetained(topic: String, payload: [UInt8]) throws {
        lock.lock()
        defer { lock.unlock() }
        try publisher.publish(topic: topic, payload: payload, retain: true)
        try publisher.waitForAcknowledgements(timeout: acknowledgementTimeout)
    }
}
