public import ChargeShareDomain
public import Foundation

/// Pricing terms per site and host: `defaults`, overridden by the site's `host`, overridden by the
/// site itself. Read from a JSON file (docs/pricing.md shows one).
public struct PricingConfig: Sendable, Equatable {
    /// Terms that may be left out at any level: each present member overrides the level below.
    public struct Overrides: Sendable, Equatable {
        public var networkFeePerKwh: Decimal?
        public var platformFeePerKwh: Decimal?
        public var margin: Decimal?
        public var floorPerKwh: Decimal?
        public var ceilingPerKwh: Decimal?
        public var degradationCostPerKwh: Decimal?
        public var congestionReliefShare: Decimal?
        public var vatPercent: Decimal?
        public var countryCode: String?
        public var partyId: String?

        public init() {}

        func apply(to terms: inout PricingTerms) {
            if let networkFeePerKwh { terms.networkFeePerKwh = networkFeePerKwh }
            if let platformFeePerKwh { terms.platformFeePerKwh = platformFeePerKwh }
            if let margin { terms.margin = margin }
            if let floorPerKwh { terms.floorPerKwh = floorPerKwh }
            if let ceilingPerKwh { terms.ceilingPerKwh = ceilingPerKwh }
            if let degradationCostPerKwh { terms.degradationCostPerKwh = degradationCostPerKwh }
            if let congestionReliefShare { terms.congestionReliefShare = congestionReliefShare }
            if let vatPercent { terms.vatPercent = vatPercent }
            if let countryCode { terms.countryCode = countryCode }
            if let partyId { terms.partyId = partyId }
        }
    }

    public var defaults: Overrides
    public var hosts: [String: Overrides]
    /// Per site: the host it belongs to, and its own overrides.
    public var sites: [String: (host: String?, overrides: Overrides)]

    public init(defaults: Overrides = Overrides(), hosts: [String: Overrides] = [:], sites: [String: (host: String?, overrides: Overrides)] = [:]) {
        self.defaults = defaults
        self.hosts = hosts
        self.sites = sites
    }

    public static func == (a: PricingConfig, b: PricingConfig) -> Bool {
        a.defaults == b.defaults && a.hosts == b.hosts && a.sites.count == b.sites.count
            && a.sites.allSatisfy { key, value in b.sites[key].map { $0.host == value.host && $0.overrides == value.overrides } ?? false }
    }

    /// The resolved terms of `siteId`: built-in defaults ← `defaults` ← host ← site.
    public func terms(for siteId: String) -> PricingTerms {
        var terms = PricingTerms()
        defaults.apply(to: &terms)
        if let site = sites[siteId] {
            if let host = site.host, let hostTerms = hosts[host] { hostTerms.apply(to: &terms) }
            site.overrides.apply(to: &terms)
        }
        return terms
    }

    /// Checks the configuration against the problem's sites: every configured site exists, every
    /// site's resolved terms are coherent (ceiling ≥ floor). Issues name the JSON path.
    public func check(siteIds: [String]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let known = Set(siteIds)
        for id in sites.keys.sorted() where !known.contains(id) {
            issues.append(
                ValidationIssue(path: Displayed.path("sites", member: id), message: "no site \(Displayed.quoted(id)) in the dispatch problem"))
        }
        for id in siteIds {
            let t = terms(for: id)
            if let ceiling = t.ceilingPerKwh, ceiling < t.floorPerKwh {
                issues.append(
                    ValidationIssue(
                        path: "sites.\(id)", message: "ceiling \(ceiling) is below floor \(t.floorPerKwh) after applying defaults and host"))
            }
        }
        return issues
    }
}
