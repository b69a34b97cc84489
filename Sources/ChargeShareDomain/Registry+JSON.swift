extension Registry {
    /// The registry in the shape `RegistryReader` reads (`{"feeders", "sites", "chargers"}`,
    /// each charger with its `stationId`), so what is written reads back to the same registry.
    public var json: JSONValue {
        .object([
            ("feeders", .array(feeders.map(\.json))), ("sites", .array(sites.map(\.registryJSON))), ("chargers", .array(chargers.map(\.json))),
        ])
    }
}

extension RegisteredCharger {
    /// The charger as the contract writes it, plus `stationId`.
    public var json: JSONValue {
        guard case .object(var members) = charger.json else { return charger.json }
        members.append(("stationId", .string(stationId)))
        return .object(members)
    }
}

extension Feeder {
    /// The feeder as the contract and the registry write it.
    public var registryJSON: JSONValue { json }
}

extension Site {
    /// The site as the registry writes it: the contract's site without what belongs to a window
    /// (`baseLoadKw`, `pvKw`, `prices`; `RegistryReader.siteKeys`).
    public var registryJSON: JSONValue {
        guard case .object(let members) = json else { return json }
        return .object(members.filter { RegistryReader.siteKeys.contains($0.key) })
    }
}
