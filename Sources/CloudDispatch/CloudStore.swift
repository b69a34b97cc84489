public import ChargeShareDomain
public import Store

/// What cloud dispatch reads and writes: the registry, live sessions, prices, utility limits,
/// dispatch windows and tariff tables. `SQLiteStore` is one; a PostgreSQL backend would be another.
public protocol CloudStore: RegistryStore, SessionStateStore, PriceStore, UtilityLimitStore, DispatchRecordStore, TariffStore, Sendable {}

extension SQLiteStore: CloudStore {}
