import ChargeShareDomain
import Foundation

/// The few lines `chargeshare dispatch` prints for a person.
enum Summary {
    static func money(_ x: Double) -> String { String(format: "%.6f", x) }

    static func text(_ r: DispatchResult) -> String {
        let o = r.objective
        let unmetKwh = r.sessions.reduce(0) { $0 + $1.unmetKwh }
        let charged = r.sessions.reduce(0) { $0 + $1.chargeKw.reduce(0, +) } * Double(r.intervalMinutes) / 60
        let discharged = r.sessions.reduce(0) { $0 + $1.dischargeKw.reduce(0, +) } * Double(r.intervalMinutes) / 60
        let peakFeeder = r.feeders.map { $0.netImportKw.max() ?? 0 }.max() ?? 0
        let congested = r.feeders.reduce(0) { $0 + $1.congestionPricePerKwh.filter { $0 > 0 }.count }
        let v201 = r.chargingProfiles.filter { $0.ocppVersion == .v201 }.count
        return """
            window \(Displayed.escapingControls(r.windowId)): \(r.status.rawValue), total \(money(o.total)) \(r.currency)
              import \(money(o.importCost)), export revenue \(money(o.exportRevenue)), demand \(money(o.demandCharges)), \
            degradation \(money(o.degradationCost)), unmet \(money(o.unmetPenalty)), violations \(money(o.violationPenalty))
              \(r.sessions.count) sessions: \(String(format: "%.3f", charged)) kWh charged, \(String(format: "%.3f", discharged)) kWh discharged, \
            \(String(format: "%.3f", unmetKwh)) kWh unmet
              \(r.feeders.count) feeder(s): peak net import \(String(format: "%.3f", peakFeeder)) kW, \(congested) congested interval(s)
              \(r.chargingProfiles.count) charging profiles (\(v201) OCPP 2.0.1, \(r.chargingProfiles.count - v201) OCPP 2.1)
              \(r.solver.name) \(r.solver.version) \(r.solver.method)\(r.solver.mip ? " + MIP" : ""): \(r.solver.subproblems) LP(s), \
            \(r.solver.rows) rows, \(r.solver.columns) columns, \(r.solver.nonzeros) nonzeros, \(r.solver.iterations) iterations, \
            \(String(format: "%.3f", r.solver.seconds)) s
            """
    }
}
