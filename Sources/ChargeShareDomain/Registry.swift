/// The network the engine manages, as the registry holds it: feeders, sites and chargers in the
/// shape of the dispatch contract's arrays, and for each charger the OCPP station and EVSE its
/// telemetry names (`../shared/spec/telemetry.md`).
///
/// Limits are constants here (a registry has no window); per-interval limits come from the
/// utilities (`GridLimit`) when a problem is assembled.
public struct Registry: Sendable, Equatable {
    public var feeders: [Feeder]
    public var sites: [Site]
    public var chargers: [RegisteredCharger]

    public init(feeders: [Feeder] = [], sites: [Site] = [], chargers: [RegisteredCharger] = []) {
        self.feeders = feeders
        self.sites = sites
        self.chargers = chargers
    }
}

/// A charger with the OCPP identity its telemetry carries: station id + EVSE id → charger.
public struct RegisteredCharger: Sendable, Equatable {
    /// The charger as the dispatch contract describes it (its `evseId` is the OCPP EVSE id).
    public var charger: Charger
    /// The charging station's OCPP identity (1 to 48 characters, as in the telemetry envelope).
    public var stationId: String

    public init(charger: Charger, stationId: String) {
        self.charger = charger
        self.stationId = stationId
    }
}

/// The ids a registry file may refer to without defining them: those already in the store.
public struct RegistryContext: Sendable, Equatable {
    public var feederIds: Set<String>
    public var siteIds: Set<String>
    /// Which charger holds each (station id, EVSE id) in the store.
    public var chargerByEVSE: [StationEVSE: String]

    public init(feederIds: Set<String> = [], siteIds: Set<String> = [], chargerByEVSE: [StationEVSE: String] = [:]) {
        self.feederIds = feederIds
        self.siteIds = siteIds
        self.chargerByEVSE = chargerByEVSE
    }
}

/// An OCPP station id and EVSE id: the key telemetry uses for a charger.
public struct StationEVSE: Sendable, Hashable {
    public var stationId: String
    public var evseId: Int

    public init(stationId: String, evseId: Int) {
        self.stationId = stationId
        self.evseId = evseId
    }
}
