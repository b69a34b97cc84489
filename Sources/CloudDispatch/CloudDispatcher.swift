public import ChargeShareDomain
public import DispatchOptimizer
public import Scheduling
import Store
public import TariffPublishing

/// The cloud dispatch logic behind `POST /v1/dispatch` and `GET /v1/dispatch/{windowId}`
/// (docs/cloud-dispatch.md): reads either body, honours the utility limits the store holds,
/// solves with the production `Dispatcher`, keeps problem and result in the store, is idempotent
/// by window id, and hands each site's signed tariff table to `TariffDistribution`.
///
/// Synchronous and thread-safe: call it from any task or thread (solving blocks the caller).
public final class CloudDispatcher: Sendable {
    /// Service settings.
    public struct Settings: Sendable {
        /// How windows are solved (time limit, LP method).
        public var dispatch: DispatchOptions
        /// What assembly assumes for sessions whose EV said nothing.
        public var liveDefaults: ProblemAssembly.LiveDefaults
        /// The stored price series an assembly body uses when it names none and gives no prices.
        public var priceSeries: String
        /// The expected sessions, by site id, of an assembly window starting at the given instant
        /// (from the sites' demand models: `serve`'s `demandModels`); `nil` = none. They join the
        /// problem as `expected:` sessions; their charging profiles are never returned or stored,
        /// and their virtual sites get no tariff table.
        public var expectedSessions: (@Sendable (Timestamp) -> [String: [ExpectedSession]])?

        public init(
            dispatch: DispatchOptions = DispatchOptions(), liveDefaults: ProblemAssembly.LiveDefaults = ProblemAssembly.LiveDefaults(),
            priceSeries: String = "default", expectedSessions: (@Sendable (Timestamp) -> [String: [ExpectedSession]])? = nil
        ) {
            self.dispatch = dispatch
            self.liveDefaults = liveDefaults
            self.priceSeries = priceSeries
            self.expectedSessions = expectedSessions
        }
    }

    let store: any CloudStore
    let clock: any WallClock
    let settings: Settings
    /// Where tables go after a dispatch; `nil` when no key store was given.
    public let tariffs: TariffDistribution?
    private let locks = WindowLocks()
    /// The optimal bases of the latest windows solved here, for the next windows' warm starts.
    let bases = BasisCache()

    /// - Parameters:
    ///   - store: the engine database (`SQLiteStore(path:schema: .engine)`).
    ///   - clock: the time of day (window creation, tariff issue times).
    ///   - keys: the key store directory that signs tariff tables (`chargeshare keys generate`);
    ///     `nil` publishes no tables.
    ///   - publisher: where tables go to edges (`MQTTTariffPublisher`); `nil` only stores them.
    public init(
        store: any CloudStore, clock: any WallClock, keys: String?, publisher: (any TariffMessagePublisher)?, settings: Settings = Settings()
    ) {
        self.store = store
        self.clock = clock
        self.settings = settings
        tariffs = keys.map { TariffDistribution(store: store, keys: KeyStore(directory: $0), publisher: publisher, clock: clock) }
    }

    /// Dispatches one window from a request body: a full `DispatchProblem`, or an assembly request
    /// `{windowId, start, intervals, intervalMinutes, feeders: [ids], prices?}`.
    ///
    /// The same body again returns the stored result (`.replayed`, the same bytes); a window left
    /// pending by a crash, or failed, is solved again from its stored problem (`.created`).
    /// - Throws: `CloudDispatchError`; its `kind` says malformed, invalid, conflict or failed.
    public func dispatch(body bytes: [UInt8]) throws(CloudDispatchError) -> DispatchResponse {
        let body = try DispatchBody.read(bytes)
        return try locks.with(body.windowId) { () throws(CloudDispatchError) -> DispatchResponse in
            if let stored = try self.record(body.windowId) { return try resume(stored, body) }
            let problem = try effectiveProblem(body)
            let warmStart = previousPlan(problem)
            let prepared = try prepare(problem, warmStart: warmStart)  // a window too large to solve is refused before it is stored
            let newRecord = DispatchProblemRecord(
                windowId: problem.windowId, feederIds: problem.feeders.map(\.id), start: problem.start, end: problem.end, created: clock.now,
                problemJSON: JSONWriter().string(problem.json), requestDigest: body.digest)
            do {
                guard try store.insertProblem(newRecord) else {
                    // Stored in between by another process, with the same problem text.
                    guard let stored = try self.record(body.windowId) else { throw storeFailed("window vanished after it was stored") }
                    return try resume(stored, body)
                }
            } catch StoreError.duplicate {
                guard let stored = try self.record(body.windowId) else { throw storeFailed("window vanished after it was stored") }
                return try resume(stored, body)
            } catch let error as CloudDispatchError {
                throw error
            } catch {
                throw storeFailed("\(error)")
            }
            return try solve(problem, prepared: prepared, warmStart: warmStart)
        }
    }

    /// The window stored under `id`: problem, status, result; `nil` when there is none.
    public func window(id: String) throws(CloudDispatchError) -> DispatchWindow? {
        try record(id).map(DispatchWindow.init)
    }

    /// A stored window met again: a replay, a retry of a pending or failed one, or a conflict.
    private func resume(_ record: DispatchRecord, _ body: DispatchBody) throws(CloudDispatchError) -> DispatchResponse {
        let id = record.problem.windowId
        guard sameRequest(record, body) else {
            throw .conflict(
                windowId: id,
                message:
                    "window \(Displayed.quoted(id)) is stored with a different request\(record.problem.requestDigest == nil ? " (made outside the service)" : ""); use another window id"
            )
        }
        let problem: DispatchProblem
        do { problem = try ProblemReader.read(Array(record.problem.problemJSON.utf8)) } catch {
            throw .dispatchFailed(windowId: id, message: "the stored problem cannot be read: \(error.issues.first?.description ?? "")")
        }
        guard let outcome = record.outcome, outcome.status != "failed", let result = outcome.resultJSON else {
            return try solve(problem, prepared: nil, warmStart: previousPlan(problem))
        }
        var published: [TariffPublication] = []
        if let tariffs, let flows = try? FlowsReader.read(Array(result.utf8), for: problem) {
            published = tariffs.ensurePublished(problem: problem, flows: flows)
        }
        return DispatchResponse(status: .replayed, windowId: id, resultJSON: Array(result.utf8), tariffs: published)
    }

    /// Same request digest; for a window stored without one, the same problem text.
    private func sameRequest(_ record: DispatchRecord, _ body: DispatchBody) -> Bool {
        if let digest = record.problem.requestDigest { return digest == body.digest }
        guard case .problem(let p) = body.request else { return false }
        return record.problem.problemJSON == JSONWriter().string(p.json)
    }

    /// The problem's LPs, built; a window above the dispatcher's size limit is the caller's error.
    private func prepare(_ problem: DispatchProblem, warmStart: WarmStart?) throws(CloudDispatchError) -> PreparedDispatch {
        do { return try Dispatcher(options: settings.dispatch).prepare(problem, warmStart: warmStart) } catch {
            if case .problemTooLarge = error { throw .invalidBody([ValidationIssue(path: "$", message: "\(error)")]) }
            throw .dispatchFailed(windowId: problem.windowId, message: "\(error)")
        }
    }

    /// Solves a stored problem (prepared already, or now), records the outcome and publishes the tables.
    private func solve(_ problem: DispatchProblem, prepared: PreparedDispatch?, warmStart: WarmStart?) throws(CloudDispatchError) -> DispatchResponse
    {
        let started = ContinuousClock.now
        // A window prepared before it was stored (its size check, and a coarse start's coarser
        // solves) counts that time too, as one prepared here does.
        let preparedBefore = (prepared?.preparationSeconds ?? 0) * 1000
        func milliseconds() -> Double {
            let d = ContinuousClock.now - started
            return preparedBefore + Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }
        var result: DispatchResult
        do throws(DispatchError) {
            let dispatcher = Dispatcher(options: settings.dispatch)
            let models: PreparedDispatch
            if let prepared { models = prepared } else { models = try dispatcher.prepare(problem, warmStart: warmStart) }
            let next: WarmStart
            (result, next) = try dispatcher.solveRolling(models)
            if let basis = next.basis { bases.store(basis, windowId: problem.windowId) }
        } catch {
            try? store.recordResult(
                windowId: problem.windowId, DispatchOutcome(status: "failed", resultJSON: nil, objective: nil, solveMilliseconds: milliseconds()))
            if case .problemTooLarge = error { throw .invalidBody([ValidationIssue(path: "$", message: "\(error)")]) }
            throw .dispatchFailed(windowId: problem.windowId, message: "\(error)")
        }
        // Expected sessions only hold capacity: no charger may ever receive their profiles.
        result.chargingProfiles.removeAll { ExpectedSession.isExpected($0.sessionId) }
        let text = JSONWriter().string(result.json)
        do {
            try store.recordResult(
                windowId: problem.windowId,
                DispatchOutcome(
                    status: result.status.rawValue, resultJSON: text, objective: result.objective.total, solveMilliseconds: milliseconds()))
        } catch {
            throw storeFailed("\(error)")
        }
        let published = tariffs?.publish(problem: problem, flows: DispatchFlows(result)) ?? []
        return DispatchResponse(status: .created, windowId: problem.windowId, resultJSON: Array(text.utf8), tariffs: published)
    }

    /// The plan of the latest solved window of the same feeders that started before `problem` and
    /// still covers its start (docs/dispatch-model.md, "Warm starts"), with its optimal bases when
    /// this process solved it and still holds them (`BasisCache`), or `nil`. A warm start only
    /// shortens the solve, so a store or parse failure here just means a cold start.
    func previousPlan(_ problem: DispatchProblem) -> WarmStart? {
        let solver = settings.dispatch.solver
        guard solver.startingBasis, !solver.presolve, solver.method != .interiorPoint else { return nil }
        let feeders = problem.feeders.map(\.id).sorted()
        guard let first = feeders.first,
            let record = try? store.latestSolvedWindow(feederId: first, covering: problem.start),
            record.problem.feederIds == feeders, let resultJSON = record.outcome?.resultJSON,
            let previous = try? ProblemReader.read(Array(record.problem.problemJSON.utf8)),
            let flows = try? FlowsReader.read(Array(resultJSON.utf8), for: previous)
        else { return nil }
        return WarmStart(previous: flows, basis: bases.basis(windowId: record.problem.windowId))
    }

    private func record(_ id: String) throws(CloudDispatchError) -> DispatchRecord? {
        do { return try store.dispatchRecord(windowId: id) } catch { throw storeFailed("\(error)") }
    }

    private func storeFailed(_ message: String) -> CloudDispatchError { .storeFailed(message: message) }
}
