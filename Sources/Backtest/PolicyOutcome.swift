import Foundation
import ChargeShareDomain

/// Everything one policy did in a replay, and the metrics computed from it.
public struct PolicyOutcome: Sendable {
    public let policy: String
    public let replay: Replay
    /// Net energy into each car's battery, kWh, in `replay.fleet.entries` order.
    public let deliveredKwh: [Double]
    /// Energy discharged from each car (V2G), kWh.
    public let dischargedKwh: [Double]
    /// Feeder load of each step, kW (negative = net export).
    public let loadKw: [Double]
    /// Money paid to cars for discharged energy, at the export price.
    public let v2gRevenue: Double
    /// Time the policy took at each step it was asked to decide, ms.
    public let solveMs: [Double]

    /// A session counts as fully served when less than this much energy is missing, kWh.
    public static let servedToleranceKwh = 0.01
    /// Load above the limit by more than this counts as a violation, kW.
    public static let violationToleranceKw = 1e-6

    /// The headline figures.
    public var summary: PolicySummary {
        let steps = replay.fleet.steps
        return PolicySummary(policy: policy, metrics: metrics(sessions: replay.fleet.entries.indices, steps: 0..<steps), solveMs: solveMs)
    }

    /// Figures per calendar day in the config's time zone: energy by the day cars arrive, cost,
    /// peak and violations by the day of each step.
    public var daily: [(day: String, metrics: PeriodMetrics)] {
        let fleet = replay.fleet
        let days = DayKeys(timeZone: replay.config.timeZone)
        var sessionsByDay: [String: [Int]] = [:]
        for (i, e) in fleet.entries.enumerated() { sessionsByDay[days.key(e.record.arrival), default: []].append(i) }
        var stepsByDay: [String: [Int]] = [:]
        for k in 0..<fleet.steps { stepsByDay[days.key(fleet.time(ofStep: k, config: replay.config)), default: []].append(k) }
        return Set(sessionsByDay.keys).union(stepsByDay.keys).sorted().map { day in
            (day, metrics(sessions: sessionsByDay[day] ?? [], steps: stepsByDay[day] ?? []))
        }
    }

    func metrics(sessions: some Sequence<Int>, steps: some Sequence<Int>) -> PeriodMetrics {
        var m = PeriodMetrics()
        let entries = replay.fleet.entries
        let h = replay.config.intervalHours
        for i in sessions {
            m.sessions += 1
            m.requestedKwh += entries[i].demandKwh
            m.deliveredKwh += min(max(0, deliveredKwh[i]), entries[i].demandKwh)
            m.dischargedKwh += dischargedKwh[i]
            if deliveredKwh[i] >= entries[i].demandKwh - Self.servedToleranceKwh { m.served += 1 }
        }
        let limit = replay.config.feederLimitKw
        let exportLimit = replay.config.v2g?.exportLimitKw ?? 0
        for k in steps {
            let p = loadKw[k]
            m.cost += h * p * (p >= 0 ? replay.importPrices[k] : replay.exportPrices[k])
            m.peakKw = max(m.peakKw, p)
            let over = max(p - limit, -p - exportLimit)
            if over > Self.violationToleranceKw {
                m.violations += 1
                m.violationKwh += over * h
            }
        }
        return m
    }
}

/// Energy, cost and limit figures over some sessions and steps.
public struct PeriodMetrics: Sendable, Equatable {
    public var sessions = 0
    /// Sessions that got their demand (within `PolicyOutcome.servedToleranceKwh`).
    public var served = 0
    public var requestedKwh = 0.0
    /// Net energy delivered, each session capped at its demand, kWh.
    public var deliveredKwh = 0.0
    public var dischargedKwh = 0.0
    /// Energy cost at the replay's prices (export earns the export price).
    public var cost = 0.0
    public var peakKw = 0.0
    /// Steps where the load broke the import (or export) limit.
    public var violations = 0
    /// Energy above the limit, kWh.
    public var violationKwh = 0.0

    /// Delivered as a share of requested, percent (100 when nothing was requested).
    public var energyDeliveredPct: Double { requestedKwh > 0 ? 100 * deliveredKwh / requestedKwh : 100 }
    /// Fully served sessions, percent (100 when there were none).
    public var sessionsServedPct: Double { sessions > 0 ? 100 * Double(served) / Double(sessions) : 100 }
}

/// A policy's headline figures over the whole replay.
public struct PolicySummary: Sendable {
    public let policy: String
    public let metrics: PeriodMetrics
    /// Per-step decision times, ms.
    public let solveMs: [Double]

    /// Median decision time, ms (0 when the policy was never asked).
    public var medianSolveMs: Double { Self.percentile(solveMs, 0.5) }
    /// 99th percentile decision time, ms.
    public var p99SolveMs: Double { Self.percentile(solveMs, 0.99) }

    /// Nearest-rank percentile (`q` in (0, 1]); 0 for an empty sample.
    public static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// Calendar-day keys (`YYYY-MM-DD`) in a time zone, cached per quarter hour.
final class DayKeys {
    private var calendar = Calendar(identifier: .gregorian)
    private var cache: [Int64: String] = [:]

    init(timeZone: String) {
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
    }

    func key(_ time: Timestamp) -> String {
        let hour = ReplayFleet.floor(time.millisecondsSinceEpoch, 900_000)  // quarter hours: every real UTC offset
        if let cached = cache[hour] { return cached }
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(hour) / 1000))
        let text = String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        cache[hour] = text
        return text
    }
}
