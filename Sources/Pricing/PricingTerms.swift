public import Foundation

/// What a site's prices are made of, beyond the dispatch result: fees, the host's margin and
/// bounds, and the V2G terms. All amounts are per kWh in the problem's currency.
public struct PricingTerms: Sendable, Equatable {
    /// Network (distribution) charge passed through to the driver.
    public var networkFeePerKwh: Decimal
    /// ChargeShare's platform fee.
    public var platformFeePerKwh: Decimal
    /// The host's multiplier on the cost, e.g. 1.15 for 15 % (≥ 0).
    public var margin: Decimal
    /// Lowest price the host accepts (≥ 0, at most 4 decimals).
    public var floorPerKwh: Decimal
    /// Highest price the host allows, or none (≥ floor, at most 4 decimals).
    public var ceilingPerKwh: Decimal?
    /// Battery wear charged against V2G remuneration; `nil` uses the problem's `degradationCostPerKwh`.
    public var degradationCostPerKwh: Decimal?
    /// Share of the feeder's congestion price paid to a discharging driver (0 … 1).
    public var congestionReliefShare: Decimal
    /// VAT percentage shown in the OCPI price component, or none. Prices exclude VAT.
    public var vatPercent: Decimal?
    /// OCPI `country_code` and `party_id` of the operator publishing the tariff.
    public var countryCode: String
    public var partyId: String

    public init(
        networkFeePerKwh: Decimal = 0, platformFeePerKwh: Decimal = 0, margin: Decimal = 1, floorPerKwh: Decimal = 0,
        ceilingPerKwh: Decimal? = nil, degradationCostPerKwh: Decimal? = nil, congestionReliefShare: Decimal = 1,
        vatPercent: Decimal? = nil, countryCode: String = "NL", partyId: String = "CSH"
    ) {
        self.networkFeePerKwh = networkFeePerKwh
        self.platformFeePerKwh = platformFeePerKwh
        self.margin = margin
        self.floorPerKwh = floorPerKwh
        self.ceilingPerKwh = ceilingPerKwh
        self.degradationCostPerKwh = degradationCostPerKwh
        self.congestionReliefShare = congestionReliefShare
        self.vatPercent = vatPercent
        self.countryCode = countryCode
        self.partyId = partyId
    }
}
