@testable import ChargeShareCLI
import Foundation
import Testing

/// The progress lines, exactly: pure formatting, and the cadence with an injected clock.
@Suite("Progress bar")
struct ProgressBarTests {
    /// A clock the test moves.
    final class FakeClock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds = 100.0
        var now: Double { lock.withLock { seconds } }
        func set(_ value: Double) { lock.withLock { seconds = 100 + value } }
    }

    @Test func terminalLine() {
        #expect(
            ProgressBar.terminalLine(label: "ingest", unit: "lines", done: 1000, total: 4000, elapsed: 2)
                == "ingest [#######-----------------------] 25% 1000/4000 lines, 500 lines/s, ETA 6 s")
        #expect(
            ProgressBar.terminalLine(label: "ingest", unit: "lines", done: 4000, total: 4000, elapsed: 125, width: 10)
                == "ingest [##########] 100% 4000/4000 lines, 32 lines/s, ETA 0 s")
        #expect(
            ProgressBar.terminalLine(label: "ingest", unit: "lines", done: 0, total: 4000, elapsed: 0, width: 4)
                == "ingest [----] 0% 0/4000 lines, ? lines/s, ETA ?")
        // Standard input: no total, so no bar, percent or ETA.
        #expect(
            ProgressBar.terminalLine(label: "ingest", unit: "lines", done: 1234, total: nil, elapsed: 2)
                == "ingest 1234 lines, 617 lines/s, elapsed 2 s")
    }

    @Test func plainAndFinishLines() {
        #expect(
            ProgressBar.plainLine(label: "ingest", unit: "lines", done: 3527, total: 3527, elapsed: 0.7)
                == "ingest: 100% 3527/3527 lines, 5039 lines/s, elapsed 1 s, ETA 0 s")
        #expect(
            ProgressBar.plainLine(label: "backtest", unit: "steps", done: 3, total: 1000, elapsed: 2)
                == "backtest: 0% 3/1000 steps, 1.5 steps/s, elapsed 2 s, ETA 11 min 05 s")
        #expect(
            ProgressBar.plainLine(label: "ingest", unit: "lines", done: 20_000, total: nil, elapsed: 4000)
                == "ingest: 20000 lines, 5.0 lines/s, elapsed 1 h 07 min")
        #expect(ProgressBar.finishLine(label: "ingest", unit: "lines", done: 3527, elapsed: 0.7) == "ingest done in 0.7 s: 3527 lines, 5039 lines/s")
        #expect(ProgressBar.finishLine(label: "ingest", unit: "lines", done: 0, elapsed: 0) == "ingest done in 0.0 s: 0 lines, ? lines/s")
    }

    @Test func durations() {
        let cases: [(Double, String)] = [
            (0, "0 s"), (-3, "0 s"), (59.4, "59 s"), (59.6, "1 min 00 s"), (125, "2 min 05 s"), (3599.4, "59 min 59 s"),
            (3599.6, "1 h 00 min"), (7620, "2 h 07 min"), (90_000, "25 h 00 min"),
        ]
        for (seconds, text) in cases { #expect(ProgressBar.duration(seconds) == text, "\(seconds)") }
        #expect(ProgressBar.percent(1, of: 3) == 33 && ProgressBar.percent(5, of: 3) == 100 && ProgressBar.percent(-1, of: 3) == 0)
    }

    @Test("Without a terminal: the first update, each new 10 %, every 5 s, and the finish line")
    func plainCadence() {
        let clock = FakeClock()
        let console = Console.captured([])
        Console.$current.withValue(console) {
            let bar = ProgressBar(label: "ingest", unit: "lines", total: nil, terminal: false) { clock.now }
            clock.set(1)
            bar.update("lines", 1, of: 100)  // first: printed
            clock.set(2)
            bar.update("lines", 5, of: 100)  // same 10 %: not
            bar.update("lines", 10, of: 100)  // 10 %: printed
            clock.set(3)
            bar.update("lines", 15, of: 100)  // not
            clock.set(8)
            bar.update("lines", 16, of: 100)  // 5 s after the last line: printed
            clock.set(9)
            bar.update("lines", 100, of: 100)  // 100 %: printed
            clock.set(10)
            bar.finish()
        }
        #expect(
            console.standardError == """
                ingest: 1% 1/100 lines, 1.0 lines/s, elapsed 1 s, ETA 1 min 39 s
                ingest: 10% 10/100 lines, 5.0 lines/s, elapsed 2 s, ETA 18 s
                ingest: 16% 16/100 lines, 2.0 lines/s, elapsed 8 s, ETA 42 s
                ingest: 100% 100/100 lines, 11 lines/s, elapsed 9 s, ETA 0 s
                ingest done in 10.0 s: 100 lines, 10 lines/s

                """)
    }

    @Test("Without a total: the first update, then a line every 5 s")
    func plainCadenceWithoutTotal() {
        let clock = FakeClock()
        let console = Console.captured([])
        Console.$current.withValue(console) {
            let bar = ProgressBar(label: "ingest", unit: "lines", total: nil, terminal: false) { clock.now }
            for (t, n) in [(1.0, 10), (2, 20), (5.9, 59), (6, 60), (10, 100), (11.5, 115)] {
                clock.set(t)
                bar.update("lines", n)
            }
        }
        #expect(
            console.standardError == """
                ingest: 10 lines, 10 lines/s, elapsed 1 s
                ingest: 60 lines, 10 lines/s, elapsed 6 s
                ingest: 115 lines, 10 lines/s, elapsed 12 s

                """)
    }

    @Test("On a terminal: one line redrawn at most every 0.2 s, always at 100 %, then the finish line")
    func terminalRedraw() {
        let clock = FakeClock()
        let console = Console.captured([])
        Console.$current.withValue(console) {
            let bar = ProgressBar(label: "ingest", unit: "lines", total: 4, terminal: true) { clock.now }
            clock.set(1)
            bar.update("lines", 1)  // drawn
            clock.set(1.1)
            bar.update("lines", 2)  // too soon
            clock.set(1.3)
            bar.update("lines", 3)  // drawn
            clock.set(1.36)
            bar.update("lines", 4)  // 100 %: drawn
            bar.finish()
        }
        let esc = "\u{1B}[K"
        #expect(
            console.standardError
                == "\r" + "ingest [#######-----------------------] 25% 1/4 lines, 1.0 lines/s, ETA 3 s" + esc
                + "\r" + "ingest [######################--------] 75% 3/4 lines, 2.3 lines/s, ETA 0 s" + esc
                + "\r" + "ingest [##############################] 100% 4/4 lines, 2.9 lines/s, ETA 0 s" + esc
                + "\r" + "ingest done in 1.4 s: 4 lines, 2.9 lines/s" + esc + "\n")
    }
}
