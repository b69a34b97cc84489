public import ChargeShareDomain
import Foundation

extension DegradationSimulator {
    /// Writes the run's telemetry, one contract envelope (`spec/telemetry.md`) per call of
    /// `emit`, charger after charger, each charger's in time order: TransactionEvents
    /// (`Started`, `Ended`), MeterValues every 15 minutes while charging (`Current.Import`,
    /// `Voltage`, `Power.Active.Import`, `Power.Offered`, `Energy.Active.Import.Register`),
    /// NotifyEvent temperatures (connector `TemperatureSensor` at EVSE 1 and ambient
    /// `ExternalTemperatureSensor`) every 15 minutes while charging and hourly otherwise,
    /// NotifyEvent alerts, and `Faulted` at a failure. The same seed gives the same lines.
    public func writeTelemetry(_ emit: (String) throws -> Void) rethrows {
        let (units, sites) = draw()
        for (index, unit) in units.enumerated() {
            var g = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(index) &+ 1)
            var writer = EnvelopeWriter(stationId: unit.stationId)
            try simulate(unit, site: sites[unit.siteIndex], random: &g, writer: &writer, emit: emit)
        }
    }

    /// Five-minute steps of one charger over the run.
    private func simulate(
        _ unit: Unit, site: SiteClimate, random g: inout SeededGenerator, writer w: inout EnvelopeWriter, emit: (String) throws -> Void
    ) rethrows {
        let steps = days * 1440 / Self.stepMinutes
        let gaps = Self.windows(days: days, perDay: 0.01, hours: 2...12, random: &g)
        let dropouts = Self.windows(days: days, perDay: 0.03, hours: 6...72, random: &g)
        let stuckWindows = g.chance(0.05) ? Self.windows(days: days, perDay: 0.02, hours: 48...240, random: &g) : []
        let arrivals = Self.arrivals(days: days, perDay: unit.sessionsPerDay, random: &g)
        var nextArrival = 0
        var connector = Self.ambient(site, minute: 0)
        var stuck: Double?
        var session: (id: Int, remainingKwh: Double, carAmps: Double, derated: Bool)?
        var transactions = 0
        var registerWh = g.uniform(100_000, 2_000_000).rounded()
        let decay = 1 - exp(-Double(Self.stepMinutes) / unit.timeConstantMinutes)
        for step in 0..<steps {
            let minute = step * Self.stepMinutes
            let now = start.adding(milliseconds: Int64(minute) * 60_000)
            let ambient = Self.ambient(site, minute: minute)
            if let failure = unit.failure, now >= failure {
                if let s = session { try emit(w.ended(s.id, at: now, register: registerWh, reason: "Other", trigger: "AbnormalCondition")) }
                try emit(w.faulted(at: now))
                return
            }
            if session == nil, nextArrival < arrivals.count, arrivals[nextArrival] <= minute {
                nextArrival += 1
                transactions += 1
                session = (transactions, g.uniform(5, 35), g.chance(0.5) ? 16 : 32, false)
                try emit(w.started(transactions, at: now, register: registerWh))
            }
            var amps = 0.0, offered = 0.0
            if var s = session {
                offered = s.derated ? Self.chargerAmps / 2 : Self.chargerAmps
                amps = min(s.carAmps, offered)
                if s.remainingKwh < 2 { amps = max(6, amps * s.remainingKwh / 2) }
            }
            let ohm = Self.resistance(unit, at: now)
            let hour = Double(minute % 1440) / 60
            let sun = unit.solarGainC * max(0, sin(Double.pi * (hour - 6) / 12))
            connector += (ambient + sun + unit.thermalKPerW * amps * amps * ohm - connector) * decay
            let volts = 232 + 4 * sin(2 * Double.pi * Double(minute % 1440) / 1440) + g.normal(0, 1.2) - amps * (site.lineOhm + ohm)
            let lost = gaps.contains { $0.contains(minute) }
            let sensorOut = dropouts.contains { $0.contains(minute) }
            let stuckNow = stuckWindows.contains { $0.contains(minute) }
            if !stuckNow { stuck = nil }
            if var s = session {
                let wh = volts * amps * Double(Self.stepMinutes) / 60
                registerWh += wh
                s.remainingKwh -= wh / 1000
                if connector >= 70, !s.derated {
                    s.derated = true
                    if !lost { try emit(w.alert(at: now, component: "Connector", evse: true)) }
                } else if connector < 60 {
                    s.derated = false
                }
                session = s
                let reading = (connector + unit.sensorOffset + g.normal(0, unit.sensorNoise)) * 10
                if minute % 15 == 0, !lost {
                    try emit(w.meterValues(at: now, amps: amps, volts: volts, offeredAmps: offered, register: registerWh))
                    if !sensorOut {
                        if stuckNow, stuck == nil { stuck = reading.rounded() / 10 }
                        try emit(w.temperatures(at: now, connector: stuck ?? reading.rounded() / 10, ambient: ambient + g.normal(0, 0.3)))
                    }
                }
                if connector >= 90 {
                    try emit(w.ended(s.id, at: now, register: registerWh, reason: "Other", trigger: "AbnormalCondition"))
                    session = nil
                } else if s.remainingKwh <= 0 {
                    try emit(w.ended(s.id, at: now, register: registerWh, reason: "EVDisconnected", trigger: "EVDeparted"))
                    session = nil
                } else if g.chance(0.0005 + 0.002 * max(0, ohm / unit.baseOhm - 1.5)) {
                    if !lost { try emit(w.alert(at: now, component: "EVSE", evse: true)) }
                    try emit(w.ended(s.id, at: now, register: registerWh, reason: "PowerQuality", trigger: "AbnormalCondition"))
                    session = nil
                }
            } else if minute % 60 == 0, !lost, !sensorOut {
                let reading = ((connector + unit.sensorOffset + g.normal(0, unit.sensorNoise)) * 10).rounded() / 10
                if stuckNow, stuck == nil { stuck = reading }
                try emit(w.temperatures(at: now, connector: stuck ?? reading, ambient: ambient + g.normal(0, 0.3)))
            }
            if minute % 1440 == 720, g.chance(0.01), !lost { try emit(w.alert(at: now, component: "ChargingStation", evse: false)) }
            if g.chance(0.000_02) { try emit(w.repeatLast()) }
        }
        if let s = session {
            try emit(
                w.ended(
                    s.id, at: start.adding(milliseconds: Int64(days) * 86_400_000), register: registerWh, reason: "Local", trigger: "StopAuthorized"))
        }
    }

    /// Random windows of minutes: about `perDay` a day, each lasting a number of hours in `hours`.
    static func windows(days: Int, perDay: Double, hours: ClosedRange<Int>, random g: inout SeededGenerator) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for day in 0..<days where g.chance(perDay) {
            let from = day * 1440 + Int(g.uniform(0, 1440))
            out.append(from..<(from + Int(g.uniform(Double(hours.lowerBound), Double(hours.upperBound + 1))) * 60))
        }
        return out
    }

    /// Plug-in minutes of one charger: evenings mostly, some daytime, `perDay` on average.
    static func arrivals(days: Int, perDay: Double, random g: inout SeededGenerator) -> [Int] {
        var out: [Int] = []
        for day in 0..<days {
            var count = perDay >= 1 ? 1 : 0
            if g.chance(perDay - Double(count)) { count += 1 }
            for k in 0..<count {
                let hour = k == 0 && g.chance(0.7) ? g.normal(18.5, 2) : g.normal(11, 2)
                out.append(day * 1440 + Int(min(23.5, max(5, hour)) * 60))
            }
        }
        return out.sorted()
    }
}

/// Turns one charger's events into contract envelopes (compact JSON lines).
struct EnvelopeWriter {
    let stationId: String
    var count = 0
    var seqNo = 0
    var last = ""

    init(stationId: String) { self.stationId = stationId }

    private mutating func envelope(_ action: String, evseId: Int, at time: Timestamp, payload: [(String, JSONValue)]) -> String {
        count += 1
        last = JSONWriter().string(
            .object([
                ("messageId", .string("\(stationId)-\(count)")), ("stationId", .string(stationId)), ("evseId", .integer(evseId)),
                ("recordedAt", .string(time.rfc3339Seconds)), ("action", .string(action)), ("payload", .object(payload)),
            ]))
        return last
    }

    /// The last line again: a duplicate the ingester must count once.
    func repeatLast() -> String { last }

    private static let evse: JSONValue = .object([("id", .integer(1)), ("connectorId", .integer(1))])

    private static func sample(_ value: Double, _ measurand: String, _ unit: String, phase: String? = nil) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("value", .number((value * 10).rounded() / 10)), ("measurand", .string(measurand))]
        if let phase { members.append(("phase", .string(phase))) }
        members.append(("unitOfMeasure", .object([("unit", .string(unit))])))
        return .object(members)
    }

    private mutating func transaction(
        _ id: Int, _ type: String, at time: Timestamp, register: Double, trigger: String, extra: [(String, JSONValue)] = []
    ) -> String {
        seqNo += 1
        var info: [(key: String, value: JSONValue)] = [("transactionId", .string("T\(id)"))]
        info.append(contentsOf: extra.map { (key: $0.0, value: $0.1) })
        return envelope(
            "TransactionEvent", evseId: 1, at: time,
            payload: [
                ("eventType", .string(type)), ("timestamp", .string(time.rfc3339Seconds)), ("triggerReason", .string(trigger)),
                ("seqNo", .integer(seqNo)), ("transactionInfo", .object(info)), ("evse", Self.evse),
                (
                    "meterValue",
                    .array([
                        .object([
                            ("timestamp", .string(time.rfc3339Seconds)),
                            ("sampledValue", .array([Self.sample(register, "Energy.Active.Import.Register", "Wh")])),
                        ])
                    ])
                ),
            ])
    }

    mutating func started(_ id: Int, at time: Timestamp, register: Double) -> String {
        transaction(id, "Started", at: time, register: register, trigger: "CablePluggedIn", extra: [("chargingState", .string("Charging"))])
    }

    mutating func ended(_ id: Int, at time: Timestamp, register: Double, reason: String, trigger: String) -> String {
        transaction(id, "Ended", at: time, register: register, trigger: trigger, extra: [("stoppedReason", .string(reason))])
    }

    mutating func meterValues(at time: Timestamp, amps: Double, volts: Double, offeredAmps: Double, register: Double) -> String {
        envelope(
            "MeterValues", evseId: 1, at: time,
            payload: [
                ("evseId", .integer(1)),
                (
                    "meterValue",
                    .array([
                        .object([
                            ("timestamp", .string(time.rfc3339Seconds)),
                            (
                                "sampledValue",
                                .array([
                                    Self.sample(amps, "Current.Import", "A", phase: "L1"), Self.sample(volts, "Voltage", "V", phase: "L1-N"),
                                    Self.sample(amps * volts, "Power.Active.Import", "W"),
                                    Self.sample(offeredAmps * DegradationSimulator.nominalVolts, "Power.Offered", "W"),
                                    Self.sample(register, "Energy.Active.Import.Register", "Wh"),
                                ])
                            ),
                        ])
                    ])
                ),
            ])
    }

    private static func event(_ id: Int, at time: Timestamp, trigger: String, value: String, component: JSONValue, variable: String) -> JSONValue {
        .object([
            ("eventId", .integer(id)), ("timestamp", .string(time.rfc3339Seconds)), ("trigger", .string(trigger)),
            ("actualValue", .string(value)), ("eventNotificationType", .string("HardWiredMonitor")), ("component", component),
            ("variable", .object([("name", .string(variable))])),
        ])
    }

    mutating func temperatures(at time: Timestamp, connector: Double, ambient: Double) -> String {
        let text = { (v: Double) in String(format: "%.1f", v) }
        return envelope(
            "NotifyEvent", evseId: 0, at: time,
            payload: [
                ("generatedAt", .string(time.rfc3339Seconds)), ("seqNo", .integer(0)),
                (
                    "eventData",
                    .array([
                        Self.event(
                            1, at: time, trigger: "Periodic", value: text(connector),
                            component: .object([("name", .string("TemperatureSensor")), ("evse", Self.evse)]), variable: "Temperature"),
                        Self.event(
                            2, at: time, trigger: "Periodic", value: text(ambient),
                            component: .object([("name", .string("ExternalTemperatureSensor"))]), variable: "Temperature"),
                    ])
                ),
            ])
    }

    mutating func alert(at time: Timestamp, component: String, evse: Bool) -> String {
        var c: [(key: String, value: JSONValue)] = [("name", .string(component))]
        if evse { c.append(("evse", Self.evse)) }
        return envelope(
            "NotifyEvent", evseId: evse ? 1 : 0, at: time,
            payload: [
                ("generatedAt", .string(time.rfc3339Seconds)), ("seqNo", .integer(0)),
                ("eventData", .array([Self.event(1, at: time, trigger: "Alerting", value: "true", component: .object(c), variable: "Problem")])),
            ])
    }

    mutating func faulted(at time: Timestamp) -> String {
        envelope(
            "StatusNotification", evseId: 1, at: time,
            payload: [
                ("timestamp", .string(time.rfc3339Seconds)), ("connectorStatus", .string("Faulted")), ("evseId", .integer(1)),
                ("connectorId", .integer(1)),
            ])
    }
}
