import ChargeShareDomain
import CloudDispatch
import Foundation
import GRDB
import Store
import TariffPublishing
import TestSupport

/// An engine database with one feeder `F` (5 kW), one site `S` and one 11 kW charger `C`
/// (station `CS`, η 1), a key store, and a dispatcher on a clock fixed at 09:55 on 2026-06-01.
struct Harness {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }
    static let t0 = at("2026-06-01T10:00:00Z")
    static let issued = at("2026-06-01T09:55:00Z")

    let directory: String
    let store: SQLiteStore
    let keys: String
    let dispatcher: CloudDispatcher

    init(publisher: (any TariffMessagePublisher)? = nil, withKeys: Bool = true) throws {
        directory = Fixtures.temporaryDirectory()
        store = try SQLiteStore(path: directory + "/engine.sqlite", schema: .engine)
        _ = try store.upsert(
            Registry(
                feeders: [Feeder(id: "F", importLimitKw: .constant(5)), Feeder(id: "G", importLimitKw: .constant(50))],
                sites: [Site(id: "S", feederId: "F"), Site(id: "T", feederId: "G")],
                chargers: [
                    RegisteredCharger(charger: Charger(id: "C", siteId: "S", maxChargeKw: 11, chargeEfficiency: 1), stationId: "CS"),
                    RegisteredCharger(charger: Charger(id: "D", siteId: "T", maxChargeKw: 22, chargeEfficiency: 1), stationId: "DS"),
                ]),
            at: Self.issued)
        keys = directory + "/keys"
        if withKeys {
            try KeyStore(directory: keys).generate(issuer: "chargeshare", sites: ["*"], validFrom: Self.at("2026-01-01T00:00:00Z"), validUntil: nil)
        }
        dispatcher = CloudDispatcher(store: store, clock: FixedWallClock(Self.issued), keys: withKeys ? keys : nil, publisher: publisher)
    }

    /// A live session on `CS` EVSE 1: started 09:00, 0.5 kWh drawn, 3 kWh asked for, leaving at 11:00.
    func storeSession() throws {
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sessions (station_id, transaction_id, evse_id, state, started_ms, energy_wh, target_wh, departure_ms)
                    VALUES ('CS', 't', 1, 'active', ?, 500, 3000, ?)
                    """, arguments: [Self.at("2026-06-01T09:00:00Z").millisecondsSinceEpoch, Self.at("2026-06-01T11:00:00Z").millisecondsSinceEpoch])
        }
    }

    func limit(_ id: String, feeder: String = "F", from: String, to: String, kw: Double) throws {
        _ = try store.upsertUtilityLimit(
            UtilityLimit(
                id: id, feederId: feeder, kind: .importCapacity, start: Self.at(from), end: Self.at(to), valueKw: kw, source: "ven-1",
                created: Self.issued))
    }

    /// The assembly body of window `id` over feeder F, four quarter hours from 10:00.
    static func assemblyBody(_ id: String = "w-assembled", prices: String = #"{"importPerKwh": [0.3, 0.1, 0.2, 0.1]}"#) -> [UInt8] {
        Array(
            #"{"windowId": "\#(id)", "start": "2026-06-01T10:00:00Z", "intervals": 4, "intervalMinutes": 15, "feeders": ["F"], "prices": \#(prices)}"#
                .utf8)
    }

    /// A full problem on the registry's F/S/C: one car from 10:00 to 11:00 wanting 2.5 kWh.
    static func problemBody(_ id: String = "w-full", feederLimit: String = "5", target: Double = 2.5) -> [UInt8] {
        Array(
            """
            {"windowId": "\(id)", "start": "2026-06-01T10:00:00Z", "intervals": 4, "intervalMinutes": 15,
             "prices": {"importPerKwh": [0.3, 0.1, 0.2, 0.1]},
             "feeders": [{"id": "F", "importLimitKw": \(feederLimit)}],
             "sites": [{"id": "S", "feederId": "F"}],
             "chargers": [{"id": "C", "siteId": "S", "maxChargeKw": 11, "chargeEfficiency": 1}],
             "sessions": [{"id": "car", "chargerId": "C", "arrival": "2026-06-01T10:00:00Z", "departure": "2026-06-01T11:00:00Z",
                           "batteryKwh": 10, "initialKwh": 0, "targetKwh": \(target)}]}
            """.utf8)
    }

    /// The first session's charge powers and the objective's total of a result.
    static func schedule(_ result: [UInt8]) throws -> (chargeKw: [Double], total: Double) {
        let json = try JSONReader.parse(result, options: .engine)
        let session = json["sessions"]?.arrayValue?.first
        return (session?["chargeKw"]?.arrayValue?.compactMap(\.doubleValue) ?? [], json["objective"]?["total"]?.doubleValue ?? .nan)
    }

    static func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-6) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }
}
