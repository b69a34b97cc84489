import CMosquitto
import Glibc
import Synchronization

/// An MQTT 3.1.1 publisher (libmosquitto, with the library's own network thread), for tests,
/// benchmarks and tools that play the part of charging stations. Messages go out with QoS 1;
/// `waitForAcknowledgements` returns once the broker has acknowledged every one.
public final class MQTTPublisher: Sendable {
    public let address: MQTTAddress
    private nonisolated(unsafe) let handle: OpaquePointer
    private let counters: Counters

    /// - Parameters:
    ///   - maxInflight: QoS 1 messages on their way at once (libmosquitto's default is 20).
    ///   - onAcknowledged: called on the library's thread with each acknowledged message id.
    public init(address: MQTTAddress, clientId: String, maxInflight: Int = 1000, onAcknowledged: (@Sendable (Int32) -> Void)? = nil)
        throws(MQTTError)
    {
        try Mosquitto.checkClientId(clientId)
        Mosquitto.start()
        self.address = address
        counters = Counters(onAcknowledged: onAcknowledged)
        guard let handle = mosquitto_new(clientId, true, Unmanaged.passUnretained(counters).toOpaque()) else {
            throw .library("cannot create a client: \(Mosquitto.message(Int32(MOSQ_ERR_ERRNO.rawValue)))")
        }
        self.handle = handle
        mosquitto_max_inflight_messages_set(handle, UInt32(max(0, maxInflight)))
        mosquitto_connect_callback_set(handle) { _, context, rc in
            guard let context else { return }
            Unmanaged<Counters>.fromOpaque(context).takeUnretainedValue().connack.withLock { $0 = rc }
        }
        mosquitto_publish_callback_set(handle) { _, context, mid in
            guard let context else { return }
            let counters = Unmanaged<Counters>.fromOpaque(context).takeUnretainedValue()
            counters.acknowledged.add(1, ordering: .relaxed)
            counters.onAcknowledged?(mid)
        }
    }

    deinit {
        mosquitto_disconnect(handle)
        mosquitto_loop_stop(handle, false)
        mosquitto_destroy(handle)
    }

    /// Connects, starts the library's network thread and waits for the CONNACK.
    public func connect(timeout: Duration = .seconds(10)) throws(MQTTError) {
        let rc = mosquitto_connect(handle, address.host, Int32(address.port), 30)
        guard Mosquitto.isSuccess(rc) else { throw .cannotConnect(address, Mosquitto.message(rc)) }
        let started = mosquitto_loop_start(handle)
        guard Mosquitto.isSuccess(started) else { throw .library(Mosquitto.message(started)) }
        let deadline = ContinuousClock.now + timeout
        while true {
            if let rc = counters.connack.withLock({ $0 }) {
                if rc != 0 { throw .refused(address, String(cString: mosquitto_connack_string(rc))) }
                return
            }
            guard ContinuousClock.now < deadline else { throw .connectionLost(address, "no CONNACK within \(timeout)") }
            usleepMilliseconds(5)
        }
    }

    /// Queues `payload` on `topic` with QoS 1 and returns its message id.
    /// - Parameter retain: ask the broker to keep it as the topic's retained message, delivered to
    ///   every later subscriber on subscribing (the latest retained message replaces the one before).
    /// - Throws: `.badArgument` when `topic` is not a valid topic name (empty, `+`, `#`, NUL) or
    ///   the payload is larger than MQTT allows; `.connectionLost` when it cannot be queued.
    @discardableResult
    public func publish(topic: String, payload: [UInt8], retain: Bool = false) throws(MQTTError) -> Int32 {
        guard mosquitto_pub_topic_check(topic) == Int32(MOSQ_ERR_SUCCESS.rawValue) else {
            throw .badArgument("\(topic) is not a valid MQTT topic name")
        }
        guard payload.count <= 268_435_455 else { throw .badArgument("a payload of \(payload.count) bytes is larger than MQTT allows") }
        var mid: Int32 = 0
        let rc = payload.withUnsafeBytes { mosquitto_publish(handle, &mid, topic, Int32(payload.count), $0.baseAddress, 1, retain) }
        guard Mosquitto.isSuccess(rc) else { throw .connectionLost(address, Mosquitto.message(rc)) }
        counters.published.add(1, ordering: .relaxed)
        return mid
    }

    /// Messages published and acknowledged so far.
    public var acknowledged: Int { counters.acknowledged.load(ordering: .relaxed) }

    /// Waits until the broker has acknowledged every message published.
    /// - Throws: `.connectionLost` when `timeout` passes first.
    public func waitForAcknowledgements(timeout: Duration) throws(MQTTError) {
        let deadline = ContinuousClock.now + timeout
        while acknowledged < counters.published.load(ordering: .relaxed) {
            guard ContinuousClock.now < deadline else {
                throw .connectionLost(
                    address, "\(counters.published.load(ordering: .relaxed) - acknowledged) message(s) unacknowledged after \(timeout)")
            }
            usleepMilliseconds(2)
        }
    }

    /// Disconnects after the queued messages are out.
    public func disconnect() {
        mosquitto_disconnect(handle)
        mosquitto_loop_stop(handle, false)
    }
}

private final class Counters: Sendable {
    let connack = Mutex<Int32?>(nil)
    let published = Atomic<Int>(0)
    let acknowledged = Atomic<Int>(0)
    let onAcknowledged: (@Sendable (Int32) -> Void)?

    init(onAcknowledged: (@Sendable (Int32) -> Void)?) { self.onAcknowledged = onAcknowledged }
}

func usleepMilliseconds(_ ms: Int) {
    var t = timespec(tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000)
    nanosleep(&t, nil)
}
