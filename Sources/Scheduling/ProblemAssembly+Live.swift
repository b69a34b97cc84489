public import ChargeShareDomain

extension ProblemAssembly {
    /// What is assumed for a session whose EV did not say (docs/telemetry.md, "Problem assembly").
    public struct LiveDefaults: Sendable, Equatable {
        /// Energy wanted over the whole session, kWh (battery side), when no NotifyEVChargingNeeds
        /// gave an `energyAmount`.
        public var targetKwh: Double
        /// Hours a car stays after plugging in, when no `departureTime` was given.
        public var dwellHours: Double

        public init(targetKwh: Double = 20, dwellHours: Double = 8) {
            self.targetKwh = targetKwh
            self.dwellHours = dwellHours
        }
    }

    /// A note about one stored session: a default applied, or why it was left out.
    public struct SessionNote: Sendable, Equatable, CustomStringConvertible {
        /// The session's id in the problem: `stationId/transactionId`.
        public var sessionId: String
        public var message: String

        public init(sessionId: String, message: String) {
            self.sessionId = sessionId
            self.message = message
        }

        public var description: String { "session \(Displayed.quoted(sessionId)): \(message)" }
    }

    /// A problem assembled from the engine's state, with what was assumed and what was left out.
    public struct LiveProblem: Sendable, Equatable {
        public var problem: DispatchProblem
        /// Defaults applied, per session, in session order.
        public var warnings: [SessionNote]
        /// Stored sessions left out, each with its reason.
        public var excluded: [SessionNote]
        /// Chargers of the problem's feeders capped or taken out of service, by charger id.
        public var derated: [ChargerCap] = []
    }

    /// A cap on one charger from a maintenance alert (docs/maintenance.md): its charge and
    /// discharge power at most `maxKw`; 0 takes it out of service (left out of the problem with
    /// its sessions).
    public struct ChargerCap: Sendable, Equatable {
        public var chargerId: String
        public var maxKw: Double
        /// Why, for the operator and the host (the risk and its main features).
        public var reason: String

        public init(chargerId: String, maxKw: Double, reason: String) {
            self.chargerId = chargerId
            self.maxKw = maxKw
            self.reason = reason
        }
    }

    /// Why a live problem cannot be assembled.
    public enum AssemblyError: Error, Equatable, CustomStringConvertible {
        /// Feeder ids the registry does not hold.
        case unknownFeeders([String])

        public var description: String {
            switch self {
            case .unknownFeeders(let ids): "unknown feeder(s) \(ids.map { Displayed.quoted($0) }.joined(separator: ", ")) (not in the registry)"
            }
        }
    }

    /// The problem of the feeders `feederIds` from the registry and the sessions the store holds,
    /// through the same core (`problem`) as the scheduling site model's windows.
    ///
    /// A stored session is left out (with its reason in `excluded`) when it has ended, when its
    /// station and EVSE are not in the registry, when its charger is on another feeder, when its
    /// departure is not after the window start, or when a later session started on the same
    /// charger (its `Ended` event never came). The others become contract sessions with id
    /// `stationId/transactionId`, arrival = start of the transaction, and energies on the
    /// session's own scale, battery side (η_c = the charger's charge efficiency):
    ///
    ///     initialKwh = η_c · energyWh / 1000              (what the battery got so far)
    ///     targetKwh  = targetWh / 1000, else defaults.targetKwh; = initialKwh when SoC ≥ 100 %
    ///     batteryKwh = max(targetKwh, initialKwh, 1e-6)   (never charge past the target)
    ///
    /// A missing departure becomes max(arrival + defaults.dwellHours, end of the window's first
    /// interval). Each default applied is a warning.
    ///
    /// `caps` (maintenance alerts) lower a charger's charge and discharge power; a cap of 0
    /// leaves the charger out, and the sessions on it are excluded with the cap's reason.
    /// - Throws: `AssemblyError.unknownFeeders` when a requested feeder is not registered.
    ///
    /// `expected` (by site id, from a demand model: `ExpectedSessionForecaster`) adds the sessions
    /// still to arrive at the window start on those sites as virtual chargers and sessions
    /// (`withExpected`); they carry `expected:` ids and must never be sent to a charger.
    public static func live(
        _ terms: WindowTerms, registry full: Registry, feederIds: [String], sessions states: [SessionState], limits: [GridLimit],
        defaults: LiveDefaults = LiveDefaults(), caps: [ChargerCap] = [], expected: [String: [ExpectedSession]] = [:],
        expectedTerms: ExpectedSessionTerms = ExpectedSessionTerms()
    ) throws(AssemblyError) -> LiveProblem {
        let (registry, outOfService, derated) = capped(full, caps: caps, feederIds: feederIds)
        let known = Set(registry.feeders.map(\.id))
        let unknown = feederIds.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw .unknownFeeders(unknown) }
        let wanted = Set(feederIds)
        let feederOfSite = Dictionary(registry.sites.map { ($0.id, $0.feederId) }, uniquingKeysWith: { a, _ in a })
        let byEVSE = Dictionary(
            registry.chargers.map { (StationEVSE(stationId: $0.stationId, evseId: $0.charger.evseId), $0.charger) }, uniquingKeysWith: { a, _ in a })

        var excluded: [SessionNote] = []
        var candidates: [String: [(state: SessionState, charger: Charger)]] = [:]
        for s in states {
            let id = sessionId(s)
            if s.state == .ended {
                excluded.append(SessionNote(sessionId: id, message: "ended\(s.ended.map { " at \($0)" } ?? "")"))
            } else if let cap = outOfService[s.evse] {
                excluded.append(SessionNote(sessionId: id, message: "charger \(Displayed.quoted(cap.chargerId)) is out of service: \(cap.reason)"))
            } else if let charger = byEVSE[s.evse] {
                let feeder = feederOfSite[charger.siteId] ?? ""
                if !wanted.contains(feeder) {
                    excluded.append(
                        SessionNote(
                            sessionId: id, message: "charger \(Displayed.quoted(charger.id)) is on feeder \(Displayed.quoted(feeder)), not requested")
                    )
                } else if let departure = s.departure, departure <= terms.start {
                    excluded.append(SessionNote(sessionId: id, message: "its departure \(departure) is not after the window start \(terms.start)"))
                } else {
                    candidates[charger.id, default: []].append((s, charger))
                }
            } else {
                excluded.append(
                    SessionNote(
                        sessionId: id, message: "station \(Displayed.quoted(s.stationId)) EVSE \(s.evseId) is not in the registry"))
            }
        }

        var built: [(session: Session, notes: [String])] = []
        for chargerId in candidates.keys.sorted() {
            let onCharger = candidates[chargerId, default: []].sorted {
                ($0.state.started, $0.state.transactionId) < ($1.state.started, $1.state.transactionId)
            }
            guard let (latest, charger) = onCharger.last else { continue }
            for (older, _) in onCharger.dropLast() {
                excluded.append(
                    SessionNote(
                        sessionId: sessionId(older),
                        message:
                            "session \(Displayed.quoted(sessionId(latest))) started later on charger \(Displayed.quoted(chargerId)) (no Ended event for this one)"
                    ))
            }
            built.append(contractSession(latest, charger: charger, terms: terms, defaults: defaults))
        }
        built.sort { $0.session.id < $1.session.id }
        let sessions = built.map(\.session)
        let warnings = built.flatMap { b in b.notes.map { SessionNote(sessionId: b.session.id, message: $0) } }
        excluded.sort { $0.sessionId < $1.sessionId }
        // Expected sessions are built on the capped registry, so a derated site plans with its derated chargers.
        let (network, all) = withExpected(expected, terms: terms, registry: registry, sessions: sessions, expectedTerms: expectedTerms)
        let problem = problem(terms, registry: network, feederIds: feederIds, limits: limits, sessions: all)
        return LiveProblem(problem: problem, warnings: warnings, excluded: excluded, derated: derated)
    }

    /// The registry with `caps` applied to the chargers of `feederIds`' sites: lowered powers,
    /// out-of-service chargers removed (returned by station and EVSE), and the caps applied.
    static func capped(_ registry: Registry, caps: [ChargerCap], feederIds: [String]) -> (Registry, [StationEVSE: ChargerCap], [ChargerCap]) {
        guard !caps.isEmpty else { return (registry, [:], []) }
        let byId = Dictionary(caps.map { ($0.chargerId, $0) }, uniquingKeysWith: { a, b in a.maxKw <= b.maxKw ? a : b })
        let wanted = Set(feederIds)
        let sites = Set(registry.sites.filter { wanted.contains($0.feederId) }.map(\.id))
        var out = registry
        var outOfService: [StationEVSE: ChargerCap] = [:]
        var applied: [ChargerCap] = []
        out.chargers = registry.chargers.compactMap { rc in
            guard sites.contains(rc.charger.siteId), let cap = byId[rc.charger.id] else { return rc }
            applied.append(cap)
            guard cap.maxKw > 0 else {
                outOfService[StationEVSE(stationId: rc.stationId, evseId: rc.charger.evseId)] = cap
                return nil
            }
            var c = rc
            c.charger.maxChargeKw = min(c.charger.maxChargeKw, cap.maxKw)
            c.charger.maxDischargeKw = min(c.charger.maxDischargeKw, cap.maxKw)
            return c
        }
        return (out, outOfService, applied.sorted { $0.chargerId < $1.chargerId })
    }

    /// `stationId/transactionId`: unique, since transaction ids are unique per station.
    static func sessionId(_ s: SessionState) -> String { "\(s.stationId)/\(s.transactionId)" }

    /// The contract session of a stored one, with a warning per default applied.
    static func contractSession(_ s: SessionState, charger: Charger, terms: WindowTerms, defaults: LiveDefaults) -> (Session, [String]) {
        var notes: [String] = []
        let dwellMs = Int64((defaults.dwellHours * 3_600_000).rounded())
        let firstIntervalEnd = terms.start.adding(milliseconds: Int64(terms.intervalMinutes) * 60_000)
        let assumed = max(s.started.adding(milliseconds: dwellMs), firstIntervalEnd)
        let departure: Timestamp
        if let stated = s.departure, s.started < stated {
            departure = stated
        } else {
            departure = assumed
            let why = s.departure.map { "its departure \($0) is not after its arrival \(s.started)" } ?? "no departure time from the EV"
            notes.append("\(why): assumed \(assumed) (arrival + \(defaults.dwellHours) h, at least the end of the first interval)")
        }
        let initialKwh = max(0, charger.chargeEfficiency * s.energyWh / 1000)
        var targetKwh: Double
        if let wh = s.targetWh {
            targetKwh = max(0, wh / 1000)
        } else {
            targetKwh = defaults.targetKwh
            notes.append("no energy amount from the EV: assumed \(defaults.targetKwh) kWh for the session")
        }
        if let soc = s.lastSocPercent, soc >= 100 {
            targetKwh = initialKwh
            notes.append("the EV reports \(soc) % state of charge: nothing more to deliver")
        }
        let session = Session(
            id: sessionId(s), chargerId: charger.id, transactionId: s.transactionId, arrival: s.started, departure: departure,
            batteryKwh: max(targetKwh, initialKwh, 1e-6), initialKwh: initialKwh, targetKwh: targetKwh)
        let dt = Int64(terms.intervalMinutes) * 60_000
        let first = ceilDivide(s.started.millisecondsSinceEpoch - terms.start.millisecondsSinceEpoch, dt)
        let last = floorDivide(departure.millisecondsSinceEpoch - terms.start.millisecondsSinceEpoch, dt)
        if min(last, Int64(terms.intervals)) <= max(first, 0) {
            notes.append("no whole interval of the window lies between its arrival and its departure \(departure): no power in this window")
        }
        return (session, notes)
    }
}

func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

func ceilDivide(_ a: Int64, _ b: Int64) -> Int64 { -floorDivide(-a, b) }
