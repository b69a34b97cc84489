/// One dispatch window's request, as defined in `../shared/spec/dispatch.md` §1.
///
/// Build one with `ProblemReader.read(_:)`, which validates the JSON contract and reports every
/// error with its JSON path. Values held here are already validated and defaults are filled in.
public struct DispatchProblem: Sendable, Equatable {
    /// Idempotency key: the same id and body give the same result.
    public var windowId: String
    /// Start of interval 0; a whole minute.
    public var start: Timestamp
    /// Length Δ of every interval, minutes: one of `allowedIntervalMinutes`.
    public var intervalMinutes: Int
    /// Number of intervals T in the window.
    public var intervals: Int
    /// ISO 4217 currency of every money amount.
    public var currency: String
    public var prices: Prices
    /// Battery wear cost per kWh discharged (V2G).
    public var degradationCostPerKwh: Double
    /// Penalty per kWh of energy target not delivered.
    public var unmetEnergyPenaltyPerKwh: Double
    /// Penalty per kWh above an import limit.
    public var limitViolationPenaltyPerKwh: Double
    public var feeders: [Feeder]
    public var sites: [Site]
    public var chargers: [Charger]
    public var sessions: [Session]
    /// Engine extension: how ties between equally cheap schedules are broken.
    public var tieBreak: TieBreak

    /// Interval lengths the contract allows, minutes.
    public static let allowedIntervalMinutes = [1, 5, 10, 15, 20, 30, 60]
    /// Largest number of intervals in one window.
    public static let maximumIntervals = 2880

    public init(
        windowId: String, start: Timestamp, intervalMinutes: Int = 15, intervals: Int,
        currency: String = "EUR", prices: Prices, degradationCostPerKwh: Double = 0,
        unmetEnergyPenaltyPerKwh: Double = 10, limitViolationPenaltyPerKwh: Double = 1000,
        feeders: [Feeder], sites: [Site], chargers: [Charger], sessions: [Session],
        tieBreak: TieBreak = .earliest
    ) {
        self.windowId = windowId
        self.start = start
        self.intervalMinutes = intervalMinutes
        self.intervals = intervals
        self.currency = currency
        self.prices = prices
        self.degradationCostPerKwh = degradationCostPerKwh
        self.unmetEnergyPenaltyPerKwh = unmetEnergyPenaltyPerKwh
        self.limitViolationPenaltyPerKwh = limitViolationPenaltyPerKwh
        self.feeders = feeders
        self.sites = sites
        self.chargers = chargers
        self.sessions = sessions
        self.tieBreak = tieBreak
    }

    /// Interval length in hours, Δh.
    public var intervalHours: Double { Double(intervalMinutes) / 60 }
    /// Interval length in milliseconds.
    public var intervalMilliseconds: Int64 { Int64(intervalMinutes) * 60_000 }
    /// End of the last interval.
    public var end: Timestamp { start.adding(milliseconds: intervalMilliseconds * Int64(intervals)) }
}

/// Energy prices per kWh, in the problem's currency.
public struct Prices: Sendable, Equatable {
    /// Price paid for energy drawn from the grid.
    public var importPerKwh: Series
    /// Price received for energy fed back; never above the import price.
    public var exportPerKwh: Series

    public init(importPerKwh: Series, exportPerKwh: Series = .constant(0)) {
        self.importPerKwh = importPerKwh
        self.exportPerKwh = exportPerKwh
    }
}

/// A transformer or line section whose limits a utility or co-op sets.
public struct Feeder: Sendable, Equatable {
    public var id: String
    /// Cap on the net power the feeder's sites draw, kW; `nil` = no limit.
    public var importLimitKw: Series?
    /// Cap on the net power the feeder's sites feed back, kW.
    public var exportLimitKw: Series

    public init(id: String, importLimitKw: Series? = nil, exportLimitKw: Series = .constant(0)) {
        self.id = id
        self.importLimitKw = importLimitKw
        self.exportLimitKw = exportLimitKw
    }
}

/// One host's premises behind one service connection.
public struct Site: Sendable, Equatable {
    public var id: String
    public var feederId: String
    /// Service-connection (main fuse) import cap, kW; `nil` = no limit.
    public var importLimitKw: Series?
    /// Export cap at the service connection, kW.
    public var exportLimitKw: Series
    /// The host's own, uncontrollable load, kW.
    public var baseLoadKw: Series
    /// Local generation available, kW; may be curtailed at no cost.
    public var pvKw: Series
    /// Per-site price override; `nil` uses the problem's prices.
    public var prices: Prices?
    /// Charge on the site's highest import in the window, per kW.
    public var demandChargePerKw: Double
    /// IANA time zone for tariffs shown to drivers.
    public var timeZone: String

    public init(
        id: String, feederId: String, importLimitKw: Series? = nil, exportLimitKw: Series = .constant(0),
        baseLoadKw: Series = .constant(0), pvKw: Series = .constant(0), prices: Prices? = nil,
        demandChargePerKw: Double = 0, timeZone: String = "UTC"
    ) {
        self.id = id
        self.feederId = feederId
        self.importLimitKw = importLimitKw
        self.exportLimitKw = exportLimitKw
        self.baseLoadKw = baseLoadKw
        self.pvKw = pvKw
        self.prices = prices
        self.demandChargePerKw = demandChargePerKw
        self.timeZone = timeZone
    }
}

/// One EVSE.
public struct Charger: Sendable, Equatable {
    public var id: String
    public var siteId: String
    /// OCPP EVSE id on its charging station.
    public var evseId: Int
    public var maxChargeKw: Double
    /// Greater than zero only for bidirectional hardware.
    public var maxDischargeKw: Double
    /// η_c in (0, 1].
    public var chargeEfficiency: Double
    /// η_d in (0, 1].
    public var dischargeEfficiency: Double

    public init(
        id: String, siteId: String, evseId: Int = 1, maxChargeKw: Double, maxDischargeKw: Double = 0,
        chargeEfficiency: Double = 0.95, dischargeEfficiency: Double = 0.95
    ) {
        self.id = id
        self.siteId = siteId
        self.evseId = evseId
        self.maxChargeKw = maxChargeKw
        self.maxDischargeKw = maxDischargeKw
        self.chargeEfficiency = chargeEfficiency
        self.dischargeEfficiency = dischargeEfficiency
    }
}

/// One EV plugged in now or expected in the window.
public struct Session: Sendable, Equatable {
    public var id: String
    public var chargerId: String
    /// OCPP transaction id, copied into the charging profile.
    public var transactionId: String?
    public var arrival: Timestamp
    public var departure: Timestamp
    /// Usable capacity, kWh.
    public var batteryKwh: Double
    /// Energy in the battery at the first interval it can use, kWh.
    public var initialKwh: Double
    /// Energy wanted at departure, kWh.
    public var targetKwh: Double
    /// Floor that V2G discharge may not cross, kWh.
    public var minKwh: Double
    /// The vehicle's own charge limit, kW; `nil` = no vehicle limit.
    public var maxChargeKw: Double?
    /// The vehicle's own discharge limit, kW; `nil` = no vehicle limit.
    public var maxDischargeKw: Double?
    /// The driver consents to discharge.
    public var v2g: Bool

    public init(
        id: String, chargerId: String, transactionId: String? = nil, arrival: Timestamp, departure: Timestamp,
        batteryKwh: Double, initialKwh: Double, targetKwh: Double, minKwh: Double = 0,
        maxChargeKw: Double? = nil, maxDischargeKw: Double? = nil, v2g: Bool = false
    ) {
        self.id = id
        self.chargerId = chargerId
        self.transactionId = transactionId
        self.arrival = arrival
        self.departure = departure
        self.batteryKwh = batteryKwh
        self.initialKwh = initialKwh
        self.targetKwh = targetKwh
        self.minKwh = minKwh
        self.maxChargeKw = maxChargeKw
        self.maxDischargeKw = maxDischargeKw
        self.v2g = v2g
    }
}

/// How the engine breaks ties between schedules of equal cost (`tieBreak` in the request).
public enum TieBreak: String, Sendable, CaseIterable {
    /// Prefer charging earlier in each session's stay: at most 1e-6 per kWh, excluded from reported costs.
    case earliest
    /// No tie-breaker: any optimal schedule.
    case none
}
