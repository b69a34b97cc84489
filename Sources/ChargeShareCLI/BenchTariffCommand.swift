import ArgumentParser
import ChargeShareDomain
import Foundation
import Pricing
import TariffEdge
import TariffPublishing

/// `chargeshare bench tariff`: tables per second for pricing + signing and for edge verification.
struct BenchTariffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "Sign and verify one 24-hour tariff table (96 × 15 min) per site for N sites.",
        discussion: "Build in release mode first: swift build -c release. Medians over --repeat runs."
    )

    @Option(name: .long, help: "Number of sites (one table each).") var sites = 10_000
    @Option(name: .customLong("repeat"), help: "Repetitions; medians are reported.") var repetitions = 3
    @Flag(name: .customLong("with-state"), help: "Also time verification with the high-water mark (one fsync'd file per site).")
    var withState = false

    /// The most sites a run may sign: about 3 GB of tables at the largest table size.
    static let maximumSites = 100_000

    func validate() throws {
        guard sites > 0, repetitions > 0 else { throw ValidationError("--sites and --repeat must be positive") }
        // Every run keeps its signed tables (8-30 KB each) in memory: bound it before allocating.
        guard sites <= Self.maximumSites, repetitions <= 100 else {
            throw ValidationError("--sites must be at most \(Self.maximumSites) and --repeat at most 100")
        }
    }

    func run() throws {
        let work = NSTemporaryDirectory() + "chargeshare-bench-tariff-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let problem = Self.problem(sites: sites)
        let flows = Self.flows(problem)
        let keys = KeyStore(directory: work + "/keys")
        try keys.generate(issuer: "bench", sites: ["*"], validFrom: Timestamp(millisecondsSinceEpoch: 0), validUntil: nil)
        let issued = problem.start.adding(milliseconds: -60_000)
        let now = problem.start.wholeSeconds.adding(milliseconds: 3_600_000)
        let verifier = TariffVerifier(keyset: try keys.keyset())
        let clock = ContinuousClock()
        var publish: [Double] = [], sign: [Double] = [], verify: [Double] = [], stateful: [Double] = []
        var bytes = 0
        for run in 0..<repetitions {
            var tables: [TariffPublisher.Table] = []
            publish.append(
                BenchDispatchCommand.ms(
                    try clock.measure {
                        tables = try TariffPublisher().publish(problem: problem, flows: flows, keys: keys, now: issued, history: nil)
                    }))
            let key = try keys.signingKey(site: problem.sites[0].id, at: now)
            sign.append(
                BenchDispatchCommand.ms(
                    try clock.measure {
                        for table in tables { _ = try key.compactJWS(payload: table.payload, type: SignedTariffTable.mediaType) }
                    }))
            let encoded = tables.map { Array($0.jws.utf8) }
            bytes = encoded.reduce(0) { $0 + $1.count } / max(1, encoded.count)
            verify.append(
                BenchDispatchCommand.ms(
                    try clock.measure {
                        for (table, site) in zip(encoded, problem.sites) { _ = try verifier.check(table, site: site.id, now: now) }
                    }))
            if withState {
                let state = try HighWaterMarkStore(directory: work + "/state-\(run)")
                stateful.append(
                    BenchDispatchCommand.ms(
                        try clock.measure {
                            for (table, site) in zip(encoded, problem.sites) { _ = try verifier.verify(table, site: site.id, now: now, state: state) }
                        }))
            }
        }
        let n = Double(sites)
        IO.print("| stage (\(sites) sites, 96 intervals, \(bytes) bytes per table) | median s | tables/s |")
        IO.print("|---|---|---|")
        func row(_ name: String, _ ms: [Double]) {
            let median = BenchDispatchCommand.median(ms)
            IO.print(String(format: "| %@ | %.2f | %.0f |", name, median / 1000, n / (median / 1000)))
        }
        row("price + build OCPI + canonicalise + sign (publish)", publish)
        row("sign only (Ed25519 over canonical payload)", sign)
        row("verify (signature, payload, tariff rules, validity)", verify)
        if withState { row("verify + high-water mark (atomic write, fsync)", stateful) }
        IO.print(String(format: "peak RSS %.0f MB", BenchDispatchCommand.peakResidentMegabytes()))
    }

    /// One feeder per 100 sites, 96 quarter-hours, hourly import prices, sites in Amsterdam.
    static func problem(sites: Int) -> DispatchProblem {
        let start = Timestamp(rfc3339: "2026-03-02T23:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)
        let feeders = (sites + 99) / 100
        return DispatchProblem(
            windowId: "bench", start: start, intervalMinutes: 15, intervals: 96,
            prices: Prices(importPerKwh: .values((0..<96).map { 0.12 + 0.01 * Double(($0 / 4) % 12) }), exportPerKwh: .constant(0.05)),
            feeders: (0..<feeders).map { Feeder(id: "F\($0)", importLimitKw: .constant(200)) },
            sites: (0..<sites).map { Site(id: "S\($0)", feederId: "F\($0 / 100)", importLimitKw: .constant(17), timeZone: "Europe/Amsterdam") },
            chargers: (0..<sites).map { Charger(id: "C\($0)", siteId: "S\($0)", maxChargeKw: 11, maxDischargeKw: $0 % 3 == 0 ? 11 : 0) },
            sessions: []
        )
    }

    /// Flows with an evening congestion peak on every feeder.
    static func flows(_ p: DispatchProblem) -> DispatchFlows {
        let zero = Array(repeating: 0.0, count: p.intervals)
        let congestion = (0..<p.intervals).map { (72..<84).contains($0) ? 0.01 * Double($0 - 71) : 0 }
        return DispatchFlows(
            windowId: p.windowId, start: p.start, intervalMinutes: p.intervalMinutes, intervals: p.intervals, currency: p.currency,
            status: .optimal,
            sites: p.sites.map {
                DispatchResult.SiteFlows(
                    id: $0.id, importKw: Array(repeating: 1.5, count: p.intervals), exportKw: zero, curtailedPvKw: zero, peakKw: 1.5,
                    limitViolationKw: zero)
            },
            feeders: p.feeders.map {
                DispatchResult.FeederFlows(id: $0.id, netImportKw: zero, limitViolationKw: zero, congestionPricePerKwh: congestion)
            },
            sessions: []
        )
    }
}
