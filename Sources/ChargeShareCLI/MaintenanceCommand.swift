public import ArgumentParser
import ChargeShareDomain
import Foundation
import Maintenance
import Store
import Synthetic

/// `chargeshare maintenance`: charger failure risk from stored telemetry (docs/maintenance.md).
public struct MaintenanceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "maintenance",
        abstract: "Simulate degrading chargers, train and evaluate the failure-risk model, score a fleet (docs/maintenance.md).",
        subcommands: [
            MaintenanceSimulateCommand.self, MaintenanceTrainCommand.self, MaintenanceEvaluateCommand.self, MaintenanceScoreCommand.self,
        ]
    )

    public init() {}
}

/// Loading shared by the maintenance commands.
enum MaintenanceInput {
    /// The engine database at `path`; exit 2 when it cannot be opened.
    static func store(_ path: String) throws -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            IO.printError("error: no engine database at \(path)")
            throw ExitCode(2)
        }
        do { return try SQLiteStore(path: path, schema: .engine) } catch {
            IO.printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    /// A model file; exit 2 with every problem and its JSON path when it is not one this engine reads.
    static func model(_ path: String) throws -> MaintenanceModel {
        let bytes = try IO.readOrExit(path, what: "maintenance model", limit: 1 << 20)
        do { return try MaintenanceModel.read(bytes) } catch {
            IO.printError("error: \(path) is not a usable maintenance model:\n\(error)")
            throw ExitCode(2)
        }
    }

    /// A labelled run: the labels file and the registry chargers it names, their daily features
    /// over the labels' days.
    static func run(db: String, labels path: String) throws -> MaintenanceTraining.Run {
        let bytes = try IO.readOrExit(path, what: "labels", limit: 64 << 20)
        let labels: FailureLabels
        do { labels = try FailureLabels.read(bytes) } catch {
            IO.printError("error: \(path):\n\(error)")
            throw ExitCode(2)
        }
        guard let start = labels.start, let days = labels.days else {
            IO.printError("error: \(path) must give the run's \"start\" (a UTC midnight) and \"days\"")
            throw ExitCode(2)
        }
        let store = try Self.store(db)
        let registry = try IO.failingWithExitOne { try store.registry() }
        let named = Set(labels.chargerIds)
        let chargers = MaintainedCharger.all(registry).filter { named.contains($0.chargerId) }
        let known = Set(chargers.map(\.chargerId))
        let missing = labels.chargerIds.filter { !known.contains($0) }
        guard missing.isEmpty else {
            IO.printError(
                "error: \(path) names charger(s) the registry of \(db) does not hold: \(missing.prefix(5).map { Displayed.quoted($0) }.joined(separator: ", "))"
            )
            throw ExitCode(2)
        }
        let history = try IO.failingWithExitOne { try FleetHistory.load(store, chargers: chargers, firstDay: start, dayCount: days) }
        return MaintenanceTraining.Run(history: history, failures: labels.failures, labelsSHA256: MaintenanceModel.sha256Hex(bytes))
    }
}

/// `chargeshare maintenance simulate`: a labelled run of degrading chargers as contract telemetry.
struct MaintenanceSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a seeded fleet's registry.json, telemetry.jsonl (contract envelopes) and labels.json into a directory.",
        discussion: "The physics is in docs/maintenance.md. Exit codes: 0 written; 2 bad arguments; 1 a write failed."
    )

    @Option(name: .long, help: ArgumentHelp("Directory to write into (created).", valueName: "dir")) var out: String
    @Option(name: .long, help: "Chargers (six to a site).") var chargers = 60
    @Option(name: .long, help: "Days simulated.") var days = 120
    @Option(name: .long, help: "Seed: the same seed gives the same files.") var seed: UInt64 = 1
    @Option(name: .long, help: ArgumentHelp("First day (UTC).", valueName: "YYYY-MM-DD")) var start = "2026-03-02"
    @Option(name: .long, help: "Share of chargers that fail in the run.") var failureShare = 0.3

    func validate() throws {
        guard (1...100_000).contains(chargers) else { throw ValidationError("--chargers must be 1 to 100000") }
        guard (1...3660).contains(days) else { throw ValidationError("--days must be 1 to 3660") }
        guard chargers * days <= Self.maximumChargerDays else {
            throw ValidationError("--chargers × --days must be at most \(Self.maximumChargerDays) (about 46 messages each), got \(chargers * days)")
        }
        guard (0...1).contains(failureShare) else { throw ValidationError("--failure-share must be in [0, 1]") }
        guard CivilDate(start) != nil else { throw ValidationError("--start must be a date YYYY-MM-DD") }
    }

    /// The largest run written: 10,000 chargers for 200 days, about 90 M messages.
    static let maximumChargerDays = 2_000_000

    /// Writes telemetry.jsonl (through a temporary file renamed into place when whole), then
    /// registry.json and labels.json: a run cut short leaves no labels beside partial telemetry.
    func run() throws {
        guard let day = CivilDate(start) else { throw ExitCode(2) }
        let simulator = DegradationSimulator(
            chargers: chargers, days: days, start: Timestamp(millisecondsSinceEpoch: Int64(day.daysSinceEpoch) * 86_400_000),
            failureShare: failureShare, seed: seed)
        try IO.failingWithExitOne {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let target = out + "/telemetry.jsonl", partial = out + "/.telemetry.jsonl.partial"
            guard FileManager.default.createFile(atPath: partial, contents: nil), let file = FileHandle(forWritingAtPath: partial) else {
                throw FileFailure(partial, "cannot be created")
            }
            var lines = 0
            do {
                defer { try? file.close() }
                var buffer: [UInt8] = []
                try simulator.writeTelemetry { line in
                    buffer.append(contentsOf: line.utf8)
                    buffer.append(0x0A)
                    lines += 1
                    if buffer.count >= 1 << 20 {
                        try file.write(contentsOf: buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                try file.write(contentsOf: buffer)
                try file.synchronize()
            } catch {
                try? FileManager.default.removeItem(atPath: partial)
                throw error
            }
            guard rename(partial, target) == 0 else { throw FileFailure.errno(target) }
            try IO.write(JSONWriter(indent: 2).bytes(simulator.registry().json) + [0x0A], to: out + "/registry.json")
            try IO.write(JSONWriter(indent: 2).bytes(simulator.labels()) + [0x0A], to: out + "/labels.json")
            let failed = simulator.units.filter { $0.failure != nil }.count
            IO.printLines("wrote \(target): \(lines) messages from \(chargers) chargers over \(days) days, \(failed) failure(s)")
        }
    }
}

/// `chargeshare maintenance train`: fit the model on labelled runs in engine databases.
struct MaintenanceTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the failure-risk model on labelled runs (an engine database with the run's telemetry, and its labels.json).",
        discussion: "Give --db and --labels once per run, in pairs. Exit codes: 0 written; 2 bad arguments or input; 1 the fit or write failed."
    )

    @Option(name: .long, help: ArgumentHelp("Engine database of a run (repeat).", valueName: "file")) var db: [String] = []
    @Option(name: .long, help: ArgumentHelp("labels.json of the same run (repeat, same order).", valueName: "file")) var labels: [String] = []
    @Option(name: .long, help: ArgumentHelp("Model file to write.", valueName: "file")) var out: String
    @Flag(name: .long, help: "Print the training figures as one JSON line.") var json = false

    func validate() throws {
        guard !db.isEmpty, db.count == labels.count else { throw ValidationError("give --db and --labels in pairs, at least one of each") }
    }

    func run() throws {
        let runs = try zip(db, labels).map { try MaintenanceInput.run(db: $0, labels: $1) }
        let model = try IO.failingWithExitOne { try MaintenanceTraining.train(runs) }
        do { try IO.write(JSONWriter(indent: 2).bytes(model.json) + [0x0A], to: out) } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
        let figures = model.metrics["training"] ?? .null
        if json {
            IO.print(JSONWriter().string(.object([("threshold", .number(model.alertThreshold)), ("training", figures)])))
        } else {
            IO.printLines("wrote \(out): alert threshold \(model.alertThreshold); on the training runs \(JSONWriter().string(figures))")
        }
    }
}

/// `chargeshare maintenance evaluate`: precision, recall and lead time of a model, untouched, on a labelled run.
struct MaintenanceEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a labelled run daily with a model file, untouched, and print precision, recall (lead ≥ 7 days) and lead times.",
        discussion: "Exit codes: 0 printed; 2 bad arguments or input, or a model this engine does not read."
    )

    @Option(name: .long, help: ArgumentHelp("Engine database holding the run's telemetry.", valueName: "file")) var db: String
    @Option(name: .long, help: ArgumentHelp("The run's labels.json.", valueName: "file")) var labels: String
    @Option(name: .long, help: ArgumentHelp("Model file.", valueName: "file")) var model: String
    @Option(name: .long, help: "Alert threshold in [0, 1] to use instead of the model's.") var threshold: Double?
    @Option(
        name: .long,
        help: ArgumentHelp("Write every daily risk and its features as CSV (charger_id,as_of,risk,days_to_failure,features…).", valueName: "file"))
    var risks: String?
    @Flag(name: .long, help: "Print the figures as one JSON line.") var json = false

    func validate() throws {
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be in [0, 1], got \(threshold)") }
    }

    func run() throws {
        let file = try MaintenanceInput.model(model)
        let run = try MaintenanceInput.run(db: db, labels: labels)
        let features = MaintenanceEvaluation.dailyFeatures(history: run.history, failures: run.failures)
        let daily = features.map { $0.map(file.regression.probability) }
        if let risks {
            var lines = ["charger_id,as_of,risk,days_to_failure," + RiskFeatures.names.joined(separator: ",")]
            for (c, series) in daily.enumerated() {
                let charger = run.history.chargers[c].chargerId
                let failure = run.failures[charger]
                for (k, risk) in series.enumerated() {
                    let time = run.history.time(ofDay: MaintenanceEvaluation.firstScoredDay + k)
                    let days = failure.map { JSONWriter.format(Double($0.millisecondsSinceEpoch - time.millisecondsSinceEpoch) / 86_400_000) } ?? ""
                    let values = features[c][k].map { JSONWriter.format($0) }.joined(separator: ",")
                    lines.append("\(charger),\(time.rfc3339Seconds),\(JSONWriter.format(risk)),\(days),\(values)")
                }
            }
            do { try IO.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: risks) } catch {
                IO.printError("error: \(error)")
                throw ExitCode(1)
            }
        }
        let evaluation = MaintenanceEvaluation.evaluate(
            risks: daily, threshold: threshold ?? file.alertThreshold, history: run.history, failures: run.failures)
        if json { IO.print(JSONWriter().string(evaluation.json)) } else { IO.printLines(JSONWriter(indent: 2).string(evaluation.json)) }
    }
}
