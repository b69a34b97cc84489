public import ChargeShareDomain

/// Where the registry is kept: feeders, sites and chargers with their OCPP identities.
public protocol RegistryStore {
    /// The ids a registry file may refer to, and which charger holds each station and EVSE.
    func registryContext() throws(StoreError) -> RegistryContext
    /// Everything registered, each kind sorted by id.
    func registry() throws(StoreError) -> Registry
    /// Inserts new entries and updates changed ones by id, all or nothing; `time` becomes the
    /// `updated_at` of what changed.
    func upsert(_ registry: Registry, at time: Timestamp) throws(StoreError) -> RegistryChanges
}

/// What an import did.
public struct RegistryChanges: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }
}
