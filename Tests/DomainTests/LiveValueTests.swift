import ChargeShareDomain
import Testing

@Suite("Grid limits and telemetry values")
struct LiveValueTests {
    static let start = Timestamp(rfc3339: "2026-07-01T16:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)

    static func at(minutes: Int) -> Timestamp { start.adding(milliseconds: Int64(minutes) * 60_000) }

    @Test("A utility limit lowers the feeder's limit in every interval it touches; at equal priority the strictest wins")
    func importLimits() {
        let limits = [
            // 16:20-17:10 at 30 kW touches the 16:15, 16:30, 16:45 and 17:00 intervals.
            GridLimit(feederId: "F", start: Self.at(minutes: 20), end: Self.at(minutes: 70), importLimitKw: 30, source: "evt-1"),
            // 16:45-17:00 at 20 kW: only the 16:45 interval, where it is stricter.
            GridLimit(feederId: "F", start: Self.at(minutes: 45), end: Self.at(minutes: 60), importLimitKw: 20, source: "evt-2"),
            // Another feeder, and an export-only limit: ignored.
            GridLimit(feederId: "G", start: Self.at(minutes: 0), end: Self.at(minutes: 90), importLimitKw: 1, source: "evt-3"),
            GridLimit(feederId: "F", start: Self.at(minutes: 0), end: Self.at(minutes: 90), importLimitKw: nil, exportLimitKw: 5, source: "evt-4"),
        ]
        let series = GridLimit.importLimits(
            feederId: "F", base: .constant(40), limits: limits, start: Self.start, intervalMinutes: 15, intervals: 6)
        #expect(series == .values([40, 30, 30, 20, 30, 40]))
        // A limit above the feeder's own changes nothing.
        let loose = [GridLimit(feederId: "F", start: Self.at(minutes: 0), end: Self.at(minutes: 90), importLimitKw: 50, source: "evt-5")]
        #expect(
            GridLimit.importLimits(feederId: "F", base: .constant(40), limits: loose, start: Self.start, intervalMinutes: 15, intervals: 6)
                == .constant(40))
        // A feeder with no limit of its own gets the cap where the utility sets one, and no cap elsewhere.
        #expect(
            GridLimit.importLimits(feederId: "F", base: nil, limits: [limits[1]], start: Self.start, intervalMinutes: 15, intervals: 4)
                == .values([GridLimit.uncappedKw, GridLimit.uncappedKw, GridLimit.uncappedKw, 20]))
        // A limit ending exactly where an interval starts does not touch it.
        let ending = [GridLimit(feederId: "F", start: Self.at(minutes: 0), end: Self.at(minutes: 15), importLimitKw: 10, source: "evt-6")]
        #expect(
            GridLimit.importLimits(feederId: "F", base: .constant(40), limits: ending, start: Self.start, intervalMinutes: 15, intervals: 2)
                == .values([10, 40]))
    }

    @Test("Meter values are stored in Wh, W, A, V and percent; other units are refused")
    func normalisation() {
        #expect(Measurand.energyActiveImportRegister.normalised(12.5, unit: "kWh") == 12_500)
        #expect(Measurand.energyActiveImportRegister.normalised(125, unit: "Wh", multiplier: 2) == 12_500)
        #expect(Measurand.powerActiveImport.normalised(7.4, unit: "kW") == 7_400)
        #expect(Measurand.voltage.normalised(2301, unit: "V", multiplier: -1) == 230.1)
        #expect(Measurand.stateOfCharge.normalised(80, unit: "Percent") == 80)
        #expect(Measurand.voltage.normalised(230, unit: "kV") == nil)
        #expect(Measurand.currentImport.normalised(16, unit: "Wh") == nil)
        #expect(Measurand.energyActiveImportRegister.normalised(1, unit: "Wh", multiplier: 10) == nil)
        #expect(Measurand(rawValue: "Energy.Active.Import.Register") == .energyActiveImportRegister)
        #expect(Measurand(rawValue: "Temperature") == nil, "OCPP 2.0.1 has no temperature measurand: temperatures are device readings")
    }
}
