import ChargeShareDomain
import CloudDispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MQTT
import Service
import Store
import TariffPublishing
import TestSupport
import Testing

/// Tables after an HTTP dispatch reach a real mosquitto retained, equal to what
/// `GET /v1/sites/{id}/tariff` serves; a table stored while the broker was down is sent on
/// `republishTariffs()` (what `serve --mqtt` runs at start).
@Suite("Service tariffs over MQTT (real mosquitto): retained, the same JWS as HTTP, republished after an outage")
struct TariffMQTTTests {
    static func retained(_ broker: Broker, site: String, clientId: String) throws -> [UInt8]? {
        try broker.messages(on: "chargeshare/\(site)/tariff", clientId: clientId).last?.payload
    }

    static let body =
        #"{"windowId": "%@", "start": "2026-06-01T10:00:00Z", "intervals": 8, "intervalMinutes": 15, "feeders": ["F0"], "prices": {"importPerKwh": %@, "exportPerKwh": 0.05}}"#

    @Test func aGatewayGetsTheLatestTableRetainedEvenAfterAnOutage() async throws {
        let broker = try Broker.start()
        let h = try OpenADRRouteTests.seeded()
        let keys = Fixtures.temporaryDirectory() + "/keys"
        try KeyStore(directory: keys).generate(
            issuer: "chargeshare", sites: ["*"], validFrom: Timestamp(rfc3339: "2026-01-01T00:00:00Z")!, validUntil: nil)
        let publisher = try MQTTTariffPublisher(url: broker.url, clientId: "service-tariffs", acknowledgementTimeout: .seconds(2))
        let service = ServiceApp(config: ServiceHarness.config, store: h.store, keys: keys, tariffPublisher: publisher)
        let app = Application(router: service.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let fetched = try await app.test(.live) { client async throws -> String in
            let cloud = try await client.token("cloud", ServiceHarness.cloudSecret)
            let r = try await client.call(.post, "/v1/dispatch", token: cloud, json: String(format: Self.body, "t1", "0.25"))
            #expect(r.status == .created, "\(r.text)")
            return try await client.call(.get, "/v1/sites/F0-H0/tariff", token: nil).text
        }
        #expect(try Self.retained(broker, site: "F0-H0", clientId: "gateway-1").map { String(decoding: $0, as: UTF8.self) } == fetched)

        // The broker goes away; the next window's tables are stored, not sent; then it returns.
        broker.stop()
        let later = try await app.test(.live) { client async throws -> String in
            let cloud = try await client.token("cloud", ServiceHarness.cloudSecret)
            let r = try await client.call(.post, "/v1/dispatch", token: cloud, json: String(format: Self.body, "t2", "0.3"))
            #expect(r.status == .created, "\(r.text)")
            return try await client.call(.get, "/v1/sites/F0-H0/tariff", token: nil).text
        }
        #expect(later != fetched)
        try broker.restart()
        // The publisher's connection comes back on its own within a few seconds.
        var sent: [String] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while !sent.contains("F0-H0") && ContinuousClock.now < deadline {
            sent = try service.republishTariffs()
            if !sent.contains("F0-H0") { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(sent.contains("F0-H0"), "\(sent)")
        #expect(try Self.retained(broker, site: "F0-H0", clientId: "gateway-2").map { String(decoding: $0, as: UTF8.self) } == later)
    }
}
