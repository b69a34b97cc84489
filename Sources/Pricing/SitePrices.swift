public import ChargeShareDomain
public import Foundation

/// One site's prices for every interval of a dispatch window, with the inputs that made them.
public struct SitePrices: Sendable, Equatable {
    public var siteId: String
    public var feederId: String
    /// IANA zone in which the tariff shows times of day.
    public var timeZone: String
    public var currency: String
    public var start: Timestamp
    public var intervalMinutes: Int
    /// The terms applied (after defaults, host and site overrides).
    public var terms: PricingTerms
    /// Inputs per interval, as decimals: the import price, the feeder's congestion price and the export price.
    public var importPerKwh: [Decimal]
    public var congestionPerKwh: [Decimal]
    public var exportPerKwh: [Decimal]
    /// Driver price per kWh charged, excluding VAT, 4 decimals.
    public var energyPerKwh: [Decimal]
    /// Paid per kWh discharged, 4 decimals; `nil` when the site has no bidirectional charger.
    public var v2gRemunerationPerKwh: [Decimal]?

    /// Number of intervals.
    public var intervals: Int { energyPerKwh.count }

    public init(
        siteId: String, feederId: String, timeZone: String, currency: String, start: Timestamp, intervalMinutes: Int,
        terms: PricingTerms, importPerKwh: [Decimal], congestionPerKwh: [Decimal], exportPerKwh: [Decimal],
        energyPerKwh: [Decimal], v2gRemunerationPerKwh: [Decimal]?
    ) {
        self.siteId = siteId
        self.feederId = feederId
        self.timeZone = timeZone
        self.currency = currency
        self.start = start
        self.intervalMinutes = intervalMinutes
        self.terms = terms
        self.importPerKwh = importPerKwh
        self.congestionPerKwh = congestionPerKwh
        self.exportPerKwh = exportPerKwh
        self.energyPerKwh = energyPerKwh
        self.v2gRemunerationPerKwh = v2gRemunerationPerKwh
    }
}
