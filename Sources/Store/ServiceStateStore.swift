public import ChargeShareDomain

// The stores of migration `v4-service-state` (docs/telemetry.md): what the service (issue 13)
// and forecasting (issue 14) read and write. Values are plain Swift types, so a PostgreSQL
// backend can implement the same protocols. Every write is all or nothing.

/// Live sessions, as ingest keeps them (`sessions` of `v2-telemetry`).
public protocol SessionStateStore {
    /// Sessions that may matter to the window [`from`, `to`): started before `to` and not ended
    /// before `from` (ended ones included, so that a caller can say why it leaves them out),
    /// sorted by station, EVSE and start.
    func sessions(overlappingFrom from: Timestamp, to: Timestamp) throws(StoreError) -> [SessionState]
}

/// Energy prices by series (a market such as `nl-day-ahead`, or a site's supplier tariff).
public protocol PriceStore {
    /// Inserts or replaces the points of `series` by start. A point may not overlap another of
    /// the series with a different start (`StoreError.invalidValue`), nor have an export price
    /// above its import price.
    /// - Returns: how many points were inserted, replaced or already stored as given.
    func upsertPrices(series: String, _ points: [PricePoint]) throws(StoreError) -> UpsertCounts
    /// The points of `series` overlapping [`from`, `to`), by start.
    func prices(series: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [PricePoint]
}

/// Utility limits (OpenADR 3 capacity-limit events, or a co-op's manual caps) by id.
public protocol UtilityLimitStore {
    /// Inserts the limit or, when its id is stored, replaces it (keeping the stored `created`).
    /// - Throws: `StoreError.unknownReference` when its feeder is not registered,
    ///   `.invalidValue` when the span is empty or the value negative or not finite, `.conflict`
    ///   when the stored row derives from an OpenADR event (`OpenADRStore` owns those rows).
    func upsertUtilityLimit(_ limit: UtilityLimit) throws(StoreError) -> UpsertCounts
    /// Removes the limit with this id; `false` when there was none.
    /// - Throws: `.conflict` when the row derives from an OpenADR event (change the event instead).
    func deleteUtilityLimit(id: String) throws(StoreError) -> Bool
    /// The limits of `feederIds` whose span overlaps [`from`, `to`), by feeder, start and id.
    func utilityLimits(feederIds: [String], from: Timestamp, to: Timestamp) throws(StoreError) -> [UtilityLimit]
}

/// Dispatch windows: the problem assembled, and once solved its result.
public protocol DispatchRecordStore {
    /// Stores a problem under its window id. The same id with the same problem text is stored
    /// once (returns `false` the second time); with another text it is `StoreError.duplicate`.
    /// - Throws: `.unknownReference` when one of its feeders is not registered; `.invalidValue`
    ///   without a feeder, with its end not after its start, or longer than the longest window
    ///   the contract allows (`SQLiteStore.longestWindowMs`).
    func insertProblem(_ record: DispatchProblemRecord) throws(StoreError) -> Bool
    /// Records the outcome of a stored window (replacing an earlier outcome).
    /// - Throws: `StoreError.notFound` when no problem is stored under `windowId`.
    func recordResult(windowId: String, _ outcome: DispatchOutcome) throws(StoreError)
    /// The window stored under `windowId`, if any.
    func dispatchRecord(windowId: String) throws(StoreError) -> DispatchRecord?
    /// Windows of `feederId` overlapping [`from`, `to`), by start then id.
    func dispatchRecords(feederId: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [DispatchRecord]
    /// The solved window of `feederId` (status optimal or optimal with violations) that started
    /// last before `time` and still covers it, if any: the plan a warm start begins from. Only the
    /// feeder's `SQLiteStore.warmStartCandidates` latest windows started before `time` are
    /// considered (newer unsolved or shorter windows can hide an older one: then `nil`).
    func latestSolvedWindow(feederId: String, covering time: Timestamp) throws(StoreError) -> DispatchRecord?
}

/// Signed tariff tables per site and version (docs/tariff-envelope.md).
public protocol TariffStore {
    /// Stores a version; the same (site, version) and envelope again returns `false`, another
    /// envelope is `StoreError.duplicate`.
    /// - Throws: `.unknownReference` when the site is not registered.
    func insertTariff(_ tariff: StoredTariff) throws(StoreError) -> Bool
    /// The versions of `siteId` valid at some time in [`from`, `to`), by version.
    func tariffs(siteId: String, from: Timestamp, to: Timestamp) throws(StoreError) -> [StoredTariff]
    /// The highest version of `siteId` valid at `time`, if any.
    func currentTariff(siteId: String, at time: Timestamp) throws(StoreError) -> StoredTariff?
    /// The highest version of `siteId` whatever its validity (the one a new version follows), if any.
    func latestTariff(siteId: String) throws(StoreError) -> StoredTariff?
}

/// Trained models (departure, load, price forecasters) by name and version; at most one active
/// version per name.
public protocol ModelRegistryStore {
    /// Registers a version (inactive unless `active`, which deactivates the others of the name).
    /// - Throws: `StoreError.duplicate` when (name, version) is stored.
    func registerModel(_ model: ModelRecord) throws(StoreError)
    /// Makes one version the active one of its name, in one transaction.
    /// - Throws: `StoreError.notFound` when it is not registered.
    func activateModel(name: String, version: String) throws(StoreError)
    /// The active version of `name`, if any.
    func activeModel(name: String) throws(StoreError) -> ModelRecord?
    /// Every version of every model of `kind` (all kinds when `nil`), by name then creation.
    func models(kind: String?) throws(StoreError) -> [ModelRecord]
}

/// What an upsert did.
public struct UpsertCounts: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// A utility's capacity limit on a feeder, as OpenADR 3 sends it.
public struct UtilityLimit: Sendable, Equatable {
    /// OpenADR's two capacity-limit payload types.
    public enum Kind: String, Sendable, CaseIterable {
        case importCapacity = "IMPORT_CAPACITY_LIMIT"
        case exportCapacity = "EXPORT_CAPACITY_LIMIT"
    }

    /// The event's (or interval's) id: the upsert key.
    public var id: String
    public var feederId: String
    public var kind: Kind
    /// Span [start, end).
    public var start: Timestamp
    public var end: Timestamp
    /// OpenADR priority (0 highest; `nil` = none, the lowest precedence): dispatch resolves
    /// overlapping limits by it (`GridLimit.effective`).
    public var priority: Int?
    /// The cap, kW.
    public var valueKw: Double
    /// Where it came from (a VEN, an operator), for audit.
    public var source: String
    public var created: Timestamp
    public var modified: Timestamp

    public init(
        id: String, feederId: String, kind: Kind, start: Timestamp, end: Timestamp, priority: Int? = 0, valueKw: Double, source: String,
        created: Timestamp, modified: Timestamp? = nil
    ) {
        self.id = id
        self.feederId = feederId
        self.kind = kind
        self.start = start
        self.end = end
        self.priority = priority
        self.valueKw = valueKw
        self.source = source
        self.created = created
        self.modified = modified ?? created
    }

    /// The limit as dispatch applies it (`GridLimit.effective`), with its priority.
    public var gridLimit: GridLimit {
        GridLimit(
            feederId: feederId, start: start, end: end, importLimitKw: kind == .importCapacity ? valueKw : nil,
            exportLimitKw: kind == .exportCapacity ? valueKw : nil, priority: priority, source: "\(source):\(id)")
    }
}

/// A dispatch window's problem, as stored before it is solved.
public struct DispatchProblemRecord: Sendable, Equatable {
    public var windowId: String
    /// Feeders the problem covers (at least one, each registered).
    public var feederIds: [String]
    /// The window [start, end).
    public var start: Timestamp
    public var end: Timestamp
    public var created: Timestamp
    /// The problem JSON (the contract's request).
    public var problemJSON: String
    /// Lowercase hex SHA-256 of the request the window was created from (`v8-cloud-dispatch`;
    /// docs/cloud-dispatch.md), or `nil` when it was stored without one (e.g. by the CLI).
    public var requestDigest: String?

    public init(
        windowId: String, feederIds: [String], start: Timestamp, end: Timestamp, created: Timestamp, problemJSON: String,
        requestDigest: String? = nil
    ) {
        self.windowId = windowId
        self.feederIds = feederIds
        self.start = start
        self.end = end
        self.created = created
        self.problemJSON = problemJSON
        self.requestDigest = requestDigest
    }
}

/// What solving a window gave.
public struct DispatchOutcome: Sendable, Equatable {
    /// `optimal`, `optimalWithViolations` (the contract's), or `failed`.
    public var status: String
    /// The result JSON, or `nil` when the solve failed.
    public var resultJSON: String?
    /// The objective's total, when solved.
    public var objective: Double?
    public var solveMilliseconds: Double?

    public init(status: String, resultJSON: String?, objective: Double?, solveMilliseconds: Double?) {
        self.status = status
        self.resultJSON = resultJSON
        self.objective = objective
        self.solveMilliseconds = solveMilliseconds
    }
}

/// A stored window: its problem and, once recorded, its outcome (`nil` while pending).
public struct DispatchRecord: Sendable, Equatable {
    public var problem: DispatchProblemRecord
    public var outcome: DispatchOutcome?
    /// Why the window is stale, or `nil`: set when an OpenADR event write changed a utility limit
    /// overlapping the window on one of its feeders after it was stored (`OpenADRStore`). A stale
    /// window's problem no longer has the limits dispatch would use; assemble a new window.
    public var staleReason: String?

    public init(problem: DispatchProblemRecord, outcome: DispatchOutcome?, staleReason: String? = nil) {
        self.problem = problem
        self.outcome = outcome
        self.staleReason = staleReason
    }
}

/// One version of a site's signed tariff table.
public struct StoredTariff: Sendable, Equatable {
    public var siteId: String
    /// 1, 2, …: a later version supersedes an earlier one where both are valid.
    public var version: Int
    public var validFrom: Timestamp
    /// End of validity (exclusive); `nil` = until superseded.
    public var validUntil: Timestamp?
    /// The signed envelope (compact JWS text), exactly as published.
    public var envelope: String
    public var created: Timestamp

    public init(siteId: String, version: Int, validFrom: Timestamp, validUntil: Timestamp?, envelope: String, created: Timestamp) {
        self.siteId = siteId
        self.version = version
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.envelope = envelope
        self.created = created
    }
}

/// One trained model version.
public struct ModelRecord: Sendable, Equatable {
    /// Where the model's bytes are.
    public enum Artifact: Sendable, Equatable {
        /// A file path (relative to the models directory, or absolute).
        case path(String)
        /// The bytes themselves.
        case blob([UInt8])
    }

    public var name: String
    /// e.g. `departure`, `load`, `price`.
    public var kind: String
    public var version: String
    public var created: Timestamp
    public var artifact: Artifact
    /// Evaluation metrics as a JSON object text, e.g. `{"maeMinutes": 41.2}`.
    public var metricsJSON: String
    /// Span of the data it was trained on, [from, to).
    public var trainedFrom: Timestamp
    public var trainedTo: Timestamp
    public var active: Bool

    public init(
        name: String, kind: String, version: String, created: Timestamp, artifact: Artifact, metricsJSON: String = "{}",
        trainedFrom: Timestamp, trainedTo: Timestamp, active: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.version = version
        self.created = created
        self.artifact = artifact
        self.metricsJSON = metricsJSON
        self.trainedFrom = trainedFrom
        self.trainedTo = trainedTo
        self.active = active
    }
}
