public import ChargeShareDomain
public import Foundation

/// Prices every site and interval of a dispatched window (formula and worked example: docs/pricing.md).
///
///     energy[s,t] = round₄( clamp( (import[s,t] + congestion[f(s),t] + networkFee + platformFee) × margin,
///                                  floor, ceiling ) )
///     v2g[s,t]    = round₄( max(0, export[s,t] + reliefShare × congestion[f(s),t] − degradation) )
///
/// Everything is `Decimal`; the LP's doubles enter through their shortest decimal text, and the
/// only rounding is the final one to 4 decimals.
public struct PriceCalculator: Sendable {
    public var config: PricingConfig

    public init(config: PricingConfig = PricingConfig()) { self.config = config }

    /// Prices for every site of `problem`, in the problem's site order.
    /// - Throws: `InvalidProblem` when the configuration names unknown sites or its bounds contradict.
    public func prices(problem: DispatchProblem, flows: DispatchFlows) throws(InvalidProblem) -> [SitePrices] {
        let issues = config.check(siteIds: problem.sites.map(\.id))
        guard issues.isEmpty else { throw InvalidProblem(issues: issues) }
        let T = problem.intervals
        let congestionByFeeder = Dictionary(
            uniqueKeysWithValues: flows.feeders.map { feeder in
                (feeder.id, feeder.congestionPricePerKwh.map(Money.decimal))
            })
        let bidirectionalSites = Set(problem.chargers.filter { $0.maxDischargeKw > 0 }.map(\.siteId))
        return problem.sites.map { site in
            let terms = config.terms(for: site.id)
            let prices = site.prices ?? problem.prices
            let importPrice = (0..<T).map { Money.decimal(prices.importPerKwh[$0]) }
            let exportPrice = (0..<T).map { Money.decimal(prices.exportPerKwh[$0]) }
            let congestion = congestionByFeeder[site.feederId] ?? Array(repeating: 0, count: T)
            let energy = (0..<T).map { t in Self.energyPrice(importPrice[t], congestion[t], terms) }
            let degradation = terms.degradationCostPerKwh ?? Money.decimal(problem.degradationCostPerKwh)
            let v2g =
                bidirectionalSites.contains(site.id)
                ? (0..<T).map { t in Self.v2gRemuneration(exportPrice[t], congestion[t], degradation, terms) }
                : nil
            return SitePrices(
                siteId: site.id, feederId: site.feederId, timeZone: site.timeZone, currency: problem.currency,
                start: problem.start, intervalMinutes: problem.intervalMinutes, terms: terms, importPerKwh: importPrice,
                congestionPerKwh: congestion, exportPerKwh: exportPrice, energyPerKwh: energy, v2gRemunerationPerKwh: v2g
            )
        }
    }

    /// The driver's price per kWh for one interval.
    public static func energyPrice(_ importPrice: Decimal, _ congestion: Decimal, _ terms: PricingTerms) -> Decimal {
        let cost = (importPrice + congestion + terms.networkFeePerKwh + terms.platformFeePerKwh) * terms.margin
        var bounded = max(cost, terms.floorPerKwh)
        if let ceiling = terms.ceilingPerKwh { bounded = min(bounded, ceiling) }
        return Money.rounded(bounded)
    }

    /// The V2G remuneration per kWh discharged for one interval; never negative (a driver is never
    /// charged for discharging).
    public static func v2gRemuneration(_ exportPrice: Decimal, _ congestion: Decimal, _ degradation: Decimal, _ terms: PricingTerms) -> Decimal {
        Money.rounded(max(0, exportPrice + terms.congestionReliefShare * congestion - degradation))
    }
}
