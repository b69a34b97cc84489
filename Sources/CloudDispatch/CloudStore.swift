public import ChargeShareDomain
public import Store

/// What cloud dispatch reads and writes: the registry, live sessions, prices, utility limits,
/// dispatch windows, tariff tables and chargers' maintenance alerts. `SQLiteStore` is one; a PostgreSQL backend would be another.
public protocol CloudStore: RegistryStore, SessionStateStore, PriceStore, UtilityLimitStore, DispatchRecordStore, TariffStore, MaintenanceStore,
    Sendable
{}

extension SQLiteStore: CloudStore {}
