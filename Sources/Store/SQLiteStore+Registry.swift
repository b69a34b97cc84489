public import ChargeShareDomain
import GRDB

extension SQLiteStore {
    /// The engine database:
    /// - `v1-registry`: `feeders`, `sites` and `chargers` in the dispatch contract's shape (constant
    ///   limits), each with `updated_at`; sites and chargers reference their feeder and site;
    ///   chargers are indexed by (`station_id`, `evse_id`), which `upsert` keeps unique at the end
    ///   of each import (so two chargers may swap EVSEs in one file).
    static var engineMigrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry") { db in
            try db.execute(
                sql: """
                    CREATE TABLE feeders (
                        id TEXT PRIMARY KEY NOT NULL,
                        import_limit_kw REAL,
                        export_limit_kw REAL NOT NULL,
                        updated_at TEXT NOT NULL);
                    CREATE TABLE sites (
                        id TEXT PRIMARY KEY NOT NULL,
                        feeder_id TEXT NOT NULL REFERENCES feeders(id),
                        import_limit_kw REAL,
                        export_limit_kw REAL NOT NULL,
                        demand_charge_per_kw REAL NOT NULL,
                        time_zone TEXT NOT NULL,
                        updated_at TEXT NOT NULL);
                    CREATE TABLE chargers (
                        id TEXT PRIMARY KEY NOT NULL,
                        site_id TEXT NOT NULL REFERENCES sites(id),
                        station_id TEXT NOT NULL,
                        evse_id INTEGER NOT NULL,
                        max_charge_kw REAL NOT NULL,
                        max_discharge_kw REAL NOT NULL,
                        charge_efficiency REAL NOT NULL,
                        discharge_efficiency REAL NOT NULL,
                        updated_at TEXT NOT NULL);
                    CREATE INDEX chargers_by_evse ON chargers (station_id, evse_id);
                    """)
        }
        registerTelemetryMigration(&migrator)
        // v3-acn-sessions: historical sessions (ACN-Data CSV), SQLiteStore+HistoricalSessions.swift.
        registerHistoricalSessionsMigration(&migrator)
        // v4-service-state: prices, utility limits, dispatch windows, tariffs, models.
        registerServiceStateMigration(&migrator)
        // v5-sample-index: the per-transaction sample index only where there is a transaction.
        registerSampleIndexMigration(&migrator)
        // v6-sample-time-index: samples indexed by time first, so inserts append.
        registerSampleTimeIndexMigration(&migrator)
        // v7-openadr: OpenADR programs and events, event-derived utility limits, stale windows.
        registerOpenADRMigration(&migrator)
        // v8-cloud-dispatch: the digest of the request a dispatch window was created from.
        registerCloudDispatchMigration(&migrator)
        // v9-access-tokens: the service's bearer tokens, by digest.
        registerAccessTokenMigration(&migrator)
        // v10-clustered-samples: meter samples kept in time order by their own key.
        registerClusteredSampleMigration(&migrator)
        // v11-token-secret-tags: a token is valid only under the client secrets it was issued under.
        registerTokenSecretTagMigration(&migrator)
        // v12-maintenance-scores: each charger's risk per scored day.
        registerMaintenanceMigration(&migrator)
        // v13-window-feeder-start: a feeder's dispatch windows indexed by start.
        registerWindowFeederStartMigration(&migrator)
        return migrator
    }
}

extension SQLiteStore: RegistryStore {
    public func registryContext() throws(StoreError) -> RegistryContext {
        try reading { db in
            var context = RegistryContext()
            context.feederIds = try Set(String.fetchAll(db, sql: "SELECT id FROM feeders"))
            context.siteIds = try Set(String.fetchAll(db, sql: "SELECT id FROM sites"))
            for row in try Row.fetchAll(db, sql: "SELECT id, station_id, evse_id FROM chargers") {
                context.chargerByEVSE[StationEVSE(stationId: row["station_id"], evseId: row["evse_id"])] = row["id"]
            }
            return context
        }
    }

    public func registry() throws(StoreError) -> Registry {
        try reading { db in
            let feeders = try Row.fetchAll(db, sql: "SELECT * FROM feeders ORDER BY id").map { r in
                Feeder(
                    id: r["id"], importLimitKw: (r["import_limit_kw"] as Double?).map(Series.constant), exportLimitKw: .constant(r["export_limit_kw"])
                )
            }
            let sites = try Row.fetchAll(db, sql: "SELECT * FROM sites ORDER BY id").map { r in
                Site(
                    id: r["id"], feederId: r["feeder_id"], importLimitKw: (r["import_limit_kw"] as Double?).map(Series.constant),
                    exportLimitKw: .constant(r["export_limit_kw"]), demandChargePerKw: r["demand_charge_per_kw"], timeZone: r["time_zone"])
            }
            let chargers = try Row.fetchAll(db, sql: "SELECT * FROM chargers ORDER BY id").map { r in
                RegisteredCharger(
                    charger: Charger(
                        id: r["id"], siteId: r["site_id"], evseId: r["evse_id"], maxChargeKw: r["max_charge_kw"],
                        maxDischargeKw: r["max_discharge_kw"], chargeEfficiency: r["charge_efficiency"],
                        dischargeEfficiency: r["discharge_efficiency"]),
                    stationId: r["station_id"])
            }
            return Registry(feeders: feeders, sites: sites, chargers: chargers)
        }
    }

    public func upsert(_ registry: Registry, at time: Timestamp) throws(StoreError) -> RegistryChanges {
        guard schema == .engine else { throw .cannotOpen(path: path, message: "it is \(schema.withArticle), not an engine database") }
        do {
            return try queue.write { db in
                var changes = RegistryChanges()
                let now = time.description
                for f in registry.feeders {
                    let values: [(any DatabaseValueConvertible)?] = [f.importLimitKw?[0], f.exportLimitKw[0]]
                    try Self.upsert(db, "feeders", id: f.id, columns: ["import_limit_kw", "export_limit_kw"], values: values, at: now, &changes)
                }
                for s in registry.sites {
                    let values: [(any DatabaseValueConvertible)?] = [
                        s.feederId, s.importLimitKw?[0], s.exportLimitKw[0], s.demandChargePerKw, s.timeZone,
                    ]
                    try Self.upsert(
                        db, "sites", id: s.id, columns: ["feeder_id", "import_limit_kw", "export_limit_kw", "demand_charge_per_kw", "time_zone"],
                        values: values, at: now, &changes)
                }
                for c in registry.chargers {
                    let ch = c.charger
                    let values: [(any DatabaseValueConvertible)?] = [
                        ch.siteId, c.stationId, ch.evseId, ch.maxChargeKw, ch.maxDischargeKw, ch.chargeEfficiency, ch.dischargeEfficiency,
                    ]
                    try Self.upsert(
                        db, "chargers", id: ch.id,
                        columns: [
                            "site_id", "station_id", "evse_id", "max_charge_kw", "max_discharge_kw", "charge_efficiency", "discharge_efficiency",
                        ],
                        values: values, at: now, &changes)
                }
                // The reader checked this against the store; checking again inside the transaction
                // keeps a concurrent import from leaving two chargers on one EVSE.
                if let clash = try Row.fetchOne(
                    db, sql: "SELECT station_id, evse_id FROM chargers GROUP BY station_id, evse_id HAVING COUNT(*) > 1 LIMIT 1")
                {
                    let station: String = clash["station_id"], evse: Int = clash["evse_id"]
                    throw StoreError.writeFailed(path: path, message: "two chargers on station \(Displayed.quoted(station)) EVSE \(evse)")
                }
                return changes
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed(path: path, message: Self.message(error))
        }
    }

    /// Inserts the row, updates it when a value differs, or counts it unchanged (so importing the
    /// same file twice changes nothing, not even `updated_at`). `table` and `columns` are this
    /// file's constants, never the caller's.
    private static func upsert(
        _ db: Database, _ table: String, id: String, columns: [String], values: [(any DatabaseValueConvertible)?], at now: String,
        _ changes: inout RegistryChanges
    ) throws {
        let incoming = values.map { $0?.databaseValue ?? .null }
        if let row = try Row.fetchOne(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE id = ?", arguments: [id]) {
            if columns.map({ row[$0] as DatabaseValue }) == incoming {
                changes.unchanged += 1
                return
            }
            let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
            try db.execute(
                sql: "UPDATE \(table) SET \(assignments), updated_at = ? WHERE id = ?", arguments: StatementArguments(values + [now, id]))
            changes.updated += 1
        } else {
            let placeholders = Array(repeating: "?", count: columns.count + 2).joined(separator: ", ")
            try db.execute(
                sql: "INSERT INTO \(table) (id, \(columns.joined(separator: ", ")), updated_at) VALUES (\(placeholders))",
                arguments: StatementArguments([id] + values + [now]))
            changes.inserted += 1
        }
    }

    private func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try queue.read(body) } catch { throw .readFailed(path: path, message: Self.message(error)) }
    }
}
