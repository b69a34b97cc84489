public import ArgumentParser
import Backtest
import BacktestReport
import ChargeShareDatasets
import ChargeShareDomain
import Foundation

/// `chargeshare backtest`: replay real sessions through the engine and baseline policies.
public struct BacktestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay charging sessions through the dispatch engine and baseline policies (docs/backtests.md).",
        discussion: "Exit codes: 0 done; 2 invalid input or settings; 1 a policy or an output failed.",
        subcommands: [BacktestRunCommand.self, BacktestSweepCommand.self],
        defaultSubcommand: BacktestRunCommand.self
    )

    public init() {}
}

/// `chargeshare backtest [run]`: one feeder limit, several policies.
struct BacktestRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Replay at one feeder limit.")

    @OptionGroup var options: BacktestOptions

    @Option(name: .customLong("feeder-limit-kw"), help: "Import limit of the feeder, kW.")
    var feederLimitKw: Double

    func run() throws {
        let outcomes = try BacktestRunner(options: options).replay(limits: [feederLimitKw])
        try BacktestRunner(options: options).report(outcomes, sweep: false)
    }
}

/// `chargeshare backtest sweep`: energy delivered against the feeder limit, per policy.
struct BacktestSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Replay every policy at each feeder limit: the ACN papers' curve.")

    @OptionGroup var options: BacktestOptions

    @Option(name: .long, help: ArgumentHelp("Comma-separated feeder limits, kW, e.g. 20,30,40.", valueName: "list"))
    var limits: String

    func validate() throws {
        guard !parsedLimits.isEmpty, parsedLimits.count == limits.split(separator: ",").count else {
            throw ValidationError("--limits: expected positive numbers separated by commas, got \"\(limits)\"")
        }
    }

    var parsedLimits: [Double] {
        limits.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 && $0.isFinite }
    }

    func run() throws {
        let runner = BacktestRunner(options: options)
        try runner.report(try runner.replay(limits: parsedLimits), sweep: true)
    }
}

/// Loads the inputs, runs the replays and writes every output.
struct BacktestRunner {
    let options: BacktestOptions

    /// Replays every (limit, policy) pair, two at a time; outcomes grouped by limit in order.
    func replay(limits: [Double]) throws -> [[PolicyOutcome]] {
        let policies: [PolicyName]
        let sessions: [SessionRecord]
        let signal: (PriceSignal, String)
        do {
            policies = try PolicyName.parseList(options.policy)
            sessions = try SessionFile.load(path: options.sessions)
            signal = try options.priceSignal()
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(2)
        }
        var backtesters: [Backtester] = []
        for limit in limits {
            do {
                backtesters.append(Backtester(replay: try Replay(sessions: sessions, config: options.config(limitKw: limit), prices: signal.0),
                                              currency: signal.1))
            } catch {
                IO.printError("error: \(error)")
                throw ExitCode(2)
            }
        }
        let jobs = backtesters.indices.flatMap { b in policies.map { (b, $0) } }
        let steps = backtesters.first?.replay.fleet.steps ?? 0
        let bar = options.noProgress ? nil : ProgressBar(label: "backtest", total: steps * jobs.count)
        let runs = ParallelMap.map(jobs.map { Job(backtester: backtesters[$0.0], policy: $0.1, key: "\($0.0)/\($0.1.rawValue)") }) { job in
            Result { () throws(BacktestError) -> PolicyOutcome in
                try job.backtester.run(job.policy) { done, _ in bar?.update(job.key, done) }
            }
        }
        bar?.finish()
        var outcomes: [[PolicyOutcome]] = backtesters.map { _ in [] }
        for (k, run) in runs.enumerated() {
            switch run {
            case .success(let o): outcomes[jobs[k].0].append(o)
            case .failure(let e):
                IO.printError("error: \(e)")
                throw ExitCode(1)
            }
        }
        return outcomes
    }

    /// Prints the table, writes files, and prints the JSON line last.
    func report(_ byLimit: [[PolicyOutcome]], sweep: Bool) throws {
        let all = byLimit.flatMap { $0 }
        guard let first = all.first else { return }
        let fleet = first.replay.fleet
        print("\(fleet.entries.count) sessions from \(fleet.time(ofStep: 0, config: first.replay.config)), \(fleet.steps) steps of \(first.replay.config.intervalMinutes) min; prices: \(first.replay.prices.label)")
        print(BacktestTable.text(all))
        if let out = options.out {
            do { try write(all, byLimit: byLimit, to: out, sweep: sweep) } catch {
                IO.printError("error: writing \(out): \(error)")
                throw ExitCode(1)
            }
        }
        if options.json { print(BacktestTable.json(byLimit, sweep: sweep)) }
    }

    func write(_ all: [PolicyOutcome], byLimit: [[PolicyOutcome]], to out: String, sweep: Bool) throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let tables = [ReportRows.summary(all), ReportRows.daily(all), ReportRows.sessions(all), ReportRows.steps(all)]
        for table in tables {
            try IO.write(Array(ReportRows.csv(table).utf8), to: (out as NSString).appendingPathComponent("\(table.name).csv"))
        }
        let description = CommandLine.arguments.dropFirst().joined(separator: " ")
        let database = (out as NSString).appendingPathComponent("backtest.sqlite")
        let runId = try BacktestDatabase.write(path: database, description: description, tables: tables)
        IO.printError("wrote \(out)/{summary,daily,sessions,steps}.csv and run \(runId) in \(database)")
        if options.plots {
            let directory = (out as NSString).appendingPathComponent("plots")
            let files = try BacktestPlots.write(byLimit: byLimit, sweep: sweep, to: directory)
            IO.printError("wrote \(files.count) charts: \(files.joined(separator: ", "))")
        }
    }
}

private struct Job: Sendable {
    let backtester: Backtester
    let policy: PolicyName
    let key: String
}
