import Foundation
import ChargeShareDomain
import Store
import Testing

@testable import Maintenance

@Suite("Daily features from one charger's telemetry")
struct DailyFeaturesTests {
    static func at(_ minute: Int) -> Int64 { 1_767_225_600_000 + Int64(minute) * 60_000 }
    static func v(_ minute: Int, _ value: Double) -> TimedValue { TimedValue(timeMs: at(minute), value: value) }

    @Test("Heat per A²: each current sample of the day at ≥ 10 A paired with the nearest readings, the median ratio")
    func heat() {
        var t = ChargerTelemetry()
        // 32 A with the connector 10.24 K over ambient → 10 mK/A²; 16 A with 3.84 K → 15; 20 A with 6 K → 15;
        // 8 A is below the floor; the sample at minute −15 is before the day.
        for (minute, amps, rise) in [(-15, 32.0, 30.0), (0, 32.0, 10.24), (15, 16.0, 3.84), (30, 20.0, 6.0), (45, 8.0, 40.0)] {
            t.currentA.append(Self.v(minute, amps))
            t.connectorC.append(Self.v(minute + 2, 20 + rise))
        }
        t.ambientC = [Self.v(15, 20)]
        #expect(abs((DailyFeatures(t, dayStartMs: Self.at(0)).heatPerAmpSquared ?? 0) - 15) < 1e-9)
        // From minute 1 on only two pairs are left: fewer than 3, no value.
        #expect(DailyFeatures(t, dayStartMs: Self.at(1)).heatPerAmpSquared == nil)
        // Without an ambient reading within the hour there is no pair at all.
        t.ambientC = [Self.v(200, 20)]
        #expect(DailyFeatures(t, dayStartMs: Self.at(0)).heatPerAmpSquared == nil)
    }

    @Test("Idle excess per UTC hour: connector readings with no current ≥ 1 A in the 90 min before or 5 min after; loaded pairs keep their hour")
    func idleAndLoaded() throws {
        var t = ChargerTelemetry()
        t.ambientC = (0..<24).map { Self.v($0 * 60, 20) }
        // 0.5 A at minute 300 is not charging; 32, 16 and 20 A from minute 600 (10:00 UTC) are.
        t.currentA = [Self.v(300, 0.5), Self.v(600, 32), Self.v(615, 16), Self.v(630, 20)]
        // Idle: minutes 0 and 30 (hour 0: 1 and 2 K over ambient), 60 (hour 1: 3.5), 298 (hour 4: 4), 725 (95 min after
        // the last current; hour 12: 2). Not idle: 597 (current 3 min later), 602–632 (charging), 719 (89 min after).
        t.connectorC = [
            Self.v(0, 21), Self.v(30, 22), Self.v(60, 23.5), Self.v(298, 24), Self.v(597, 30), Self.v(602, 30.24),
            Self.v(617, 23.84), Self.v(632, 26), Self.v(719, 28), Self.v(725, 22),
        ]
        let f = DailyFeatures(t, dayStartMs: Self.at(0))
        var expected = [Float?](repeating: nil, count: 24)
        expected[0] = 1.5
        expected[1] = 3.5
        expected[4] = 4
        expected[12] = 2
        try #require(f.idleExcessC.count == 24)
        for h in 0..<24 {
            switch (f.idleExcessC[h], expected[h]) {
            case (nil, nil): break
            case (let value?, let wanted?): #expect(abs(value - wanted) < 1e-5, "hour \(h)")
            default: Issue.record("hour \(h): \(String(describing: f.idleExcessC[h])), expected \(String(describing: expected[h]))")
            }
        }
        // Each current at ≥ 10 A with its nearest connector reading (602, 617, 632): hour 10, excess and I².
        #expect(f.loaded.map(\.hour) == [10, 10, 10])
        #expect(zip(f.loaded.map(\.excessC), [10.24, 3.84, 6] as [Float]).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(f.loaded.map(\.ampsSquared) == [1024, 256, 400])
        #expect(abs((f.heatPerAmpSquared ?? 0) - 15) < 1e-9)
        // A day without connector readings has no idle profile at all.
        t.connectorC = []
        #expect(DailyFeatures(t, dayStartMs: Self.at(0)).idleExcessC.isEmpty)
    }

    @Test("At most 96 loaded samples a day, spread evenly over the day's")
    func loadedCap() {
        var t = ChargerTelemetry()
        t.ambientC = (0..<25).map { Self.v($0 * 60, 20) }
        // A sample every 5 minutes all day at 16 A + minute/100: 288 pairs.
        for m in stride(from: 0, to: 1440, by: 5) {
            t.currentA.append(Self.v(m, 16 + Double(m) / 100))
            t.connectorC.append(Self.v(m, 24))
        }
        let f = DailyFeatures(t, dayStartMs: Self.at(0))
        #expect(f.loaded.count == DailyFeatures.maximumLoadedSamples)
        // Every third of the 288, in order: the k-th kept is sample 3k, at 16 + 15k/100 A.
        #expect(f.loaded.enumerated().allSatisfy { k, s in abs(Double(s.ampsSquared) - pow(16 + Double(15 * k) / 100, 2)) < 1e-2 })
        #expect(f.loaded.last?.hour == 23)
    }

    @Test("Voltage sag is minus the V–I slope over the day's samples (at least 6 spanning 4 A)")
    func sag() {
        var t = ChargerTelemetry()
        let amps = [10.0, 16, 20, 24, 30, 32]
        for (i, a) in amps.enumerated() {
            t.currentA.append(Self.v(i * 15, a))
            t.voltageV.append(Self.v(i * 15, 232 - 0.2 * a))
        }
        #expect(abs((DailyFeatures(t, dayStartMs: Self.at(0)).sagMilliohm ?? 0) - 200) < 1e-6)
        #expect(DailyFeatures(t, dayStartMs: Self.at(1)).sagMilliohm == nil, "five pairs on the day: too few")
    }

    @Test("Fault counts: alerts, abnormal stops and Faulted on the day; normal stops are not faults; delivered over offered")
    func counts() {
        var t = ChargerTelemetry()
        t.alertMs = [Self.at(-5), Self.at(1), Self.at(2)]
        t.startedMs = [Self.at(-30), Self.at(0), Self.at(100), Self.at(200)]
        t.ended = [(Self.at(50), "EVDisconnected"), (Self.at(150), "PowerLoss"), (Self.at(250), "Other"), (Self.at(-10), "Other")]
        t.faultedMs = [Self.at(260)]
        t.powerW = [Self.v(-15, 1000), Self.v(0, 3000), Self.v(15, 5000), Self.v(30, 7000)]
        t.offeredW = [Self.v(-15, 7000), Self.v(0, 7000), Self.v(15, 7000)]
        let f = DailyFeatures(t, dayStartMs: Self.at(0))
        #expect(f.alerts == 2)
        #expect(f.sessions == 3)
        #expect(f.abnormalEnds == 3)
        #expect(f.deliveredW == 8000 && f.offeredW == 14000)
        #expect(f.heatPerAmpSquared == nil && f.sagMilliohm == nil)
    }
}
