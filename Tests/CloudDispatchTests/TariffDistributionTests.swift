import ChargeShareCLI
import ChargeShareDomain
import CloudDispatch
import Foundation
import MQTT
import Store
import TariffEdge
import TariffPublishing
import Testing
import TestSupport

/// Tables signed after a dispatch, stored by version and published retained on a real mosquitto.
@Suite("Cloud dispatch: tariff tables to edge nodes (real SQLite, real mosquitto)")
struct TariffDistributionTests {
    /// Everything the broker delivers on `topic` to a new subscriber within `timeout`.
    static func receive(_ broker: Broker, topic: String, clientId: String, timeout: Duration = .seconds(5)) throws -> [MQTTMessage] {
        let subscriber = try MQTTSubscriber(address: MQTTAddress(url: broker.url), clientId: clientId, topic: topic)
        try subscriber.connect()
        defer { subscriber.disconnect() }
        var got: [MQTTMessage] = []
        let deadline = ContinuousClock.now + timeout
        while got.isEmpty && ContinuousClock.now < deadline { got += try subscriber.receive(timeout: .milliseconds(200)) }
        // A retained message comes once, on subscribing; wait a little for anything else.
        got += try subscriber.receive(timeout: .milliseconds(300))
        try subscriber.acknowledge()
        return got
    }

    /// The gateway of site S connects after two dispatches: it gets the latest table only, which
    /// the edge verifier (`chargeshare tariff verify`'s code) accepts, and it continues the first.
    @Test func gatewayConnectingLaterGetsTheLatestTableAndItVerifies() throws {
        let broker = try Broker.start()
        let mqtt = try MQTTTariffPublisher(url: broker.url, clientId: "chargeshare-tariffs")
        let h = try Harness(publisher: mqtt)
        let first = try h.dispatcher.dispatch(body: Harness.problemBody("w-1"))
        let report = try #require(first.tariffs.first)
        #expect(first.tariffs.map(\.siteId) == ["S"])
        #expect(report.topic == "chargeshare/S/tariff")
        #expect(report.version == 1 && report.published && report.error == nil)
        #expect(report.seq == Harness.issued.millisecondsSinceEpoch)
        let second = try h.dispatcher.dispatch(body: Harness.problemBody("w-2", target: 2))
        #expect(second.tariffs.first?.version == 2)
        #expect(second.tariffs.first?.seq == Harness.issued.millisecondsSinceEpoch + 1)

        let messages = try Self.receive(broker, topic: "chargeshare/S/tariff", clientId: "gateway-S")
        #expect(messages.count == 1)
        let latest = try #require(try h.dispatcher.tariffs?.latest(siteId: "S"))
        #expect(latest.version == 2)
        #expect(messages.first?.payload == Array(latest.jws.utf8))
        #expect(latest.etag == TariffVerifier.hash(Array(latest.jws.utf8)))
        #expect(latest.etag == second.tariffs.first?.etag)

        let verifier = TariffVerifier(keyset: try KeyStore(directory: h.keys).keyset())
        let state = try HighWaterMarkStore(directory: h.directory + "/edge-state")
        let accepted = try verifier.verify(
            try #require(messages.first?.payload), site: "S", now: Harness.at("2026-06-01T10:05:00Z"), state: state)
        #expect(accepted.table.seq == Harness.issued.millisecondsSinceEpoch + 1)
        #expect(accepted.table.prev == report.etag)
        #expect(accepted.table.validFrom == Harness.t0)
        // Its limits are the dispatched window's: F's 5 kW for the one site.
        #expect(accepted.table.limits.importKw == [5, 5, 5, 5])

        // `chargeshare tariff verify` accepts what the gateway fetched (a fresh edge state).
        let table = h.directory + "/fetched.jws"
        try Data(try #require(messages.first?.payload)).write(to: URL(fileURLWithPath: table))
        let arguments = [
            "tariff", "verify", "--table", table, "--keyset", h.keys + "/keyset.json", "--site", "S", "--state", h.directory + "/cli-state",
            "--now", "2026-06-01T10:05:00Z",
        ]
        let console = Console.captured(arguments)
        let status = ChargeShareCommand.run(arguments, console: console)
        #expect(status == 0, "\(console.standardOutput)\(console.standardError)")
    }

    /// The broker stops: the next table is stored but not published (reported, quickly); once the
    /// broker is back, `republishLatest` gets it there, and a gateway connecting then receives it.
    @Test func brokerRestartThenRepublish() throws {
        let broker = try Broker.start()
        let mqtt = try MQTTTariffPublisher(url: broker.url, clientId: "chargeshare-tariffs-restart", acknowledgementTimeout: .seconds(2))
        let h = try Harness(publisher: mqtt)
        #expect(try h.dispatcher.dispatch(body: Harness.problemBody("w-1")).tariffs.first?.published == true)
        broker.stop()
        let second = try h.dispatcher.dispatch(body: Harness.problemBody("w-2", target: 2))
        #expect(second.tariffs.first?.version == 2)
        #expect(second.tariffs.first?.published == false)
        #expect(second.tariffs.first?.error?.hasPrefix("stored, not published: ") == true, "\(String(describing: second.tariffs.first?.error))")
        try broker.restart()
        let tariffs = try #require(h.dispatcher.tariffs)
        var published = false
        let deadline = ContinuousClock.now + .seconds(20)
        while !published && ContinuousClock.now < deadline {
            published = tariffs.republishLatest(siteIds: ["S"]).first?.published == true
            if !published { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(published)
        let messages = try Self.receive(broker, topic: "chargeshare/S/tariff", clientId: "gateway-S-late")
        #expect(messages.map(\.payload) == [Array(try #require(try tariffs.latest(siteId: "S")).jws.utf8)])
    }

    /// A replay signs nothing new; a table lost to a crash after the result was recorded is
    /// signed on the replay; `republishLatest` sends the stored one again.
    @Test func replayPublishesOnlyWhatIsMissing() throws {
        let h = try Harness()
        let first = try h.dispatcher.dispatch(body: Harness.problemBody())
        #expect(first.tariffs.first?.version == 1 && first.tariffs.first?.published == false && first.tariffs.first?.error == nil)
        #expect(try h.dispatcher.dispatch(body: Harness.problemBody()).tariffs.isEmpty)
        #expect(try h.store.latestTariff(siteId: "S")?.version == 1)

        // Same database, no table yet: as if the process died before publishing.
        let crashed = try Harness(withKeys: true)
        let record = try #require(try h.store.dispatchRecord(windowId: "w-full"))
        _ = try crashed.store.insertProblem(record.problem)
        try crashed.store.recordResult(windowId: "w-full", try #require(record.outcome))
        let replay = try crashed.dispatcher.dispatch(body: Harness.problemBody())
        #expect(replay.status == .replayed)
        #expect(replay.tariffs.map(\.version) == [1])
        #expect(try crashed.store.latestTariff(siteId: "S") != nil)
        #expect(crashed.dispatcher.tariffs?.republishLatest(siteIds: ["S", "T"]).map(\.siteId) == ["S"])
    }

    /// Without keys nothing is signed; a key store without a key for the site reports it per site.
    @Test func noKeysNoTables() throws {
        let h = try Harness(withKeys: false)
        let response = try h.dispatcher.dispatch(body: Harness.problemBody())
        #expect(response.tariffs.isEmpty)
        #expect(h.dispatcher.tariffs == nil)
        let broken = CloudDispatcher(store: h.store, clock: FixedWallClock(Harness.issued), keys: h.directory + "/none", publisher: nil)
        let other = try broken.dispatch(body: Harness.problemBody("w-other"))
        #expect(other.tariffs.count == 1)
        #expect(other.tariffs.first?.error?.hasPrefix("not signed: ") == true)
        #expect(other.tariffs.first?.version == nil)
    }

    @Test func topicsKeepOneLevelPerSite() {
        #expect(TariffDistribution.topic(siteId: "S-1_a") == "chargeshare/S-1_a/tariff")
        #expect(TariffDistribution.topic(siteId: "a/b+#") == "chargeshare/a%2Fb%2B%23/tariff")
    }
}

/// A publisher that records, or fails like a broker that is down.
final class FakePublisher: TariffMessagePublisher, @unchecked Sendable {
    struct Down: Error, CustomStringConvertible { var description: String { "broker down" } }
    private let lock = NSLock()
    private var sent: [(topic: String, payload: [UInt8])] = []
    var failing = false

    var messages: [(topic: String, payload: [UInt8])] { lock.withLock { sent } }

    func publishRetained(topic: String, payload: [UInt8]) throws {
        try lock.withLock {
            if failing { throw Down() }
            sent.append((topic, payload))
        }
    }
}

@Suite("Cloud dispatch: tariff publication failures and repair")
struct TariffRepairTests {
    /// The broker is down: the tables of both sites are stored, the first site's send fails and the
    /// second is not tried; once it is back, `republishLatest` sends the stored tables.
    @Test func brokerDownThenRepublish() throws {
        let fake = FakePublisher()
        fake.failing = true
        let h = try Harness(publisher: fake)
        let twoSites = String(decoding: Harness.problemBody(), as: UTF8.self)
            .replacingOccurrences(
                of: #""feeders": [{"id": "F", "importLimitKw": 5}]"#, with: #""feeders": [{"id": "F", "importLimitKw": 5}, {"id": "G"}]"#
            )
            .replacingOccurrences(
                of: #""sites": [{"id": "S", "feederId": "F"}]"#, with: #""sites": [{"id": "S", "feederId": "F"}, {"id": "T", "feederId": "G"}]"#)
        let response = try h.dispatcher.dispatch(body: Array(twoSites.utf8))
        #expect(response.tariffs.map(\.siteId) == ["S", "T"])
        #expect(response.tariffs.map(\.version) == [1, 1])
        #expect(response.tariffs.map(\.published) == [false, false])
        #expect(response.tariffs[0].error == "stored, not published: broker down")
        #expect(response.tariffs[1].error == "stored, not published: broker down (for an earlier site of this window)")

        fake.failing = false
        let repaired = try #require(h.dispatcher.tariffs).republishLatest(siteIds: ["S", "T"])
        #expect(repaired.map(\.published) == [true, true])
        #expect(fake.messages.map(\.topic) == ["chargeshare/S/tariff", "chargeshare/T/tariff"])
        #expect(fake.messages[0].payload == Array(try #require(try h.store.latestTariff(siteId: "S")).envelope.utf8))
    }

    /// `latest` is the highest version; `current` the one in force at a time.
    @Test func latestAndCurrent() throws {
        let fake = FakePublisher()
        let h = try Harness(publisher: fake)
        _ = try h.dispatcher.dispatch(body: Harness.problemBody("now"))
        let later = String(decoding: Harness.problemBody("later"), as: UTF8.self).replacingOccurrences(of: "T10:", with: "T12:")
            .replacingOccurrences(of: "T11:", with: "T13:")
        _ = try h.dispatcher.dispatch(body: Array(later.utf8))
        let tariffs = try #require(h.dispatcher.tariffs)
        #expect(try tariffs.latest(siteId: "S")?.version == 2)
        #expect(try tariffs.current(siteId: "S", at: Harness.at("2026-06-01T10:30:00Z"))?.version == 1)
        #expect(try tariffs.current(siteId: "S", at: Harness.at("2026-06-01T11:30:00Z")) == nil)
        #expect(try tariffs.latest(siteId: "nobody") == nil)
        #expect(fake.messages.count == 2)
    }
}
