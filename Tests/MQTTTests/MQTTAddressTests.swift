import MQTT
import Testing

@Suite struct MQTTAddressTests {
    @Test func readsHostAndPort() throws {
        #expect(try MQTTAddress(url: "mqtt://127.0.0.1:18830") == MQTTAddress(host: "127.0.0.1", port: 18830))
        #expect(try MQTTAddress(url: "mqtt://broker.example") == MQTTAddress(host: "broker.example", port: 1883))
        #expect(try MQTTAddress(url: "mqtt://[::1]:1884/") == MQTTAddress(host: "::1", port: 1884))
        #expect(try MQTTAddress(url: "mqtt://[::1]:1884").description == "mqtt://[::1]:1884")
    }

    @Test func refusesWhatItCannotUse() {
        let cases: [(String, String)] = [
            ("tcp://h:1", "bad broker address tcp://h:1: the scheme tcp is not supported; use mqtt://HOST:PORT"),
            ("mqtts://h:8883", "bad broker address mqtts://h:8883: the scheme mqtts is not supported; use mqtt://HOST:PORT"),
            ("h:1883", "bad broker address h:1883: use mqtt://HOST:PORT"),
            ("mqtt://h:0", "bad broker address mqtt://h:0: the port must be a number from 1 to 65535"),
            ("mqtt://h:65536", "bad broker address mqtt://h:65536: the port must be a number from 1 to 65535"),
            ("mqtt://h:x", "bad broker address mqtt://h:x: the port must be a number from 1 to 65535"),
            ("mqtt://:1883", "bad broker address mqtt://:1883: the host is missing or not a host name or address"),
            ("mqtt://user@h:1", "bad broker address mqtt://user@h:1: only a host and a port may follow mqtt://"),
            ("mqtt://h:1/topic", "bad broker address mqtt://h:1/topic: only a host and a port may follow mqtt://"),
            ("mqtt://h o:1", "bad broker address mqtt://h o:1: the host is missing or not a host name or address"),
        ]
        for (url, message) in cases {
            #expect(throws: MQTTError.self, "\(url)") { try MQTTAddress(url: url) }
            do {
                _ = try MQTTAddress(url: url)
            } catch {
                #expect(error.description == message)
            }
        }
    }

    /// Seeded: arbitrary strings never crash the reader; what it accepts prints back to an address it reads the same.
    @Test func fuzz() throws {
        var rng = SplitMix(seed: 12)
        let alphabet = Array("mqt:/[]@?1234567890.abchost-_ \u{0}é")
        for _ in 0..<5000 {
            let n = Int(rng.next() % 24)
            let text = (rng.next() % 2 == 0 ? "mqtt://" : "") + String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            if let address = try? MQTTAddress(url: text) {
                #expect(try MQTTAddress(url: address.description) == address, "\(text)")
                #expect((1...65535).contains(address.port))
            }
        }
    }
}

/// A small seeded generator (SplitMix64), so a failing case can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
