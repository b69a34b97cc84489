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
enum SiteLimitsBuilder {
    static func limits(site: Site, problem: DispatchProblem, flows: DispatchFlows) -> (importKw: [Double?], exportKw: [Double?]) {
        let T = problem.intervals
        let feeder = problem.feeders.first { $0.id == site.feederId }
        let others = zip(problem.sites, flows.sites).filter { $0.0.feederId == site.feederId && $0.0.id != site.id }.map(\.1)
        var imports: [Double?] = []
        var exports: [Double?] = []
        for t in 0..<T {
            let othersNet = others.reduce(0) { $0 + $1.importKw[t] - $1.exportKw[t] }
            let feederImport = feeder?.importLimitKw.map { $0[t] - othersNet }
            imports.append(minimum(site.importLimitKw?[t], feederImport).map(floorWatt))
            let feederExport = feeder.map { $0.exportLimitKw[t] + othersNet }
            exports.append(minimum(site.exportLimitKw[t], feederExport).map(floorWatt))
        }
        return (imports, exports)
    }

    private static func minimum(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return a ?? b }
        return min(a, b)
    }

    /// Rounded down to 0.001 kW and never below 0 (an edge must never be told to exceed a limit).
    static func floorWatt(_ kw: Double) -> Double { max(0, (kw * 1000 + 1e-6).rounded(.down) / 1000) }
}
