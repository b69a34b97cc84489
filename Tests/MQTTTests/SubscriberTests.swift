import MQTT
import Testing
import TestSupport

/// Against a real mosquitto broker started per test (TestSupport.Broker).
@Suite struct SubscriberTests {
    static let topic = "chargeshare/CS-1/telemetry"

    func publish(_ texts: [String], to broker: Broker, topic: String = topic) throws {
        let publisher = try MQTTPublisher(address: MQTTAddress(url: broker.url), clientId: "test-publisher")
        try publisher.connect()
        for t in texts { try publisher.publish(topic: topic, payload: Array(t.utf8)) }
        try publisher.waitForAcknowledgements(timeout: .seconds(10))
        publisher.disconnect()
    }

    /// Receives until `count` messages came or `timeout` passed.
    func receive(_ subscriber: MQTTSubscriber, count: Int, timeout: Duration = .seconds(5)) throws -> [String] {
        var out: [String] = []
        let deadline = ContinuousClock.now + timeout
        while out.count < count && ContinuousClock.now < deadline {
            out += try subscriber.receive(timeout: .milliseconds(100)).map { String(decoding: $0.payload, as: UTF8.self) }
        }
        return out
    }

    func subscriber(_ broker: Broker, id: String) throws -> MQTTSubscriber {
        let s = try MQTTSubscriber(address: MQTTAddress(url: broker.url), clientId: id, topic: "chargeshare/+/telemetry")
        try s.connect()
        _ = try s.receive(timeout: .milliseconds(200))  // the SUBSCRIBE goes out, the SUBACK comes back
        return s
    }

    @Test func deliversInOrderWithTopics() throws {
        let broker = try Broker.start()
        let s = try subscriber(broker, id: "order")
        try publish((1...50).map { "m\($0)" }, to: broker)
        #expect(try receive(s, count: 50) == (1...50).map { "m\($0)" })
        try s.acknowledge()
        try publish(["x"], to: broker, topic: "chargeshare/CS-9/telemetry")
        let m = try s.receive(timeout: .seconds(5))
        #expect(m == [MQTTMessage(topic: "chargeshare/CS-9/telemetry", payload: Array("x".utf8))])
    }

    /// The point of the type: without `acknowledge()`, a dropped connection means the broker sends
    /// the same messages again; after it, it does not.
    @Test func unacknowledgedMessagesComeAgain() throws {
        let broker = try Broker.start()
        var first: MQTTSubscriber? = try subscriber(broker, id: "held")
        try publish(["a", "b", "c"], to: broker)
        #expect(try receive(first!, count: 3) == ["a", "b", "c"])
        #expect(first!.unacknowledged == 3)
        first = nil  // the process "dies": the socket closes with no PUBACK sent
        let second = try MQTTSubscriber(address: MQTTAddress(url: broker.url), clientId: "held", topic: "chargeshare/+/telemetry")
        try second.connect()
        #expect(try receive(second, count: 3) == ["a", "b", "c"])
        try second.acknowledge()
        #expect(second.unacknowledged == 0)
        second.disconnect()
        let third = try MQTTSubscriber(address: MQTTAddress(url: broker.url), clientId: "held", topic: "chargeshare/+/telemetry")
        try third.connect()
        let left = try receive(third, count: 1, timeout: .seconds(1))
        #expect(left == [], "\(left)")
    }

    /// Messages from several receives, none acknowledged (a group commit in progress), then the
    /// connection drops: every one of them comes again on the same subscriber after reconnect().
    @Test func severalReceivesThenADropComeAgain() throws {
        let broker = try Broker.start()
        let s = try subscriber(broker, id: "group")
        try publish(["1", "2"], to: broker)
        var got = try receive(s, count: 2)
        try publish(["3"], to: broker)
        got += try receive(s, count: 1)
        #expect(got == ["1", "2", "3"])
        #expect(s.unacknowledged == 3)
        broker.stop()
        try broker.restart()
        #expect(throws: MQTTError.self) { _ = try s.receive(timeout: .seconds(3)) }
        try s.reconnect()
        #expect(s.unacknowledged == 0)
        #expect(try receive(s, count: 3) == ["1", "2", "3"])
    }

    /// Clean session off: what arrives while the subscriber is away waits for it.
    @Test func persistentSessionKeepsMessagesWhileAway() throws {
        let broker = try Broker.start()
        let s = try subscriber(broker, id: "away")
        s.disconnect()
        try publish((1...20).map { "p\($0)" }, to: broker)
        try s.reconnect()
        #expect(try receive(s, count: 20) == (1...20).map { "p\($0)" })
    }

    /// A broker that goes away is reported as a lost connection; after it restarts (persistence
    /// on), the session and its queued messages are still there.
    @Test func brokerRestart() throws {
        let broker = try Broker.start()
        let s = try subscriber(broker, id: "restart")
        try s.acknowledge()
        s.disconnect()
        try publish(["before"], to: broker)
        broker.stop()
        #expect(throws: MQTTError.self) { try s.reconnect(timeout: .seconds(1)) }
        try broker.restart()
        try s.reconnect()
        #expect(try receive(s, count: 1) == ["before"])
        try s.acknowledge()
        broker.stop()
        var lost: (any Error)?
        do { _ = try receive(s, count: 1, timeout: .seconds(3)) } catch { lost = error }
        guard case .connectionLost = lost as? MQTTError else {
            Issue.record("expected connectionLost, got \(String(describing: lost))")
            return
        }
    }

    @Test func closedPortIsCannotConnect() throws {
        let broker = try Broker.start()
        broker.stop()
        let s = try MQTTSubscriber(address: MQTTAddress(url: broker.url), clientId: "nobody", topic: "chargeshare/+/telemetry")
        #expect(throws: MQTTError.cannotConnect(try MQTTAddress(url: broker.url), "Connection refused")) { try s.connect() }
    }

    @Test func badTopicFilterAndClientId() throws {
        let address = MQTTAddress(host: "127.0.0.1")
        #expect(throws: MQTTError.badArgument("chargeshare/#/x is not a valid MQTT topic filter")) {
            try MQTTSubscriber(address: address, clientId: "x", topic: "chargeshare/#/x")
        }
        #expect(throws: MQTTError.badArgument("the client id must be 1 to 65,535 bytes without NUL")) {
            try MQTTSubscriber(address: address, clientId: "", topic: "a")
        }
    }
}
