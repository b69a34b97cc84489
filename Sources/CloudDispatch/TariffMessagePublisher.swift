import Foundation
public import MQTT
import Synchronization

/// Where signed tariff tables go to edge nodes: one retained QoS 1 message per site topic.
/// Injected, so tests and other transports can stand in for MQTT.
public protocol TariffMessagePublisher: Sendable {
    /// Publishes `payload` on `topic` with QoS 1, retained, and returns once the broker has
    /// acknowledged it.
    func publishRetained(topic: String, payload: [UInt8]) throws
}

/// The MQTT implementation: an `MQTTPublisher` (libmosquitto with its own network thread, which
/// reconnects by itself) sending with the retain flag, waiting for each message's own PUBACK.
public final class MQTTTariffPublisher: TariffMessagePublisher {
    /// Why a table did not reach the broker.
    public struct NotAcknowledged: Error, Sendable, CustomStringConvertible {
        public let topic: String
        public let timeout: Duration
        public var description: String { "the broker did not acknowledge the message on \(topic) within \(timeout)" }
    }

    public let publisher: MQTTPublisher
    /// How long `publishRetained` waits for the broker's PUBACK.
    public let acknowledgementTimeout: Duration
    private let acknowledged: Acknowledged
    private let lock = NSLock()

    /// Connects to `url` (`mqtt://HOST:PORT`) as `clientId` (keep it stable and unique per
    /// service instance).
    /// - Throws: `MQTTError` when the address is bad or the broker cannot be reached.
    public init(url: String, clientId: String, acknowledgementTimeout: Duration = .seconds(10)) throws {
        let acknowledged = Acknowledged()
        publisher = try MQTTPublisher(address: MQTTAddress(url: url), clientId: clientId) { mid in acknowledged.add(mid) }
        try publisher.connect()
        self.acknowledged = acknowledged
        self.acknowledgementTimeout = acknowledgementTimeout
    }

    public func publishRetained(topic: String, payload: [UInt8]) throws {
        lock.lock()
        defer { lock.unlock() }
        let mid = try publisher.publish(topic: topic, payload: payload, retain: true)
        let deadline = ContinuousClock.now + acknowledgementTimeout
        while !acknowledged.take(mid) {
            guard ContinuousClock.now < deadline else { throw NotAcknowledged(topic: topic, timeout: acknowledgementTimeout) }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }
}

/// Message ids the broker has acknowledged and nobody has claimed yet.
private final class Acknowledged: Sendable {
    private let ids = Mutex<Set<Int32>>([])

    func add(_ mid: Int32) { ids.withLock { _ = $0.insert(mid) } }

    /// True (and forgets it) when `mid` was acknowledged.
    func take(_ mid: Int32) -> Bool { ids.withLock { $0.remove(mid) != nil } }
}
