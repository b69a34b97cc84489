import ChargeShareDomain
import Store
import Testing

@testable import Maintenance

@Suite("Daily features from one charger's telemetry")
struct DailyFeaturesTests {
    static func at(_ minute: Int) -> Int64 { 1_767_225_600_000 + Int64(minute) * 60_000 }

    @Test("Heat per ampere squared pairs each sample with the nearest readings; sag is minus the V–I slope")
    func handComputed() {
        var t = ChargerTelemetry()
        // 32 A with the connector 10.24 K over ambient → 10 mK/A²; 16 A with 3.84 K → 15 mK/A²; 20 A with 6 K → 15 mK/A².
        for (minute, amps, rise) in [(0, 32.0, 10.24), (15, 16.0, 3.84), (30, 20.0, 6.0), (45, 8.0, 40.0)] {
            t.currentA.append(TimedValue(timeMs: Self.at(minute), value: amps))
            t.connectorC.append(TimedValue(timeMs: Self.at(minute) + 120_000, value: 20 + rise))
            t.voltageV.append(TimedValue(timeMs: Self.at(minute), value: 232 - 0.2 * amps))
        }
        t.ambientC = [TimedValue(timeMs: Self.at(15), value: 20)]
        let f = DailyFeatures(t)
        // 8 A is below the 10 A floor; the median of 10, 15, 15 is 15.
        #expect(abs((f.heatPerAmpSquared ?? 0) - 15) < 1e-9)
        // Only 4 pairs: fewer than 6, no sag.
        #expect(f.sagMilliohm == nil)
        t.currentA += [TimedValue(timeMs: Self.at(60), value: 10), TimedValue(timeMs: Self.at(75), value: 30)]
        t.voltageV += [TimedValue(timeMs: Self.at(60), value: 230), TimedValue(timeMs: Self.at(75), value: 226)]
        // V = 232 − 0.2 I exactly → sag 200 mΩ.
        #expect(abs((DailyFeatures(t).sagMilliohm ?? 0) - 200) < 1e-6)
    }

    @Test("Fault counts: alerts, abnormal stops and Faulted; normal stops are not faults; delivered over offered")
    func counts() {
        var t = ChargerTelemetry()
        t.alertMs = [Self.at(1), Self.at(2)]
        t.startedMs = [Self.at(0), Self.at(100), Self.at(200)]
        t.ended = [(Self.at(50), "EVDisconnected"), (Self.at(150), "PowerLoss"), (Self.at(250), "Other")]
        t.faultedMs = [Self.at(260)]
        t.powerW = [
            TimedValue(timeMs: Self.at(0), value: 3000), TimedValue(timeMs: Self.at(15), value: 5000), TimedValue(timeMs: Self.at(30), value: 7000),
        ]
        t.offeredW = [TimedValue(timeMs: Self.at(0), value: 7000), TimedValue(timeMs: Self.at(15), value: 7000)]
        let f = DailyFeatures(t)
        #expect(f.alerts == 2)
        #expect(f.sessions == 3)
        #expect(f.abnormalEnds == 3)
        #expect(f.deliveredW == 8000 && f.offeredW == 14000)
        #expect(f.heatPerAmpSquared == nil && f.sagMilliohm == nil)
    }
}
