import Foundation

/// Progress on standard error with count, rate and ETA, safe to update from several threads.
///
/// On a terminal (standard error is a TTY) one line is redrawn at most five times a second:
/// `ingest [#########---------------------] 30% 1058/3527 lines, 5012 lines/s, ETA 1 s`.
/// Otherwise (a log, CI, a captured console) plain lines that a log can hold: the first update,
/// then each time a new 10 % is reached or `plainInterval` seconds have passed, e.g.
/// `ingest: 30% 1058/3527 lines, 5012 lines/s, elapsed 0 s, ETA 1 s`. When the total is
/// unknown (standard input) there is no bar, percent or ETA: `ingest: 1058 lines, 5012 lines/s,
/// elapsed 0 s`. `finish()` ends with `ingest done in 0.7 s: 3527 lines, 5039 lines/s`.
///
/// The lines are built by pure functions (`terminalLine`, `plainLine`, `finishLine`), so tests
/// pin them exactly; the clock is injected.
final class ProgressBar: @unchecked Sendable {
    /// Seconds between plain lines when no new 10 % was reached.
    static let plainInterval = 5.0
    /// Seconds between redraws on a terminal.
    static let redrawInterval = 0.2
    /// Characters in the terminal bar.
    static let barWidth = 30

    private let label: String
    private let unit: String
    private var total: Int?
    private var done: [String: Int] = [:]
    private let lock = NSLock()
    private let now: @Sendable () -> Double
    private let started: Double
    private let terminal: Bool
    private var lastDraw: Double?
    /// The last 10 % mark a plain line was printed for.
    private var lastDecile = -1
    /// The console of the command that made the bar: updates come from worker threads.
    private let console = Console.current

    /// - Parameters:
    ///   - unit: what is counted (`lines`, `steps`).
    ///   - total: how many there are, `nil` when unknown (no percent, no ETA).
    ///   - terminal: draw the redrawn bar; default: standard error is a TTY and the console is the process's.
    ///   - now: a monotonic clock in seconds.
    init(
        label: String, unit: String = "steps", total: Int?, terminal: Bool? = nil,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
    ) {
        self.label = label
        self.unit = unit
        self.total = total.map { max($0, 1) }
        self.now = now
        started = now()
        self.terminal = terminal ?? (!console.isCaptured && isatty(FileHandle.standardError.fileDescriptor) != 0)
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        if !console.appendError(bytes) { FileHandle.standardError.write(Data(bytes)) }
    }

    /// Records that `key` has finished `count` of its steps (the bar shows the sum over keys);
    /// `total`, when given, replaces the total.
    func update(_ key: String, _ count: Int, of total: Int? = nil) {
        lock.withLock {
            if let total { self.total = max(total, 1) }
            done[key] = count
            let sum = done.values.reduce(0, +)
            let t = now()
            let elapsed = t - started
            let complete = self.total.map { sum >= $0 } ?? false
            if terminal {
                guard complete || lastDraw.map({ t - $0 >= Self.redrawInterval }) ?? true else { return }
                lastDraw = t
                write("\r" + Self.terminalLine(label: label, unit: unit, done: sum, total: self.total, elapsed: elapsed) + "\u{1B}[K")
            } else {
                let decile = self.total.map { Self.percent(sum, of: $0) / 10 } ?? 0
                let due = lastDraw.map { t - $0 >= Self.plainInterval } ?? true
                guard due || decile > lastDecile else { return }
                lastDraw = t
                lastDecile = max(lastDecile, decile)
                write(Self.plainLine(label: label, unit: unit, done: sum, total: self.total, elapsed: elapsed) + "\n")
            }
        }
    }

    /// Ends the bar with the count, time and rate.
    func finish() {
        lock.withLock {
            let line = Self.finishLine(label: label, unit: unit, done: done.values.reduce(0, +), elapsed: now() - started)
            write(terminal ? "\r" + line + "\u{1B}[K\n" : line + "\n")
        }
    }

    // MARK: - Formatting (pure)

    /// The redrawn terminal line: `label [###---] P% done/total unit, R unit/s, ETA D`, or
    /// without a total `label done unit, R unit/s, elapsed D`.
    static func terminalLine(label: String, unit: String, done: Int, total: Int?, elapsed: Double, width: Int = barWidth) -> String {
        guard let total else { return "\(label) \(done) \(unit), \(rate(done, elapsed, unit)), elapsed \(duration(elapsed))" }
        let p = percent(done, of: total)
        let filled = min(width, done * width / max(total, 1))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "\(label) [\(bar)] \(p)% \(done)/\(total) \(unit), \(rate(done, elapsed, unit)), ETA \(eta(done, total, elapsed))"
    }

    /// A plain progress line: `label: P% done/total unit, R unit/s, elapsed D, ETA D`, or without
    /// a total `label: done unit, R unit/s, elapsed D`.
    static func plainLine(label: String, unit: String, done: Int, total: Int?, elapsed: Double) -> String {
        guard let total else { return "\(label): \(done) \(unit), \(rate(done, elapsed, unit)), elapsed \(duration(elapsed))" }
        return
            "\(label): \(percent(done, of: total))% \(done)/\(total) \(unit), \(rate(done, elapsed, unit)), elapsed \(duration(elapsed)), ETA \(eta(done, total, elapsed))"
    }

    /// The last line: `label done in S s: done unit, R unit/s`.
    static func finishLine(label: String, unit: String, done: Int, elapsed: Double) -> String {
        String(format: "%@ done in %.1f s: %d %@, %@", label, elapsed, done, unit, rate(done, elapsed, unit))
    }

    /// Whole percent done, 0–100 (rounded down, so 100 % means all).
    static func percent(_ done: Int, of total: Int) -> Int {
        guard total > 0 else { return 100 }
        return min(100, max(0, done) * 100 / total)
    }

    /// `R unit/s`: whole numbers from 10 on, one decimal below; `? unit/s` before any time has passed.
    static func rate(_ done: Int, _ elapsed: Double, _ unit: String) -> String {
        guard elapsed > 0 else { return "? \(unit)/s" }
        let r = Double(done) / elapsed
        return String(format: r >= 10 ? "%.0f %@/s" : "%.1f %@/s", r, unit)
    }

    /// Time left at the rate so far; `?` before anything is done.
    static func eta(_ done: Int, _ total: Int, _ elapsed: Double) -> String {
        guard done > 0, elapsed > 0 else { return "?" }
        return duration(Double(max(0, total - done)) * elapsed / Double(done))
    }

    /// `42 s`, `3 min 05 s`, `2 h 07 min` (rounded to the unit shown).
    static func duration(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        let m = (s + 30) / 60
        return String(format: "%d h %02d min", m / 60, m % 60)
    }
}
