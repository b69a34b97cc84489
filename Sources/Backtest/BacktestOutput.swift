public import ChargeShareDomain
import Foundation
import Store

/// Writes a backtest's files: `summary`, `daily`, `sessions` and `steps` as CSV, the run appended
/// to `backtest.sqlite` (the `Store`), and with plots the SVG charts in `plots/`.
public enum BacktestOutput {
    /// What was written.
    public struct Written: Sendable {
        /// The run's id in `backtest.sqlite`.
        public let runId: Int64
        /// Chart file names in `plots/` (empty without plots).
        public let charts: [String]
    }

    /// Writes every output into a fresh sibling directory and moves it into place only when all
    /// of it was written, so a failed run (SQLite, a chart, a full disk) leaves `out` as it was.
    ///
    /// A new `out` is one `rename`. Into an existing `out`, each file replaces its old copy by
    /// `rename` (atomic per file) after every destination was checked, and `backtest.sqlite` is
    /// copied into the staging directory first so the run is appended to the earlier runs.
    /// - Parameters:
    ///   - description: the run's description in the database (the command line).
    ///   - clock: the database's `created_at`.
    public static func write(
        _ byLimit: [[PolicyOutcome]], to out: String, sweep: Bool, plots: Bool, description: String, clock: any WallClock
    ) throws -> Written {
        let all = byLimit.flatMap { $0 }
        let fm = FileManager.default
        let target = URL(fileURLWithPath: out).resolvingSymlinksInPath().standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        defer { try? fm.removeItem(at: staging) }
        var files: [String] = []
        let tables = [ReportRows.summary(all), ReportRows.daily(all), ReportRows.sessions(all), ReportRows.steps(all)]
        for table in tables {
            try Data(ReportRows.csv(table).utf8).write(to: staging.appendingPathComponent("\(table.name).csv"))
            files.append("\(table.name).csv")
        }
        let existing = target.appendingPathComponent("backtest.sqlite")
        let database = staging.appendingPathComponent("backtest.sqlite")
        if fm.fileExists(atPath: existing.path) {
            guard isRegularFile(existing.resolvingSymlinksInPath().path) else {
                throw BacktestOutputError("\(existing.path) exists and is not a regular file")
            }
            try fm.copyItem(at: existing.resolvingSymlinksInPath(), to: database)
        }
        let store = try SQLiteStore(path: database.path)
        let runId = try store.appendRun(BacktestRun(createdAt: clock.now, description: description, tables: tables))
        files.append("backtest.sqlite")
        var charts: [String] = []
        if plots {
            charts = try BacktestPlots.write(byLimit: byLimit, sweep: sweep, to: staging.appendingPathComponent("plots").path)
            files += charts.map { "plots/\($0)" }
        }
        try commit(files, from: staging, to: target)
        return Written(runId: runId, charts: charts)
    }

    /// Moves the staged files into `target`: the whole directory when `target` does not exist,
    /// else file by file after checking that no destination is a directory (or `plots` a file).
    static func commit(_ files: [String], from staging: URL, to target: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: target.path) else {
            guard rename(staging.path, target.path) == 0 else {
                throw BacktestOutputError("cannot move the outputs into \(target.path): \(String(cString: strerror(errno)))")
            }
            return
        }
        let plots = target.appendingPathComponent("plots")
        if files.contains(where: { $0.hasPrefix("plots/") }) {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: plots.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw BacktestOutputError("\(plots.path) exists and is not a directory")
            }
        }
        for file in files {
            var isDirectory: ObjCBool = false
            let destination = target.appendingPathComponent(file).path
            if fm.fileExists(atPath: destination, isDirectory: &isDirectory), isDirectory.boolValue {
                throw BacktestOutputError("\(destination) exists and is a directory")
            }
        }
        if files.contains(where: { $0.hasPrefix("plots/") }) { try fm.createDirectory(at: plots, withIntermediateDirectories: true) }
        for file in files {
            let from = staging.appendingPathComponent(file).path, to = target.appendingPathComponent(file).path
            guard rename(from, to) == 0 else {
                throw BacktestOutputError("cannot move \(file) into \(target.path): \(String(cString: strerror(errno)))")
            }
        }
    }

    static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }
}

/// An output that cannot be written, with the path.
public struct BacktestOutputError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
