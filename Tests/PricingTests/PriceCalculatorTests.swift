import ChargeShareDomain
import DispatchOptimizer
import Foundation
import Testing
@testable import Pricing

func dec(_ text: String) -> Decimal { Money.parse(text) ?? .nan }

@Suite("Pricing formula: congestion, fees, margin, floor and ceiling, V2G, rounding once")
struct PriceCalculatorTests {
    let terms = PricingTerms(
        networkFeePerKwh: dec("0.03"), platformFeePerKwh: dec("0.02"), margin: dec("1.10"), floorPerKwh: dec("0.10"), ceilingPerKwh: dec("0.80"))

    /// (0.20 + 0.05 + 0.03 + 0.02) × 1.10 = 0.33; without congestion (0.25) × 1.10 = 0.275.
    @Test func aCongestedIntervalCostsMore() {
        #expect(PriceCalculator.energyPrice(dec("0.20"), dec("0.05"), terms) == dec("0.33"))
        #expect(PriceCalculator.energyPrice(dec("0.20"), 0, terms) == dec("0.275"))
    }

    /// 0.01 → (0.06) × 1.1 = 0.066 < floor 0.10; 2.00 → 2.31 > ceiling 0.80; negative wholesale prices never reach the driver.
    @Test func floorAndCeilingHold() {
        #expect(PriceCalculator.energyPrice(dec("0.01"), 0, terms) == dec("0.10"))
        #expect(PriceCalculator.energyPrice(dec("2.00"), dec("0.10"), terms) == dec("0.80"))
        #expect(PriceCalculator.energyPrice(dec("-0.50"), 0, PricingTerms()) == 0)
    }

    /// 0.11115 × 1.5 = 0.166725 → 0.1667. Rounding the import price first (0.1112 × 1.5 = 0.1668) would differ.
    @Test func roundingHappensOnceHalfAwayFromZero() {
        let t = PricingTerms(margin: dec("1.5"))
        #expect(PriceCalculator.energyPrice(dec("0.11115"), 0, t) == dec("0.1667"))
        #expect(Money.rounded(dec("0.00005")) == dec("0.0001"))
        #expect(Money.text(dec("0.35")) == "0.3500")
        #expect(Money.text(dec("12")) == "12.0000")
        #expect(Money.decimal(0.1) == dec("0.1"))
        #expect(Money.decimal(1e-05) == dec("0.00001"))
    }

    /// 0.10 + 0.5 × 0.05 − 0.04 = 0.085; with no congestion 0.10 − 0.12 < 0 → 0, never a charge for discharging.
    @Test func v2gRemunerationAddsReliefAndSubtractsWear() {
        let t = PricingTerms(congestionReliefShare: dec("0.5"))
        #expect(PriceCalculator.v2gRemuneration(dec("0.10"), dec("0.05"), dec("0.04"), t) == dec("0.085"))
        #expect(PriceCalculator.v2gRemuneration(dec("0.10"), 0, dec("0.12"), t) == 0)
    }

    @Test func siteOverridesHostOverridesDefaults() throws {
        let json = #"""
            {"defaults": {"platformFeePerKwh": "0.02", "margin": 1.0},
             "hosts": {"farm": {"margin": "1.25", "floorPerKwh": "0.20"}},
             "sites": {"s1": {"host": "farm", "floorPerKwh": "0.15"}, "s2": {"host": "farm"}}}
            """#
        let config = try PricingConfig.read(Array(json.utf8))
        #expect(config.terms(for: "s1").margin == dec("1.25"))
        #expect(config.terms(for: "s1").floorPerKwh == dec("0.15"))
        #expect(config.terms(for: "s2").floorPerKwh == dec("0.20"))
        #expect(config.terms(for: "s3").margin == 1)
        #expect(config.terms(for: "s3").platformFeePerKwh == dec("0.02"))
        #expect(config.check(siteIds: ["s1", "s2"]).isEmpty)
        #expect(config.check(siteIds: ["s1"]).map(\.description) == ["sites.s2: no site \"s2\" in the dispatch problem"])
    }

    @Test func badConfigurationsNameTheirPath() {
        let json =
            #"{"defaults": {"margin": -1, "floorPerKwh": "0.12345", "countryCode": "nl"}, "sites": {"s1": {"host": "nobody", "vat": 21}}, "extra": 1}"#
        #expect {
            _ = try PricingConfig.read(Array(json.utf8))
        } throws: { error in
            let paths = (error as? InvalidProblem)?.issues.map(\.path) ?? []
            return paths == ["defaults.margin", "defaults.floorPerKwh", "defaults.countryCode", "sites.s1.vat", "extra", "sites.s1.host"]
        }
    }

    @Test func ceilingBelowFloorIsRejectedPerSite() throws {
        let config = try PricingConfig.read(Array(#"{"defaults": {"floorPerKwh": "0.30"}, "sites": {"s1": {"ceilingPerKwh": "0.20"}}}"#.utf8))
        #expect(config.check(siteIds: ["s1"]).map(\.path) == ["sites.s1"])
    }

    /// Two homes on a 10 kW feeder, two 7 kW cars that each need 14 kWh in a 4-hour window whose
    /// import price is flat: the feeder binds, the LP's shadow price is positive exactly where it
    /// binds, and the driver price there is higher.
    @Test func pricesFollowTheDispatchersCongestion() throws {
        let start = Timestamp(rfc3339: "2026-03-02T16:00:00Z")!
        let later = start.adding(milliseconds: 4 * 3_600_000)
        let problem = DispatchProblem(
            windowId: "w", start: start, intervalMinutes: 60, intervals: 4,
            prices: Prices(importPerKwh: .values([0.20, 0.20, 0.30, 0.30]), exportPerKwh: .constant(0.05)),
            feeders: [Feeder(id: "f", importLimitKw: .constant(10))],
            sites: [Site(id: "a", feederId: "f"), Site(id: "b", feederId: "f")],
            chargers: [Charger(id: "ca", siteId: "a", maxChargeKw: 7, maxDischargeKw: 7), Charger(id: "cb", siteId: "b", maxChargeKw: 7)],
            sessions: [
                Session(id: "sa", chargerId: "ca", arrival: start, departure: later, batteryKwh: 60, initialKwh: 10, targetKwh: 24, v2g: true),
                Session(id: "sb", chargerId: "cb", arrival: start, departure: later, batteryKwh: 60, initialKwh: 10, targetKwh: 24),
            ]
        )
        let result = try Dispatcher().dispatch(problem)
        let congestion = result.feeders[0].congestionPricePerKwh
        #expect(congestion.contains { $0 > 0.01 })
        let prices = try PriceCalculator().prices(problem: problem, flows: DispatchFlows(result))
        for t in 0..<4 {
            let expected = Money.rounded(Money.decimal(problem.prices.importPerKwh[t]) + Money.decimal(congestion[t]))
            #expect(prices[0].energyPerKwh[t] == expected)
        }
        let congested = (0..<4).filter { congestion[$0] > 0 }
        let cheapHour = prices[0].energyPerKwh[0]
        #expect(congested.allSatisfy { prices[0].energyPerKwh[$0] > (problem.prices.importPerKwh[$0] == 0.2 ? dec("0.2") : dec("0.3")) })
        #expect(cheapHour >= dec("0.2"))
        #expect(prices[0].v2gRemunerationPerKwh != nil)  // site a has a bidirectional charger
        #expect(prices[1].v2gRemunerationPerKwh == nil)
    }
}

/// The worked example of docs/pricing.md: the bundled example dispatched by GLPK, priced with
/// Datasets/examples/pricing.json, interval 21 (22:15–22:30 Amsterdam time).
@Suite("docs/pricing.md worked example")
struct WorkedExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func interval21MatchesTheDocument() throws {
        let problem = try ProblemReader.read(Array(try Data(contentsOf: Self.root.appendingPathComponent("Datasets/examples/evening-feeder.json"))))
        let config = try PricingConfig.read(Array(try Data(contentsOf: Self.root.appendingPathComponent("Datasets/examples/pricing.json"))))
        let result = try Dispatcher().dispatch(problem)
        #expect(abs(result.feeders[0].congestionPricePerKwh[21] - 0.004310103) < 1e-9)
        #expect(result.feeders[0].congestionPricePerKwh[20] == 0)
        let prices = try PriceCalculator(config: config).prices(problem: problem, flows: DispatchFlows(result))
        let farm = prices[0], bakery = prices[4]
        // (0.25179 + 0.004310103 + 0.05 + 0.02) × 1.15 = 0.37501511845
        #expect(farm.energyPerKwh[21] == dec("0.3750"))
        // The same interval without congestion: (0.25179 + 0.07) × 1.15 = 0.3700585
        #expect(farm.energyPerKwh[21] > PriceCalculator.energyPrice(dec("0.25179"), 0, farm.terms))
        #expect(PriceCalculator.energyPrice(dec("0.25179"), 0, farm.terms) == dec("0.3701"))
        // 0.20143 + 1.0 × 0.004310103 − 0.03 = 0.175740103
        #expect(farm.v2gRemunerationPerKwh?[21] == dec("0.1757"))
        // Bakery host, relief share 0.5: 0.326100103 × 1.10 = 0.35871011; 0.20143 + 0.0021550515 − 0.03 = 0.1735850515
        #expect(bakery.energyPerKwh[21] == dec("0.3587"))
        #expect(bakery.v2gRemunerationPerKwh?[21] == dec("0.1736"))
        // Site F0-H2 has no host: defaults only, margin 1.00: 0.326100103 → 0.3261; no V2G charger.
        #expect(prices[2].energyPerKwh[21] == dec("0.3261"))
        #expect(prices[2].v2gRemunerationPerKwh == nil)
    }
}
