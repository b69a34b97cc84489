public import MQTT

extension Broker {
    /// What a new subscriber `clientId` gets on `topic` within `timeout`: the retained message a
    /// gateway that connects later would see (empty when nothing arrives). Acknowledged, then
    /// disconnected.
    public func messages(on topic: String, clientId: String, timeout: Duration = .seconds(5)) throws -> [MQTTMessage] {
        let subscriber = try MQTTSubscriber(address: MQTTAddress(url: url), clientId: clientId, topic: topic)
        try subscriber.connect()
        defer { subscriber.disconnect() }
        var got: [MQTTMessage] = []
        let deadline = ContinuousClock.now + timeout
        while got.isEmpty && ContinuousClock.now < deadline { got += try subscriber.receive(timeout: .milliseconds(200)) }
        try subscriber.acknowledge()
        return got
    }
}
