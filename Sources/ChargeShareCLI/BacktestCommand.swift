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

/// Loads the inputs, runs the replays and writes every output.
struct BacktestRunner {
    let options: BacktestOptions

    /// Most step results one run keeps: every (limit, policy, step) is a row of steps.csv and
    /// the database. The full Caltech sweep (35,000 steps, 7 policies, 14 limits) keeps 3.4 million.
    static let maximumStepResults = 10_000_000

    /// Why steps × policies × limits is too large to keep, or `nil`.
    static func sizeProblem(steps: Int, policies: Int, limits: Int) -> String? {
        let cells = steps.multipliedReportingOverflow(by: policies * limits)
        guard cells.overflow || cells.partialValue > maximumStepResults else { return nil }
        return
            "\(steps) steps × \(policies) policies × \(limits) limits is more than \(maximumStepResults) step results; use fewer limits or policies, a longer --interval, or a shorter --from/--to"
    }

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
                backtesters.append(
                    Backtester(
                        replay: try Replay(sessions: sessions, config: options.config(limitKw: limit), prices: signal.0),
                        currency: signal.1))
                if let problem = Self.sizeProblem(steps: backtesters[0].replay.fleet.steps, policies: policies.count, limits: limits.count) {
                    IO.printError("error: \(problem)")
                    throw ExitCode(2)
                }
            } catch let exit as ExitCode {
                throw exit
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
        print(
            "\(fleet.entries.count) sessions from \(fleet.time(ofStep: 0, config: first.replay.config)), \(fleet.steps) steps of \(first.replay.config.intervalMinutes) min; prices: \(first.replay.prices.label)"
        )
        print(BacktestTable.text(all))
        if let out = options.out {
            do { try write(all, byLimit: byLimit, to: out, sweep: sweep) } catch {
                IO.printError("error: writing \(out): \(error)")
                throw ExitCode(1)
            }
        }
        if options.json { print(BacktestTable.json(byLimit, sweep: sweep)) }
    }

    /// Writes every output into a fresh sibling directory and moves it into place only when all
    /// of it was written, so a failed run (SQLite, a chart, a full disk) leaves `out` as it was.
    ///
    /// A new `out` is one `rename`. Into an existing `out`, each file replaces its old copy by
    /// `rename` (atomic per file) after every destination was checked, and `backtest.sqlite` is
    /// copied into the staging directory first so the run is appended to the earlier runs.
    func write(_ all: [PolicyOutcome], byLimit: [[PolicyOutcome]], to out: String, sweep: Bool) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: out).resolvingSymlinksInPath().standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            var files: [String] = []
            let tables = [ReportRows.summary(all), ReportRows.daily(all), ReportRows.sessions(all), ReportRows.steps(all)]
            for table in tables {
                try IO.write(Array(ReportRows.csv(table).utf8), to: staging.appendingPathComponent("\(table.name).csv").path)
                files.append("\(table.name).csv")
            }
            let existing = target.appendingPathComponent("backtest.sqlite")
            let database = staging.appendingPathComponent("backtest.sqlite")
            if fm.fileExists(atPath: existing.path) {
                guard Self.isRegularFile(existing.resolvingSymlinksInPath().path) else {
                    throw OutputError("\(existing.path) exists and is not a regular file")
                }
                try fm.copyItem(at: existing.resolvingSymlinksInPath(), to: database)
            }
            let description = CommandLine.arguments.dropFirst().joined(separator: " ")
            let runId = try BacktestDatabase.write(path: database.path, description: description, tables: tables)
            files.append("backtest.sqlite")
            var charts: [String] = []
            if options.plots {
                charts = try BacktestPlots.write(byLimit: byLimit, sweep: sweep, to: staging.appendingPathComponent("plots").path)
                files += charts.map { "plots/\($0)" }
            }
            try Self.commit(files, from: staging, to: target)
            IO.printError(
                "wrote \(out)/{summary,daily,sessions,steps}.csv and run \(runId) in \((out as NSString).appendingPathComponent("backtest.sqlite"))")
            if options.plots { IO.printError("wrote \(charts.count) charts: \(charts.joined(separator: ", "))") }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        try? fm.removeItem(at: staging)
    }

    /// Moves the staged files into `target`: the whole directory when `target` does not exist,
    /// else file by file after checking that no destination is a directory (or `plots` a file).
    static func commit(_ files: [String], from staging: URL, to target: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: target.path) else {
            guard rename(staging.path, target.path) == 0 else {
                throw OutputError("cannot move the outputs into \(target.path): \(String(cString: strerror(errno)))")
            }
            return
        }
        let plots = target.appendingPathComponent("plots")
        if files.contains(where: { $0.hasPrefix("plots/") }) {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: plots.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw OutputError("\(plots.path) exists and is not a directory")
            }
        }
        for file in files {
            var isDirectory: ObjCBool = false
            let destination = target.appendingPathComponent(file).path
            if fm.fileExists(atPath: destination, isDirectory: &isDirectory), isDirectory.boolValue {
                throw OutputError("\(destination) exists and is a directory")
            }
        }
        if files.contains(where: { $0.hasPrefix("plots/") }) { try fm.createDirectory(at: plots, withIntermediateDirectories: true) }
        for file in files {
            let from = staging.appendingPathComponent(file).path, to = target.appendingPathComponent(file).path
            guard rename(from, to) == 0 else { throw OutputError("cannot move \(file) into \(target.path): \(String(cString: strerror(errno)))") }
        }
    }

    static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }
}

/// An output that cannot be written, with the path.
struct OutputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private struct Job: Sendable {
    let backtester: Backtester
    let policy: PolicyName
    let key: String
}
