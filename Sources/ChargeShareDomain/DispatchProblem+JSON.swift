extension DispatchProblem {
    /// The problem as request JSON; `ProblemReader.read(_:)` reads it back to an equal problem.
    /// Defaults are written out explicitly, except absent optional values.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("windowId", .string(windowId)),
            ("start", .string(start.description)),
            ("intervalMinutes", .integer(intervalMinutes)),
            ("intervals", .integer(intervals)),
            ("currency", .string(currency)),
            ("prices", prices.json),
            ("degradationCostPerKwh", .number(degradationCostPerKwh)),
            ("unmetEnergyPenaltyPerKwh", .number(unmetEnergyPenaltyPerKwh)),
            ("limitViolationPenaltyPerKwh", .number(limitViolationPenaltyPerKwh)),
        ]
        if tieBreak != .earliest { members.append(("tieBreak", .string(tieBreak.rawValue))) }
        members.append(("feeders", .array(feeders.map(\.json))))
        members.append(("sites", .array(sites.map(\.json))))
        members.append(("chargers", .array(chargers.map(\.json))))
        members.append(("sessions", .array(sessions.map(\.json))))
        return .object(members)
    }
}

extension Prices {
    var json: JSONValue { .object([("importPerKwh", importPerKwh.json), ("exportPerKwh", exportPerKwh.json)]) }
}

extension Feeder {
    var json: JSONValue {
        .object([("id", .string(id)), ("importLimitKw", importLimitKw?.json ?? .null), ("exportLimitKw", exportLimitKw.json)])
    }
}

extension Site {
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(id)), ("feederId", .string(feederId)),
            ("importLimitKw", importLimitKw?.json ?? .null), ("exportLimitKw", exportLimitKw.json),
            ("baseLoadKw", baseLoadKw.json), ("pvKw", pvKw.json),
        ]
        if let prices { members.append(("prices", prices.json)) }
        members.append(("demandChargePerKw", .number(demandChargePerKw)))
        members.append(("timeZone", .string(timeZone)))
        return .object(members)
    }
}

extension Charger {
    var json: JSONValue {
        .object([
            ("id", .string(id)), ("siteId", .string(siteId)), ("evseId", .integer(evseId)),
            ("maxChargeKw", .number(maxChargeKw)), ("maxDischargeKw", .number(maxDischargeKw)),
            ("chargeEfficiency", .number(chargeEfficiency)), ("dischargeEfficiency", .number(dischargeEfficiency)),
        ])
    }
}

extension Session {
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .string(id)), ("chargerId", .string(chargerId))]
        if let transactionId { members.append(("transactionId", .string(transactionId))) }
        members += [
            ("arrival", .string(arrival.description)), ("departure", .string(departure.description)),
            ("batteryKwh", .number(batteryKwh)), ("initialKwh", .number(initialKwh)), ("targetKwh", .number(targetKwh)),
            ("minKwh", .number(minKwh)),
        ]
        if let maxChargeKw { members.append(("maxChargeKw", .number(maxChargeKw))) }
        if let maxDischargeKw { members.append(("maxDischargeKw", .number(maxDischargeKw))) }
        members.append(("v2g", .bool(v2g)))
        return .object(members)
    }
}
