/// The engine's answer for one dispatch window (`../shared/spec/dispatch.md` §3).
public struct DispatchResult: Sendable, Equatable {
    public enum Status: String, Sendable {
        case optimal
        /// Some limit violation is > 0 (forced by uncontrollable load; the minimum possible).
        case optimalWithViolations
    }

    /// Objective terms in the problem's currency; `total` is their signed sum. Tie-breaker excluded.
    public struct Objective: Sendable, Equatable {
        public var total: Double
        public var importCost: Double
        public var exportRevenue: Double
        public var demandCharges: Double
        public var degradationCost: Double
        public var unmetPenalty: Double
        public var violationPenalty: Double

        public init(
            importCost: Double, exportRevenue: Double, demandCharges: Double, degradationCost: Double,
            unmetPenalty: Double, violationPenalty: Double
        ) {
            self.importCost = importCost
            self.exportRevenue = exportRevenue
            self.demandCharges = demandCharges
            self.degradationCost = degradationCost
            self.unmetPenalty = unmetPenalty
            self.violationPenalty = violationPenalty
            total = importCost - exportRevenue + demandCharges + degradationCost + unmetPenalty + violationPenalty
        }
    }

    /// Netted flows at one service connection, kW per interval.
    public struct SiteFlows: Sendable, Equatable {
        public var id: String
        public var importKw: [Double]
        public var exportKw: [Double]
        public var curtailedPvKw: [Double]
        public var peakKw: Double
        public var limitViolationKw: [Double]

        public init(
            id: String, importKw: [Double], exportKw: [Double], curtailedPvKw: [Double], peakKw: Double,
            limitViolationKw: [Double]
        ) {
            self.id = id
            self.importKw = importKw
            self.exportKw = exportKw
            self.curtailedPvKw = curtailedPvKw
            self.peakKw = peakKw
            self.limitViolationKw = limitViolationKw
        }
    }

    /// One feeder's net flow and congestion price per interval.
    public struct FeederFlows: Sendable, Equatable {
        public var id: String
        public var netImportKw: [Double]
        public var limitViolationKw: [Double]
        /// Shadow price of the import limit, per kWh; 0 where it does not bind.
        public var congestionPricePerKwh: [Double]

        public init(id: String, netImportKw: [Double], limitViolationKw: [Double], congestionPricePerKwh: [Double]) {
            self.id = id
            self.netImportKw = netImportKw
            self.limitViolationKw = limitViolationKw
            self.congestionPricePerKwh = congestionPricePerKwh
        }
    }

    /// One session's schedule; arrays are 0 outside its usable intervals.
    public struct SessionSchedule: Sendable, Equatable {
        public var id: String
        public var chargerId: String
        public var chargeKw: [Double]
        public var dischargeKw: [Double]
        public var finalKwh: Double
        public var unmetKwh: Double

        public init(
            id: String, chargerId: String, chargeKw: [Double], dischargeKw: [Double], finalKwh: Double,
            unmetKwh: Double
        ) {
            self.id = id
            self.chargerId = chargerId
            self.chargeKw = chargeKw
            self.dischargeKw = dischargeKw
            self.finalKwh = finalKwh
            self.unmetKwh = unmetKwh
        }
    }

    /// What solved the window.
    public struct SolverInfo: Sendable, Equatable {
        public var name: String
        public var version: String
        public var method: String
        /// Wall time of building and solving all subproblems.
        public var seconds: Double
        public var rows: Int
        public var columns: Int
        public var nonzeros: Int
        public var mip: Bool
        /// Engine extension: simplex (or interior-point) iterations, summed over subproblems.
        public var iterations: Int
        /// Engine extension: independent LPs solved (one per feeder when decomposed).
        public var subproblems: Int
        /// Engine extension: sessions whose columns started from a previous window's plan (a warm
        /// start); the others started greedily or from a coarser solve (`coarseStartedSessions`).
        /// 0 for a cold start.
        public var warmStartedSessions: Int
        /// Engine extension: sessions whose columns started from the same window solved on longer
        /// intervals first (a coarse start, for large feeders solved cold).
        public var coarseStartedSessions: Int
        /// Engine extension: simplex iterations of those coarser solves (not in `iterations`).
        public var coarseIterations: Int
        /// Engine extension: subproblems whose simplex method began from the previous window's
        /// optimal basis (a warm start that carried it); 0 otherwise.
        public var basisStartedSubproblems: Int

        public init(
            name: String, version: String, method: String, seconds: Double, rows: Int, columns: Int,
            nonzeros: Int, mip: Bool, iterations: Int, subproblems: Int, warmStartedSessions: Int = 0,
            coarseStartedSessions: Int = 0, coarseIterations: Int = 0, basisStartedSubproblems: Int = 0
        ) {
            self.basisStartedSubproblems = basisStartedSubproblems
            self.warmStartedSessions = warmStartedSessions
            self.coarseStartedSessions = coarseStartedSessions
            self.coarseIterations = coarseIterations
            self.name = name
            self.version = version
            self.method = method
            self.seconds = seconds
            self.rows = rows
            self.columns = columns
            self.nonzeros = nonzeros
            self.mip = mip
            self.iterations = iterations
            self.subproblems = subproblems
        }
    }

    public var windowId: String
    public var start: Timestamp
    public var intervalMinutes: Int
    public var intervals: Int
    public var currency: String
    public var status: Status
    public var objective: Objective
    public var sites: [SiteFlows]
    public var feeders: [FeederFlows]
    public var sessions: [SessionSchedule]
    public var chargingProfiles: [ChargingProfile]
    public var solver: SolverInfo
    /// Engine extension: notes for the operator (e.g. a profile that had to be shortened).
    public var warnings: [String]

    public init(
        windowId: String, start: Timestamp, intervalMinutes: Int, intervals: Int, currency: String, status: Status,
        objective: Objective, sites: [SiteFlows], feeders: [FeederFlows], sessions: [SessionSchedule],
        chargingProfiles: [ChargingProfile], solver: SolverInfo, warnings: [String] = []
    ) {
        self.windowId = windowId
        self.start = start
        self.intervalMinutes = intervalMinutes
        self.intervals = intervals
        self.currency = currency
        self.status = status
        self.objective = objective
        self.sites = sites
        self.feeders = feeders
        self.sessions = sessions
        self.chargingProfiles = chargingProfiles
        self.solver = solver
        self.warnings = warnings
    }
}
