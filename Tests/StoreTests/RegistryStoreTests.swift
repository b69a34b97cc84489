import ChargeShareDomain
import Foundation
import GRDB
import Store
import Testing

@Suite("Registry in the engine database")
struct RegistryStoreTests {
    static let t0 = Timestamp(rfc3339: "2026-12-01T00:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)
    static let t1 = Timestamp(rfc3339: "2026-12-02T00:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)

    static func registry(evseOfA: Int = 1, evseOfB: Int = 2, limit: Double = 20) -> Registry {
        Registry(
            feeders: [Feeder(id: "F", importLimitKw: .constant(limit), exportLimitKw: .constant(5))],
            sites: [
                Site(id: "S", feederId: "F", importLimitKw: nil, exportLimitKw: .constant(3), demandChargePerKw: 0.5, timeZone: "Europe/Amsterdam")
            ],
            chargers: [
                RegisteredCharger(charger: Charger(id: "A", siteId: "S", evseId: evseOfA, maxChargeKw: 7.4, maxDischargeKw: 7.4), stationId: "CS1"),
                RegisteredCharger(charger: Charger(id: "B", siteId: "S", evseId: evseOfB, maxChargeKw: 11), stationId: "CS1"),
            ])
    }

    static func store() throws -> SQLiteStore { try SQLiteStore(path: SQLiteStoreTests.temporaryPath(), schema: .engine) }

    @Test("Insert, then the same registry again changes nothing (not even updated_at), then one limit changes one row")
    func upsertCounts() throws {
        let store = try Self.store()
        #expect(try store.upsert(Self.registry(), at: Self.t0) == RegistryChanges(inserted: 4))
        #expect(try store.upsert(Self.registry(), at: Self.t1) == RegistryChanges(unchanged: 4))
        #expect(try store.upsert(Self.registry(limit: 15), at: Self.t1) == RegistryChanges(updated: 1, unchanged: 3))
        let queue = try DatabaseQueue(path: store.path)
        let stamps = try queue.read { db in try String.fetchAll(db, sql: "SELECT updated_at FROM feeders UNION ALL SELECT updated_at FROM sites") }
        #expect(stamps == ["2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z"])
    }

    @Test("What goes in comes back, in the contract's types")
    func roundTrip() throws {
        let store = try Self.store()
        _ = try store.upsert(Self.registry(), at: Self.t0)
        #expect(try store.registry() == Self.registry())
        let context = try store.registryContext()
        #expect(context.feederIds == ["F"] && context.siteIds == ["S"])
        #expect(context.chargerByEVSE == [StationEVSE(stationId: "CS1", evseId: 1): "A", StationEVSE(stationId: "CS1", evseId: 2): "B"])
    }

    @Test("Two chargers swap EVSEs in one import")
    func swap() throws {
        let store = try Self.store()
        _ = try store.upsert(Self.registry(), at: Self.t0)
        #expect(try store.upsert(Self.registry(evseOfA: 2, evseOfB: 1), at: Self.t1) == RegistryChanges(updated: 2, unchanged: 2))
        #expect(try store.registryContext().chargerByEVSE[StationEVSE(stationId: "CS1", evseId: 1)] == "B")
    }

    @Test("Two chargers on one EVSE, or a site on a feeder nobody registered, are refused and nothing is written")
    func refusedImports() throws {
        let store = try Self.store()
        _ = try store.upsert(Self.registry(), at: Self.t0)
        #expect(throws: StoreError.writeFailed(path: store.path, message: "two chargers on station \"CS1\" EVSE 1")) {
            _ = try store.upsert(Self.registry(evseOfA: 1, evseOfB: 1, limit: 9), at: Self.t1)
        }
        let orphan = Registry(sites: [Site(id: "T", feederId: "nowhere")])
        do {
            _ = try store.upsert(orphan, at: Self.t1)
            Issue.record("a site on an unknown feeder was written")
        } catch {
            guard case .writeFailed(_, let message) = error else { throw error }
            #expect(message.contains("FOREIGN KEY"))
        }
        #expect(try store.registry() == Self.registry(), "both imports rolled back")
    }

    @Test("The engine database is in WAL mode; a backtest output is not an engine database, nor the reverse")
    func kinds() throws {
        let store = try Self.store()
        let queue = try DatabaseQueue(path: store.path)
        #expect(try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(throws: StoreError.cannotOpen(path: store.path, message: "it is an engine database, not a backtest output")) {
            _ = try SQLiteStore(path: store.path)
        }
        let backtest = try SQLiteStore(path: SQLiteStoreTests.temporaryPath())
        #expect(throws: StoreError.cannotOpen(path: backtest.path, message: "it is a backtest output, not an engine database")) {
            _ = try SQLiteStore(path: backtest.path, schema: .engine)
        }
    }
}
