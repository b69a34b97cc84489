public import ChargeShareDatasets
import ChargeShareDomain

/// Sessions and prices replayed under several policies at one or more feeder limits: what
/// `chargeshare backtest` and `backtest sweep` run. Every (limit, policy) pair is replayed two
/// at a time on the machine's cores.
public struct BacktestSweep: Sendable {
    /// One backtester per limit, in the order given.
    public let backtesters: [Backtester]
    /// The policies, in the order given.
    public let policies: [PolicyName]

    /// Most step results one run keeps: every (limit, policy, step) is a row of steps.csv and
    /// the database. The full Caltech sweep (35,000 steps, 7 policies, 14 limits) keeps 3.4 million.
    public static let maximumStepResults = 10_000_000

    /// Prepares the replays: one per config (each config one feeder limit).
    /// - Throws: `BacktestError` for bad settings, sessions or prices (see `Replay.init`), and
    ///   `BacktestError.tooLarge` when steps × policies × limits is more than
    ///   `maximumStepResults`, before any replay runs.
    public init(
        sessions: [SessionRecord], configs: [ReplayConfig], prices: PriceSignal, currency: String, policies: [PolicyName]
    ) throws(BacktestError) {
        var backtesters: [Backtester] = []
        for config in configs {
            let replay = try Replay(sessions: sessions, config: config, prices: prices, expectedSessions: policies.contains(.lpExpected))
            backtesters.append(Backtester(replay: replay, currency: currency))
            if let problem = Self.sizeProblem(steps: backtesters[0].replay.fleet.steps, policies: policies.count, limits: configs.count) {
                throw .tooLarge(problem)
            }
        }
        self.backtesters = backtesters
        self.policies = policies
    }

    /// Why steps × policies × limits is too large to keep, or `nil`.
    public static func sizeProblem(steps: Int, policies: Int, limits: Int) -> String? {
        let cells = steps.multipliedReportingOverflow(by: policies * limits)
        guard cells.overflow || cells.partialValue > maximumStepResults else { return nil }
        return
            "\(steps) steps × \(policies) policies × \(limits) limits is more than \(maximumStepResults) step results; use fewer limits or policies, a longer --interval, or a shorter --from/--to"
    }

    /// Steps to replay in all, for progress reports: steps × limits × policies.
    public var totalSteps: Int { (backtesters.first?.replay.fleet.steps ?? 0) * backtesters.count * policies.count }

    /// Replays every (limit, policy) pair, two at a time.
    /// - Parameter progress: called from worker threads with a job key (`limit index/policy`)
    ///   and the steps that job has done.
    /// - Returns: outcomes grouped by limit, policies in the order given.
    /// - Throws: the first failing job's `BacktestError`.
    public func run(progress: (@Sendable (String, Int) -> Void)? = nil) throws(BacktestError) -> [[PolicyOutcome]] {
        let jobs = backtesters.indices.flatMap { b in policies.map { (b, $0) } }
        let runs = ParallelMap.map(jobs.map { Job(backtester: backtesters[$0.0], policy: $0.1, key: "\($0.0)/\($0.1.rawValue)") }) { job in
            Result { () throws(BacktestError) -> PolicyOutcome in
                try job.backtester.run(job.policy) { done, _ in progress?(job.key, done) }
            }
        }
        var outcomes: [[PolicyOutcome]] = backtesters.map { _ in [] }
        for (k, run) in runs.enumerated() {
            switch run {
            case .success(let o): outcomes[jobs[k].0].append(o)
            case .failure(let e): throw e
            }
        }
        return outcomes
    }
}

private struct Job: Sendable {
    let backtester: Backtester
    let policy: PolicyName
    let key: String
}
