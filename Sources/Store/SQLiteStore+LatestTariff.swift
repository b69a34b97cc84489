public import ChargeShareDomain
import GRDB

extension SQLiteStore {
    /// The highest version of `siteId`'s tariff table, whatever its validity: what an edge
    /// gateway fetches (`GET /v1/sites/{id}/tariff`) and then checks offline.
    public func latestTariff(siteId: String) throws(StoreError) -> StoredTariff? {
        try readingState { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tariffs WHERE site_id = ? ORDER BY version DESC LIMIT 1", arguments: [siteId]).map(Self.tariff)
        }
    }

    /// Whether a site with this id is registered.
    public func siteExists(_ siteId: String) throws(StoreError) -> Bool {
        try readingState { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sites WHERE id = ?)", arguments: [siteId]) ?? false }
    }
}
