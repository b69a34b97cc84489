import CMosquitto
import Glibc

/// A message as the broker delivered it.
public struct MQTTMessage: Sendable, Equatable {
    public let topic: String
    /// The payload, or its first `maximumPayloadBytes + 1` bytes when it is larger.
    public let payload: [UInt8]
    /// The payload's size as sent.
    public let size: Int

    public init(topic: String, payload: [UInt8], size: Int? = nil) {
        self.topic = topic
        self.payload = payload
        self.size = size ?? payload.count
    }
}

/// An MQTT 3.1.1 subscriber (libmosquitto) whose QoS 1 acknowledgements wait for the caller.
///
/// It subscribes with QoS 1 on a persistent session (clean session off, the caller's stable client
/// id), so the broker keeps what arrives while the subscriber is away. Messages come out of
/// `receive`; their PUBACKs are held until `acknowledge()`, which the caller calls only after it has
/// committed them. If the process dies first, the broker delivers them again: at least once, and
/// exactly once for a caller that drops what it has already stored.
///
/// How the acknowledgements are held: libmosquitto 2.0 queues a PUBACK as soon as it reads the
/// PUBLISH, before the message callback, and in its default mode writes it at once. In "threaded"
/// mode (`mosquitto_threaded_set`) it only queues packets, and this type drives the socket itself:
/// `mosquitto_loop_read` to read, and `mosquitto_loop_write` only while no message is waiting for its
/// commit. Tested with a subscriber killed before acknowledging (Tests/MQTTTests).
///
/// Not thread-safe: one thread drives it.
public final class MQTTSubscriber {
    public let address: MQTTAddress
    public let clientId: String
    public let topic: String
    public let keepAliveSeconds: Int
    private let handle: OpaquePointer
    private let state: SubscriberState

    /// - Parameters:
    ///   - topic: a topic filter (`+` and `#` allowed), subscribed with QoS 1.
    ///   - keepAliveSeconds: the MQTT keep-alive; a broker that does not answer a ping within about
    ///     this long is taken for gone.
    ///   - maximumPayloadBytes: a larger payload is cut to this many bytes plus one when it is
    ///     copied out of the library (`MQTTMessage.size` keeps its real size), so a flood of large
    ///     messages cannot hold more than that per message.
    public init(address: MQTTAddress, clientId: String, topic: String, keepAliveSeconds: Int = 30, maximumPayloadBytes: Int = 1 << 20)
        throws(MQTTError)
    {
        try Mosquitto.checkClientId(clientId)
        guard mosquitto_sub_topic_check(topic) == Int32(MOSQ_ERR_SUCCESS.rawValue) else {
            throw .badArgument("\(topic) is not a valid MQTT topic filter")
        }
        Mosquitto.start()
        self.address = address
        self.clientId = clientId
        self.topic = topic
        self.keepAliveSeconds = max(5, keepAliveSeconds)
        state = SubscriberState(topic: topic, maximumPayloadBytes: max(0, maximumPayloadBytes))
        guard let handle = mosquitto_new(clientId, false, Unmanaged.passUnretained(state).toOpaque()) else {
            throw .library("cannot create a client: \(Mosquitto.message(Int32(MOSQ_ERR_ERRNO.rawValue)))")
        }
        self.handle = handle
        mosquitto_threaded_set(handle, true)
        mosquitto_connect_callback_set(handle) { mosq, context, rc in
            guard let context else { return }
            let state = Unmanaged<SubscriberState>.fromOpaque(context).takeUnretainedValue()
            state.connack = rc
            if rc == 0 { mosquitto_subscribe(mosq, nil, state.topic, 1) }
        }
        mosquitto_subscribe_callback_set(handle) { _, context, _, count, granted in
            guard let context, let granted, count > 0 else { return }
            let state = Unmanaged<SubscriberState>.fromOpaque(context).takeUnretainedValue()
            // 0x80 is a refusal; QoS 0 would give up the acknowledgement this type relies on.
            state.subscription = granted[0] == 1 || granted[0] == 2 ? .granted : .refused
        }
        mosquitto_unsubscribe_callback_set(handle) { _, context, mid in
            guard let context else { return }
            Unmanaged<SubscriberState>.fromOpaque(context).takeUnretainedValue().unsubscribed = mid
        }
        mosquitto_message_callback_set(handle) { _, context, message in
            guard let context, let m = message?.pointee else { return }
            let state = Unmanaged<SubscriberState>.fromOpaque(context).takeUnretainedValue()
            let size = Int(max(0, m.payloadlen))
            let kept = min(size, state.maximumPayloadBytes + 1)
            let payload = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: kept)) } ?? []
            state.messages.append(MQTTMessage(topic: m.topic.map { String(cString: $0) } ?? "", payload: payload, size: size))
        }
    }

    deinit {
        mosquitto_disconnect(handle)
        mosquitto_destroy(handle)
    }

    /// Opens the connection and waits for the broker's CONNACK and SUBACK (the SUBACK only until the
    /// first message of a persistent session arrives).
    /// - Throws: `.cannotConnect` (no TCP connection), `.refused` (CONNACK refused),
    ///   `.connectionLost` (no answer within `timeout`).
    public func connect(timeout: Duration = .seconds(10)) throws(MQTTError) {
        state.reset()
        let rc = mosquitto_connect(handle, address.host, Int32(address.port), Int32(keepAliveSeconds))
        guard Mosquitto.isSuccess(rc) else { throw .cannotConnect(address, Mosquitto.message(rc)) }
        try awaitConnack(timeout)
    }

    /// Opens the connection again after `connectionLost`; messages handed out before and not yet
    /// acknowledged will come again.
    public func reconnect(timeout: Duration = .seconds(10)) throws(MQTTError) {
        state.reset()
        unacknowledged = 0  // their acknowledgements went with the old connection
        let rc = mosquitto_reconnect(handle)
        guard Mosquitto.isSuccess(rc) else { throw .cannotConnect(address, Mosquitto.message(rc)) }
        try awaitConnack(timeout)
    }

    private func awaitConnack(_ timeout: Duration) throws(MQTTError) {
        try flush()
        let deadline = ContinuousClock.now + timeout
        while state.connack == nil {
            guard ContinuousClock.now < deadline else {
                mosquitto_disconnect(handle)
                throw .connectionLost(address, "no CONNACK within \(timeout)")
            }
            do {
                try readAvailable(waitingUpTo: min(.milliseconds(100), deadline - ContinuousClock.now), limit: Int.max)
            } catch {
                // A refusing broker sends its CONNACK and closes the connection: report the refusal.
                if let rc = state.connack, rc != 0 { throw .refused(address, String(cString: mosquitto_connack_string(rc))) }
                throw error
            }
        }
        if let rc = state.connack, rc != 0 { throw .refused(address, String(cString: mosquitto_connack_string(rc))) }
        // Wait for the SUBACK too, unless messages of the session came first (their
        // acknowledgements would go out with the SUBSCRIBE; it goes with them after the commit).
        while state.subscription == .pending && state.messages.isEmpty && ContinuousClock.now < deadline {
            try flush()
            try readAvailable(waitingUpTo: min(.milliseconds(50), max(.zero, deadline - ContinuousClock.now)), limit: Int.max)
        }
        if state.subscription == .refused { throw .subscriptionRefused(topic) }
    }

    /// Waits up to `timeout` for messages and returns those that came (at most about `limit`), in the
    /// order the broker sent them; empty when none came. Their acknowledgements wait for
    /// `acknowledge()`.
    /// - Throws: `.connectionLost` (reconnect to go on), `.subscriptionRefused`. Messages read before
    ///   the connection broke are returned first; the error comes with the next call.
    public func receive(timeout: Duration, limit: Int = 10_000) throws(MQTTError) -> [MQTTMessage] {
        let deadline = ContinuousClock.now + timeout
        while true {
            if state.messages.isEmpty {
                if let error = state.pendingError {
                    state.pendingError = nil
                    throw error
                }
                if state.subscription == .refused { throw .subscriptionRefused(topic) }
                if unacknowledged == 0 { try flush() }
            }
            do throws(MQTTError) {
                let wait = state.messages.isEmpty ? max(.zero, deadline - ContinuousClock.now) : .zero
                try readAvailable(waitingUpTo: wait, limit: limit)
                let rc = mosquitto_loop_misc(handle)  // keep-alive: queues a PINGREQ, or gives up on a silent broker
                if !Mosquitto.isSuccess(rc) { throw MQTTError.connectionLost(address, Mosquitto.message(rc)) }
            } catch {
                if state.messages.isEmpty { throw error }
                state.pendingError = error
            }
            if !state.messages.isEmpty {
                defer { state.messages.removeAll(keepingCapacity: true) }
                unacknowledged += state.messages.count
                return state.messages
            }
            if ContinuousClock.now >= deadline { return [] }
        }
    }

    /// Sends the acknowledgements of every message `receive` has returned (and anything else the
    /// library has queued: the subscription, keep-alive pings). Call it only once they are committed.
    public func acknowledge() throws(MQTTError) {
        try flush()
        unacknowledged = 0
    }

    /// Messages `receive` has returned and `acknowledge()` has not yet acknowledged.
    public private(set) var unacknowledged = 0

    /// Ends the connection; the broker keeps the session for the next connect.
    ///
    /// With every message acknowledged, it first makes sure the broker has read the
    /// acknowledgements: an UNSUBSCRIBE from a topic nobody uses, answered in order after them, so
    /// a new connection with the same client id (which makes the broker drop this one, unread
    /// packets and all) cannot undo them. Then DISCONNECT. With messages not yet acknowledged it
    /// sends nothing (the socket closes with the subscriber or the next connect); they stay
    /// unacknowledged and come again.
    public func disconnect(timeout: Duration = .seconds(2)) {
        if unacknowledged == 0 && state.messages.isEmpty, mosquitto_socket(handle) >= 0 {
            var mid: Int32 = 0
            if Mosquitto.isSuccess(mosquitto_unsubscribe(handle, &mid, "chargeshare-sync/\(clientId)")), (try? flush()) != nil {
                let deadline = ContinuousClock.now + timeout
                while state.unsubscribed != mid && ContinuousClock.now < deadline && state.messages.isEmpty {
                    guard (try? readAvailable(waitingUpTo: .milliseconds(50), limit: 1)) != nil else { break }
                }
            }
        }
        mosquitto_disconnect(handle)
        // Messages that came meanwhile are not committed: their acknowledgements must not go out.
        if state.messages.isEmpty && unacknowledged == 0 { _ = try? flush() }
        state.messages.removeAll()
    }

    /// Reads what the socket has, waiting up to `wait` for the first byte.
    private func readAvailable(waitingUpTo wait: Duration, limit: Int) throws(MQTTError) {
        var ready = try poll(POLLIN, wait)
        while ready && state.messages.count < limit && state.pendingError == nil {
            let rc = mosquitto_loop_read(handle, 1)
            guard Mosquitto.isSuccess(rc) else { throw .connectionLost(address, Mosquitto.message(rc)) }
            ready = try poll(POLLIN, .zero)
        }
    }

    /// Writes every queued packet, waiting for the socket when it is full (up to the keep-alive).
    private func flush() throws(MQTTError) {
        let deadline = ContinuousClock.now + .seconds(keepAliveSeconds)
        while mosquitto_want_write(handle) {
            let rc = mosquitto_loop_write(handle, 1)
            guard Mosquitto.isSuccess(rc) else { throw .connectionLost(address, Mosquitto.message(rc)) }
            if mosquitto_want_write(handle) {
                guard ContinuousClock.now < deadline else { throw .connectionLost(address, "the broker stopped reading") }
                _ = try poll(POLLOUT, .milliseconds(100))
            }
        }
    }

    /// Whether the socket is ready for `events` within `wait`.
    private func poll(_ events: Int32, _ wait: Duration) throws(MQTTError) -> Bool {
        let fd = mosquitto_socket(handle)
        guard fd >= 0 else { throw .connectionLost(address, "not connected") }
        var entry = pollfd(fd: fd, events: Int16(events), revents: 0)
        let ms = Int32(clamping: wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)
        let n = Glibc.poll(&entry, 1, ms)
        if n < 0 {
            if errno == EINTR { return false }
            throw .library("poll: \(String(cString: strerror(errno)))")
        }
        return n > 0
    }
}

/// What the library's callbacks report, read by the subscriber between calls into the library.
private final class SubscriberState {
    enum Subscription { case pending, granted, refused }

    let topic: String
    let maximumPayloadBytes: Int
    var connack: Int32?
    var subscription = Subscription.pending
    var messages: [MQTTMessage] = []
    var pendingError: MQTTError?
    /// The message id of the last UNSUBACK.
    var unsubscribed: Int32 = 0

    init(topic: String, maximumPayloadBytes: Int) {
        self.topic = topic
        self.maximumPayloadBytes = maximumPayloadBytes
    }

    func reset() {
        connack = nil
        subscription = .pending
        pendingError = nil
    }
}
