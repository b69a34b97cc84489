import ChargeShareDomain
import Foundation
import TariffEdge

/// The import/export limits a site's edge enforces in each interval of the window.
///
///     import[s,t] = min( siteImportLimit[s,t],  feederImportLimit[f,t] − Σ_{s'≠s on f} (import − export)[s',t] )
///     export[s,t] = min( siteExportLimit[s,t],  feederExportLimit[f,t] − Σ_{s'≠s on f} (export − import)[s',t] )
///
/// i.e. the most the site may draw or feed back while every other site keeps to its dispatched
/// schedule. Missing limits are `null`; values are floored at 0 and rounded down to 1 W.
struct SiteLimitsBuilder {
    let problem: DispatchProblem
    let flows: DispatchFlows
    private let feeders: [String: Feeder]
    /// Σ over each feeder's sites of dispatched (import − export), per interval.
    private let feederNetKw: [String: [Double]]

    /// Sums every feeder's scheduled net import once.
    /// - Complexity: O(sites × intervals).
    init(problem: DispatchProblem, flows: DispatchFlows) {
        self.problem = problem
        self.flows = flows
        feeders = Dictionary(problem.feeders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var net: [String: [Double]] = [:]
        for (site, flow) in zip(problem.sites, flows.sites) {
            for t in 0..<problem.intervals {
                net[site.feederId, default: Array(repeating: 0, count: problem.intervals)][t] += flow.importKw[t] - flow.exportKw[t]
            }
        }
        feederNetKw = net
    }

    /// The limits of the site at `index` in the problem's site list.
    func limits(siteAt index: Int) -> (importKw: [Double?], exportKw: [Double?]) {
        let site = problem.sites[index]
        let own = flows.sites[index]
        let feeder = feeders[site.feederId]
        let feederNet = feederNetKw[site.feederId] ?? Array(repeating: 0, count: problem.intervals)
        var imports: [Double?] = []
        var exports: [Double?] = []
        for t in 0..<problem.intervals {
            let othersNet = feederNet[t] - (own.importKw[t] - own.exportKw[t])
            let feederImport = feeder?.importLimitKw.map { $0[t] - othersNet }
            imports.append(minimum(site.importLimitKw?[t], feederImport).map(Self.floorWatt))
            let feederExport = feeder.map { $0.exportLimitKw[t] + othersNet }
            exports.append(minimum(site.exportLimitKw[t], feederExport).map(Self.floorWatt))
        }
        return (imports, exports)
    }

    private func minimum(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return a ?? b }
        return min(a, b)
    }

    /// Rounded down to 0.001 kW and never below 0 (an edge must never be told to exceed a limit).
    static func floorWatt(_ kw: Double) -> Double { max(0, (kw * 1000 + 1e-6).rounded(.down) / 1000) }
}
