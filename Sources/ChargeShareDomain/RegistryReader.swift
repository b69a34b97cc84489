/// Turns a registry file (`{"feeders": [...], "sites": [...], "chargers": [...]}`) into a
/// validated `Registry`, or an `InvalidProblem` listing every error with its JSON path.
///
/// Each entity is read with the dispatch contract's rules (`ProblemReader`), restricted to what a
/// registry holds: limits are numbers, not per-interval arrays; sites carry no base load, PV or
/// prices (those belong to a window); each charger names its `stationId` (1 to 48 characters, as
/// the telemetry envelope does). Ids are unique within the file, references resolve within the
/// file or to what the store already holds (`RegistryContext`), and no two chargers share a
/// station and EVSE.
public enum RegistryReader {
    /// Parses and validates registry bytes against the store's existing entries.
    public static func read(_ bytes: [UInt8], existing: RegistryContext = RegistryContext()) throws(InvalidProblem) -> Registry {
        let json = try InvalidProblem.parse(bytes)
        var f = JSONFields()
        guard let root = f.object(json, at: "$", allowed: ["feeders", "sites", "chargers"]) else { throw InvalidProblem(issues: f.allIssues) }
        let feeders = entries(root, "feeders", &f) { v, path, f in
            constantLimits(v, path, ["importLimitKw", "exportLimitKw"], &f)
            return ProblemReader.readFeeder(v, at: path, count: nil, &f)
        }
        let sites = entries(root, "sites", &f) { v, path, f -> Site? in
            guard f.object(v, at: path, allowed: siteKeys) != nil, case .object(let members) = v else { return nil }
            constantLimits(v, path, ["importLimitKw", "exportLimitKw"], &f)
            // Unknown fields are reported above, once.
            return ProblemReader.readSite(.object(members.filter { siteKeys.contains($0.key) }), at: path, count: nil, &f)
        }
        let chargers = entries(root, "chargers", &f) { v, path, f -> RegisteredCharger? in
            guard case .object(let members) = v else {
                f.fail(path, "expected an object, got \(v.typeName)")
                return nil
            }
            let stationId = f.string(v, "stationId", at: path)
            if let stationId, !(1...48).contains(stationId.unicodeScalars.count) {
                f.fail(JSONFields.join(path, "stationId"), "must be 1 to 48 characters")
            }
            if v["evseId"] == nil { f.fail(JSONFields.join(path, "evseId"), "is required") }
            let charger = ProblemReader.readCharger(.object(members.filter { $0.key != "stationId" }), at: path, &f)
            guard let charger, let stationId else { return nil }
            return RegisteredCharger(charger: charger, stationId: stationId)
        }
        let registry = Registry(feeders: feeders, sites: sites, chargers: chargers)
        if f.issues.isEmpty { crossCheck(registry, existing, &f) }
        guard f.issues.isEmpty else { throw InvalidProblem(issues: f.allIssues) }
        return registry
    }

    /// Site fields a registry holds (the contract's, without the window's base load, PV and prices).
    static let siteKeys: Set<String> = ["id", "feederId", "importLimitKw", "exportLimitKw", "demandChargePerKw", "timeZone"]

    private static func entries<T>(
        _ root: JSONValue, _ key: String, _ f: inout JSONFields, _ read: (JSONValue, String, inout JSONFields) -> T?
    ) -> [T] {
        (f.array(root, key, at: "", required: false) ?? []).enumerated().compactMap { i, v in read(v, "\(key)[\(i)]", &f) }
    }

    /// Reports a per-interval array where the registry needs one number.
    private static func constantLimits(_ value: JSONValue, _ path: String, _ keys: [String], _ f: inout JSONFields) {
        for key in keys where value[key]?.arrayValue != nil {
            f.fail(JSONFields.join(path, key), "must be a number in the registry (per-interval limits come from utility limits)")
        }
    }

    private static func crossCheck(_ r: Registry, _ existing: RegistryContext, _ f: inout JSONFields) {
        func unique(_ ids: [String], _ collection: String) -> Set<String> {
            var first: [String: Int] = [:]
            for (i, id) in ids.enumerated() {
                if let j = first[id] {
                    f.fail("\(collection)[\(i)].id", "duplicate id \(Displayed.quoted(id)) (first at \(collection)[\(j)])")
                } else {
                    first[id] = i
                }
            }
            return Set(first.keys)
        }
        let feederIds = unique(r.feeders.map(\.id), "feeders").union(existing.feederIds)
        let siteIds = unique(r.sites.map(\.id), "sites").union(existing.siteIds)
        _ = unique(r.chargers.map(\.charger.id), "chargers")
        for (i, site) in r.sites.enumerated() where !feederIds.contains(site.feederId) {
            f.fail("sites[\(i)].feederId", "unknown feeder \(Displayed.quoted(site.feederId)) (not in this file or the store)")
        }
        var holder = existing.chargerByEVSE
        let defined = Set(r.chargers.map(\.charger.id))
        // A charger redefined by this file releases its old station and EVSE.
        holder = holder.filter { !defined.contains($0.value) }
        var inFile: [StationEVSE: Int] = [:]
        for (i, c) in r.chargers.enumerated() {
            if !siteIds.contains(c.charger.siteId) {
                f.fail("chargers[\(i)].siteId", "unknown site \(Displayed.quoted(c.charger.siteId)) (not in this file or the store)")
            }
            let key = StationEVSE(stationId: c.stationId, evseId: c.charger.evseId)
            if let j = inFile[key] {
                f.fail("chargers[\(i)]", "station \(Displayed.quoted(c.stationId)) EVSE \(c.charger.evseId) is already chargers[\(j)]")
            } else if let other = holder[key] {
                f.fail(
                    "chargers[\(i)]",
                    "station \(Displayed.quoted(c.stationId)) EVSE \(c.charger.evseId) already belongs to charger \(Displayed.quoted(other)) in the store"
                )
            }
            inFile[key] = inFile[key] ?? i
        }
    }
}
