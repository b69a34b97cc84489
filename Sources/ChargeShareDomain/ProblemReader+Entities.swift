import Foundation

extension ProblemReader {
    static func readFeeder(_ value: JSONValue, at path: String, count: Int?, _ f: inout JSONFields) -> Feeder? {
        guard let o = f.object(value, at: path, allowed: ["id", "importLimitKw", "exportLimitKw"]) else { return nil }
        let id = f.identifier(o, "id", at: path)
        let importLimit = f.series(o, "importLimitKw", at: path, count: count, required: false, rule: .nonNegative)
        let exportLimit = f.series(o, "exportLimitKw", at: path, count: count, required: false, rule: .nonNegative)
        guard let id else { return nil }
        return Feeder(id: id, importLimitKw: importLimit, exportLimitKw: exportLimit ?? .constant(0))
    }

    static let siteKeys: Set<String> = [
        "id", "feederId", "importLimitKw", "exportLimitKw", "baseLoadKw", "pvKw", "prices", "demandChargePerKw", "timeZone",
    ]

    static func readSite(_ value: JSONValue, at path: String, count: Int?, _ f: inout JSONFields) -> Site? {
        guard let o = f.object(value, at: path, allowed: siteKeys) else { return nil }
        let id = f.identifier(o, "id", at: path)
        let feederId = f.identifier(o, "feederId", at: path)
        let importLimit = f.series(o, "importLimitKw", at: path, count: count, required: false, rule: .nonNegative)
        let exportLimit = f.series(o, "exportLimitKw", at: path, count: count, required: false, rule: .nonNegative)
        let baseLoad = f.series(o, "baseLoadKw", at: path, count: count, required: false, rule: .nonNegative)
        let pv = f.series(o, "pvKw", at: path, count: count, required: false, rule: .nonNegative)
        var prices: Prices?
        if let p = f.member(o, "prices", at: path, required: false) {
            prices = readPrices(p, at: JSONFields.join(path, "prices"), count: count, &f)
        }
        let demandCharge = f.number(o, "demandChargePerKw", at: path, required: false, rule: .nonNegative) ?? 0
        let timeZone = f.string(o, "timeZone", at: path, required: false) ?? "UTC"
        if !isKnownTimeZone(timeZone) { f.fail(JSONFields.join(path, "timeZone"), "unknown time zone \(Displayed.quoted(timeZone))") }
        guard let id, let feederId else { return nil }
        return Site(
            id: id, feederId: feederId, importLimitKw: importLimit, exportLimitKw: exportLimit ?? .constant(0),
            baseLoadKw: baseLoad ?? .constant(0), pvKw: pv ?? .constant(0), prices: prices,
            demandChargePerKw: demandCharge, timeZone: timeZone
        )
    }

    static let chargerKeys: Set<String> = [
        "id", "siteId", "evseId", "maxChargeKw", "maxDischargeKw", "chargeEfficiency", "dischargeEfficiency",
    ]

    static func readCharger(_ value: JSONValue, at path: String, _ f: inout JSONFields) -> Charger? {
        guard let o = f.object(value, at: path, allowed: chargerKeys) else { return nil }
        let id = f.identifier(o, "id", at: path)
        let siteId = f.identifier(o, "siteId", at: path)
        let evseId = f.integer(o, "evseId", at: path, required: false) ?? 1
        if evseId < 1 { f.fail(JSONFields.join(path, "evseId"), "must be an integer >= 1") }
        let maxCharge = f.number(o, "maxChargeKw", at: path, required: true, rule: .positive)
        let maxDischarge = f.number(o, "maxDischargeKw", at: path, required: false, rule: .nonNegative) ?? 0
        let etaC = f.number(o, "chargeEfficiency", at: path, required: false, rule: .efficiency) ?? 0.95
        let etaD = f.number(o, "dischargeEfficiency", at: path, required: false, rule: .efficiency) ?? 0.95
        guard let id, let siteId, let maxCharge else { return nil }
        return Charger(
            id: id, siteId: siteId, evseId: evseId, maxChargeKw: maxCharge, maxDischargeKw: maxDischarge,
            chargeEfficiency: etaC, dischargeEfficiency: etaD
        )
    }

    static let sessionKeys: Set<String> = [
        "id", "chargerId", "transactionId", "arrival", "departure", "batteryKwh", "initialKwh", "targetKwh", "minKwh",
        "maxChargeKw", "maxDischargeKw", "v2g",
    ]

    /// Longest `transactionId` an OCPP 2.0.1 / 2.1 charging profile can carry.
    public static let maximumTransactionIdLength = 36

    static func readSession(_ value: JSONValue, at path: String, _ f: inout JSONFields) -> Session? {
        guard let o = f.object(value, at: path, allowed: sessionKeys) else { return nil }
        let id = f.identifier(o, "id", at: path)
        let chargerId = f.identifier(o, "chargerId", at: path)
        let transactionId = f.string(o, "transactionId", at: path, required: false)
        if let transactionId, !(1...maximumTransactionIdLength).contains(transactionId.count) {
            f.fail(JSONFields.join(path, "transactionId"), "must be 1 to \(maximumTransactionIdLength) characters (OCPP limit)")
        }
        let arrival = timestamp(o, "arrival", at: path, &f)
        let departure = timestamp(o, "departure", at: path, &f)
        if let arrival, let departure, departure <= arrival {
            f.fail(JSONFields.join(path, "departure"), "departure must be after arrival")
        }
        let battery = f.number(o, "batteryKwh", at: path, required: true, rule: .positive)
        let initial = f.number(o, "initialKwh", at: path, required: true, rule: .nonNegative)
        let target = f.number(o, "targetKwh", at: path, required: true, rule: .nonNegative)
        let minimum = f.number(o, "minKwh", at: path, required: false, rule: .nonNegative) ?? 0
        if let battery {
            for (key, v) in [("initialKwh", initial), ("targetKwh", target), ("minKwh", minimum)] {
                if let v, v > battery {
                    f.fail(JSONFields.join(path, key), "\(key) \(v) is above batteryKwh \(battery)")
                }
            }
        }
        let maxCharge = f.number(o, "maxChargeKw", at: path, required: false, rule: .nonNegative)
        let maxDischarge = f.number(o, "maxDischargeKw", at: path, required: false, rule: .nonNegative)
        let v2g = f.bool(o, "v2g", at: path) ?? false
        guard let id, let chargerId, let arrival, let departure, let battery, let initial, let target else { return nil }
        return Session(
            id: id, chargerId: chargerId, transactionId: transactionId, arrival: arrival, departure: departure,
            batteryKwh: battery, initialKwh: initial, targetKwh: target, minKwh: minimum,
            maxChargeKw: maxCharge, maxDischargeKw: maxDischarge, v2g: v2g
        )
    }

    nonisolated(unsafe) private static var knownZones: [String: Bool] = [:]
    private static let zoneLock = NSLock()

    static func isKnownTimeZone(_ name: String) -> Bool {
        zoneLock.lock()
        defer { zoneLock.unlock() }
        if let known = knownZones[name] { return known }
        let known = TimeZone(identifier: name) != nil
        knownZones[name] = known
        return known
    }
}
