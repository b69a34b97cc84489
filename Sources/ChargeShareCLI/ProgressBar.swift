import Foundation

/// A progress bar with ETA on standard error, safe to update from several threads.
///
/// On a terminal it redraws one line; otherwise (CI logs) it prints a line every 10 %.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private var done: [String: Int] = [:]
    private let lock = NSLock()
    private let started = Date()
    private let terminal: Bool
    private var lastDraw = Date.distantPast
    private var lastDecile = -1
    private let label: String
    /// The console of the command that made the bar: updates come from worker threads.
    private let console = Console.current

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        if !console.appendError(bytes) { FileHandle.standardError.write(Data(bytes)) }
    }

    init(label: String, total: Int) {
        self.label = label
        terminal = !console.isCaptured && isatty(FileHandle.standardError.fileDescriptor) != 0
        self.total = max(total, 1)
    }

    /// Records that `key` has finished `count` of its steps.
    func update(_ key: String, _ count: Int) {
        lock.withLock {
            done[key] = count
            let sum = done.values.reduce(0, +)
            let fraction = min(1, Double(sum) / Double(total))
            let now = Date()
            if terminal {
                guard now.timeIntervalSince(lastDraw) > 0.2 || sum >= total else { return }
                lastDraw = now
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                write("\r\(label) [\(bar)] \(Int(fraction * 100))% \(eta(fraction, now))   ")
            } else {
                let decile = Int(fraction * 10)
                guard decile > lastDecile else { return }
                lastDecile = decile
                write("\(label): \(decile * 10)% \(eta(fraction, now))\n")
            }
        }
    }

    /// Ends the bar's line.
    func finish() {
        lock.withLock {
            let elapsed = Date().timeIntervalSince(started)
            let text = String(format: "%@ done in %.1f s", label, elapsed)
            write((terminal ? "\r" : "") + text + String(repeating: " ", count: 20) + "\n")
        }
    }

    private func eta(_ fraction: Double, _ now: Date) -> String {
        let elapsed = now.timeIntervalSince(started)
        guard fraction > 0.01 else { return String(format: "elapsed %.0f s", elapsed) }
        return String(format: "elapsed %.0f s, ETA %.0f s", elapsed, elapsed * (1 - fraction) / fraction)
    }
}
