import Foundation
import ChargeShareDomain
import ChargeShareDatasets
public import Scheduling

/// The policies a backtest can compare.
public enum PolicyName: String, Sendable, CaseIterable {
    case lp
    /// `lp` planning for expected sessions (cars forecast to arrive), whatever `--expected-sessions` says.
    case lpExpected = "lp+expected"
    /// `lp` without the earliest-charging tie-breaker, to measure what the tie-breaker is worth.
    case lpNoTieBreak = "lp-no-tiebreak"
    case uncontrolled
    case edf
    case llf
    case roundRobin = "round-robin"
    case offlineOptimal = "offline-optimal"

    /// Parses `lp,edf,…`.
    /// - Throws: `BacktestError.invalidSetting` naming the unknown policy and the valid ones.
    public static func parseList(_ text: String) throws(BacktestError) -> [PolicyName] {
        var out: [PolicyName] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let policy = PolicyName(rawValue: name) else {
                throw .invalidSetting("unknown policy \"\(name)\"; choose from \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !out.contains(policy) { out.append(policy) }
        }
        return out
    }
}

/// Runs several policies over one replay, side by side on the machine's cores.
public struct Backtester: Sendable {
    public let replay: Replay
    /// Currency written into dispatch problems.
    public let currency: String

    public init(replay: Replay, currency: String) {
        self.replay = replay
        self.currency = currency
    }

    /// Replays a policy of the caller's own (one not in `PolicyName`).
    /// - Parameter progress: called after each step with (steps done, steps in all).
    public func run(custom policy: inout some SchedulingPolicy, progress: ((Int, Int) -> Void)? = nil) throws(BacktestError) -> PolicyOutcome {
        try ReplayLoop.run(&policy, on: replay, progress: progress)
    }

    /// Replays one policy.
    public func run(_ name: PolicyName, progress: ((Int, Int) -> Void)? = nil) throws(BacktestError) -> PolicyOutcome {
        switch name {
        case .lp, .lpExpected:
            let expected = name == .lpExpected || replay.config.expectedSessions ? ProblemAssembly.ExpectedSessionTerms() : nil
            var p = DispatchPolicy(name: name.rawValue, tieBreak: .earliest, currency: currency, expected: expected)
            p.warmStarts = replay.config.warmStarts
            return try ReplayLoop.run(&p, on: replay, progress: progress)
        case .lpNoTieBreak:
            var p = DispatchPolicy(name: name.rawValue, tieBreak: .none, currency: currency)
            p.warmStarts = replay.config.warmStarts
            return try ReplayLoop.run(&p, on: replay, progress: progress)
        case .uncontrolled:
            var p = UncontrolledPolicy()
            return try ReplayLoop.run(&p, on: replay, progress: progress)
        case .edf, .llf:
            var p = SortedGreedyPolicy(order: name == .edf ? .earliestDeadline : .leastLaxity)
            return try ReplayLoop.run(&p, on: replay, progress: progress)
        case .roundRobin:
            var p = RoundRobinPolicy()
            return try ReplayLoop.run(&p, on: replay, progress: progress)
        case .offlineOptimal:
            var p = try OfflineOptimalPlanner(currency: currency).plan(
                fleet: replay.fleet, config: replay.config, importPrices: replay.importPrices, exportPrices: replay.exportPrices)
            let outcome = try ReplayLoop.run(&p, on: replay, progress: progress)
            // The plan's cost is its solve time; the replay only looks the plan up.
            return PolicyOutcome(
                policy: outcome.policy, replay: replay, deliveredKwh: outcome.deliveredKwh,
                dischargedKwh: outcome.dischargedKwh, loadKw: outcome.loadKw,
                v2gRevenue: outcome.v2gRevenue, solveMs: p.solveMs)
        }
    }
}

/// `map` over all cores with results in input order.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in box.set(i, body(items[i])) }
        return box.values()
    }
}

private final class ResultBox<R: Sendable>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { lock.withLock { slots[i] = value } }
    func values() -> [R] { lock.withLock { slots.compactMap { $0 } } }
}
