import ChargeShareDomain
import GRDB

extension SQLiteStore {
    /// Whether a site with this id is registered.
    public func siteExists(_ siteId: String) throws(StoreError) -> Bool {
        try readingState { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sites WHERE id = ?)", arguments: [siteId]) ?? false }
    }
}
