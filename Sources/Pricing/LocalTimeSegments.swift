import ChargeShareDomain
import Foundation

/// A run of equal prices on one local calendar day: `[startMinute, endMinute)` after local midnight.
struct LocalSegment: Equatable {
    /// Local date as days since 1970-01-01.
    var day: Int
    var startMinute: Int
    var endMinute: Int
    var energy: Decimal
    var v2g: Decimal?
}

/// Maps a window's UTC intervals onto local wall-clock time, DST-correct.
///
/// Each interval is cut at DST transitions and at local midnights, and painted minute by minute
/// onto per-day grids. When clocks go back, the repeated local hour carries the higher driver price
/// and the lower V2G remuneration of its two occurrences (OCPI cannot tell them apart). When clocks
/// go forward, the skipped local hour takes the price of the interval after it, so equal prices on
/// both sides still merge.
enum LocalTimeSegments {
    private struct Cell: Equatable {
        var energy: Decimal
        var v2g: Decimal?
    }

    static func segments(_ prices: SitePrices) -> [LocalSegment] {
        let zone = TimeZone(identifier: prices.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let stepSeconds = Int64(prices.intervalMinutes * 60)
        let startSeconds = prices.start.millisecondsSinceEpoch / 1000
        var grid: [Int: [Cell?]] = [:]
        var previousLocalEnd: Int64?

        func paint(_ from: Int64, _ to: Int64, _ cell: Cell) {
            var minute = floorDivide(from, 60)
            let end = floorDivide(to + 59, 60)
            while minute < end {
                let day = Int(floorDivide(minute, 1440))
                let index = Int(minute - Int64(day) * 1440)
                // Mutated in place through the defaulted subscript (no copy of the day's 1,440 cells).
                let painted =
                    grid[day]?[index].map {
                        Cell(energy: max($0.energy, cell.energy), v2g: minOptional($0.v2g, cell.v2g))
                    } ?? cell
                grid[day, default: Array(repeating: nil, count: 1440)][index] = painted
                minute += 1
            }
        }

        let timeline = OffsetTimeline(zone: zone, from: startSeconds, to: startSeconds + Int64(prices.intervals) * stepSeconds)
        for t in 0..<prices.intervals {
            let cell = Cell(energy: prices.energyPerKwh[t], v2g: prices.v2gRemunerationPerKwh?[t])
            var a = startSeconds + Int64(t) * stepSeconds
            let intervalEnd = a + stepSeconds
            while a < intervalEnd {
                let (offset, nextChange) = timeline.offset(at: a)
                let b = min(intervalEnd, nextChange)
                let localA = a + offset
                if let previous = previousLocalEnd, previous < localA { paint(previous, localA, cell) }
                paint(localA, b + offset, cell)
                previousLocalEnd = b + offset
                a = b
            }
        }

        var segments: [LocalSegment] = []
        for day in grid.keys.sorted() {
            guard let cells = grid[day] else { continue }
            var minute = 0
            while minute < 1440 {
                guard let cell = cells[minute] else {
                    minute += 1
                    continue
                }
                var end = minute + 1
                while end < 1440, cells[end] == cell { end += 1 }
                segments.append(LocalSegment(day: day, startMinute: minute, endMinute: end, energy: cell.energy, v2g: cell.v2g))
                minute = end
            }
        }
        return segments
    }

    /// A zone's UTC offsets over a window: the offset at the start and each DST transition in it,
    /// looked up once per window rather than once per interval.
    struct OffsetTimeline {
        /// (first second, offset in seconds) in time order.
        private var changes: [(from: Int64, offset: Int64)] = []

        init(zone: TimeZone, from start: Int64, to end: Int64) {
            func offset(_ t: Int64) -> Int64 { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))) }
            changes.append((start, offset(start)))
            var cursor = start
            while let next = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(cursor))) {
                let seconds = Int64(next.timeIntervalSince1970.rounded())
                guard seconds < end, seconds > cursor else { break }
                changes.append((seconds, offset(seconds)))
                cursor = seconds
            }
        }

        /// The offset in force at `t` and the second at which it next changes (`Int64.max` if not in the window).
        func offset(at t: Int64) -> (offset: Int64, nextChange: Int64) {
            var i = 0
            while i + 1 < changes.count, changes[i + 1].from <= t { i += 1 }
            return (changes[i].offset, i + 1 < changes.count ? changes[i + 1].from : Int64.max)
        }
    }

    private static func minOptional(_ a: Decimal?, _ b: Decimal?) -> Decimal? {
        guard let a, let b else { return a ?? b }
        return min(a, b)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
