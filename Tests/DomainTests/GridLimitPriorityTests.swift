import ChargeShareDomain
import Testing

/// Overlapping utility limits resolved by OpenADR priority, on hand-computed windows.
@Suite("Grid limits: priority, then the lowest value, then the feeder's own limit")
struct GridLimitPriorityTests {
    static let start = Timestamp(rfc3339: "2026-07-01T16:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)

    static func at(minutes: Int) -> Timestamp { start.adding(milliseconds: Int64(minutes) * 60_000) }

    static func limit(_ from: Int, _ to: Int, kw: Double, priority: Int?, _ source: String) -> GridLimit {
        GridLimit(feederId: "F", start: at(minutes: from), end: at(minutes: to), importLimitKw: kw, priority: priority, source: source)
    }

    /// Intervals 16:00, 16:15, 16:30, 16:45 (15 min):
    /// - A 16:00–17:00, priority 1, 35 kW: alone in 16:00 → 35;
    /// - B 16:15–16:45, priority 0, 45 kW: outranks A in 16:15 → 45, capped by the feeder's 40 → 40;
    /// - C 16:30–16:35, priority 0, 20 kW: ties with B in 16:30, the lower value wins → 20;
    /// - D 16:45–17:00, no priority, 10 kW: A (priority 1) outranks it in 16:45 → 35.
    static let limits = [
        limit(0, 60, kw: 35, priority: 1, "A"), limit(15, 45, kw: 45, priority: 0, "B"), limit(30, 35, kw: 20, priority: 0, "C"),
        limit(45, 60, kw: 10, priority: nil, "D"),
    ]

    @Test("Per interval the lowest priority number wins, then the lowest value; the feeder's own limit still caps")
    func importPriorities() {
        #expect(
            GridLimit.importLimits(feederId: "F", base: .constant(40), limits: Self.limits, start: Self.start, intervalMinutes: 15, intervals: 4)
                == .values([35, 40, 20, 35]))
        // Without a feeder limit the winner stands, even when it is looser than the limit it outranks.
        #expect(
            GridLimit.importLimits(feederId: "F", base: nil, limits: Self.limits, start: Self.start, intervalMinutes: 15, intervals: 4)
                == .values([35, 45, 20, 35]))
        // The order of the limits does not matter.
        #expect(
            GridLimit.importLimits(feederId: "F", base: nil, limits: Self.limits.reversed(), start: Self.start, intervalMinutes: 15, intervals: 4)
                == .values([35, 45, 20, 35]))
    }

    @Test("Limits without priority rank below any number and tie among themselves: the lowest value wins")
    func noPriority() {
        let limits = [
            Self.limit(0, 30, kw: 10, priority: nil, "x"), Self.limit(15, 30, kw: 12, priority: nil, "y"),
            Self.limit(15, 30, kw: 30, priority: 7, "z"),
        ]
        // 16:00: x alone → 10; 16:15: z (priority 7) outranks x and y → 30.
        #expect(
            GridLimit.importLimits(feederId: "F", base: .constant(40), limits: limits, start: Self.start, intervalMinutes: 15, intervals: 2)
                == .values([10, 30]))
        #expect(limits[2].outranks(limits[0]) && !limits[0].outranks(limits[2]) && !limits[0].outranks(limits[1]) && !limits[1].outranks(limits[0]))
    }

    @Test("Export limits resolve by the same rule, and effective() applies both to a feeder")
    func exportAndEffective() {
        let limits = [
            GridLimit(
                feederId: "F", start: Self.at(minutes: 0), end: Self.at(minutes: 30), importLimitKw: nil, exportLimitKw: 2, priority: 3, source: "x"),
            GridLimit(
                feederId: "F", start: Self.at(minutes: 15), end: Self.at(minutes: 30), importLimitKw: nil, exportLimitKw: 4, priority: 1, source: "y"),
            GridLimit(
                feederId: "G", start: Self.at(minutes: 0), end: Self.at(minutes: 60), importLimitKw: 1, exportLimitKw: 0, priority: 0, source: "z"),
        ]
        // 16:00: x → 2; 16:15: y outranks x → 4 (under the feeder's 5); later: the feeder's 5.
        #expect(
            GridLimit.exportLimits(feederId: "F", base: .constant(5), limits: limits, start: Self.start, intervalMinutes: 15, intervals: 4)
                == .values([2, 4, 5, 5]))
        let feeder = Feeder(id: "F", importLimitKw: .constant(40), exportLimitKw: .constant(5))
        let effective = GridLimit.effective(
            feeder: feeder, limits: limits + Self.limits, start: Self.start, intervalMinutes: 15, intervals: 4)
        #expect(effective.importLimitKw == .values([35, 40, 20, 35]))
        #expect(effective.exportLimitKw == .values([2, 4, 5, 5]))
        #expect(GridLimit.effective(feeder: feeder, limits: [], start: Self.start, intervalMinutes: 15, intervals: 4) == feeder)
    }
}
