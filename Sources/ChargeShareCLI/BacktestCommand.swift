public import ArgumentParser
import Backtest
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

    func validate() throws {
        if let problem = BacktestOptions.limitProblem("--feeder-limit-kw", feederLimitKw) {
            IO.printError("error: \(problem)")
            throw ExitCode(2)
        }
    }

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

    /// Most limits one sweep replays: each limit keeps its own replay in memory.
    static let maximumLimits = 100

    func validate() throws {
        let parts = limits.split(separator: ",", omittingEmptySubsequences: false)
        var problem: String?
        if parts.count > Self.maximumLimits {
            problem = "--limits: at most \(Self.maximumLimits) limits; got \(parts.count)"
        }
        for part in parts where problem == nil {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let value = Double(text) else {
                problem = "--limits: expected feeder limits in kW separated by commas, got \"\(limits)\""
                break
            }
            problem = BacktestOptions.limitProblem("--limits", value)
        }
        if let problem {
            IO.printError("error: \(problem)")
            throw ExitCode(2)
        }
    }

    var parsedLimits: [Double] {
        limits.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    func run() throws {
        let runner = BacktestRunner(options: options)
        try runner.report(try runner.replay(limits: parsedLimits), sweep: true)
    }
}

/// Loads the inputs, runs the library's sweep, prints and writes: the CLI's part of a backtest.
struct BacktestRunner {
    let options: BacktestOptions

    /// Replays every (limit, policy) pair; outcomes grouped by limit in order.
    /// Bad input exits 2, a failing policy 1.
    func replay(limits: [Double]) throws -> [[PolicyOutcome]] {
        let sweep: BacktestSweep
        do {
            let policies = try PolicyName.parseList(options.policy)
            let sessions = try SessionFile.load(path: options.sessions)
            let (signal, currency) = try options.priceSignal()
            sweep = try BacktestSweep(
                sessions: sessions, configs: limits.map { options.config(limitKw: $0) }, prices: signal, currency: currency,
                policies: policies)
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(2)
        }
        let bar = options.noProgress ? nil : ProgressBar(label: "backtest", total: sweep.totalSteps)
        let outcome = Result { () throws(BacktestError) in try sweep.run { key, done in bar?.update(key, done) } }
        bar?.finish()
        switch outcome {
        case .success(let byLimit): return byLimit
        case .failure(let error):
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Prints the table, writes files, and prints the JSON line last.
    func report(_ byLimit: [[PolicyOutcome]], sweep: Bool) throws {
        let all = byLimit.flatMap { $0 }
        guard let first = all.first else { return }
        IO.print(BacktestSummary.header(first))
        IO.print(BacktestSummary.text(all))
        if let out = options.out {
            do {
                let written = try BacktestOutput.write(
                    byLimit, to: out, sweep: sweep, plots: options.plots,
                    description: Console.current.arguments.joined(separator: " "), clock: SystemWallClock())
                IO.printError(
                    "wrote \(out)/{summary,daily,sessions,steps}.csv and run \(written.runId) in \((out as NSString).appendingPathComponent("backtest.sqlite"))"
                )
                if options.plots { IO.printError("wrote \(written.charts.count) charts: \(written.charts.joined(separator: ", "))") }
            } catch {
                IO.printError("error: writing \(out): \(error)")
                throw ExitCode(1)
            }
        }
        if options.json { IO.print(BacktestSummary.json(byLimit, sweep: sweep)) }
    }
}
