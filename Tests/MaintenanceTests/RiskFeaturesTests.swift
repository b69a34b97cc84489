import Foundation
import Testing

@testable import Maintenance

@Suite("Risk features over 28 days")
struct RiskFeaturesTests {
    @Test("Each feature against a hand computation")
    func handComputed() {
        var days: [DailyFeatures] = []
        for d in 0..<28 {
            // Heat steps up at day 21 (trend over the last 14 days); the other measures at day 24 (the last 4 are recent).
            let recent = d >= 24
            days.append(
                DailyFeatures(
                    heatPerAmpSquared: d >= 21 ? 20 : 10, sagMilliohm: recent ? 130 : 100, alerts: d == 24 || d == 26 ? 1 : 0,
                    abnormalEnds: d == 27 ? 1 : 0, sessions: recent && d < 27 ? 1 : 0, deliveredW: recent ? 1000 : 5, offeredW: recent ? 4000 / 3 : 5)
            )
        }
        let v = RiskFeatures.values(history: days[...], fleetRecentHeat: 10)
        #expect(v.count == RiskFeatures.names.count)
        #expect(abs(v[0] - log(2)) < 1e-12)  // heat_rise: 20 recent against the first 14 days' 10
        #expect(abs(v[1] - log(2)) < 1e-12)  // heat_vs_fleet
        // heat_trend: a step of ln 2 at day 7 of 14: slope ln2 · 24.5 / 227.5 per day, × 7 a week.
        #expect(abs(v[2] - log(2) * 24.5 / 227.5 * 7) < 1e-12)
        #expect(abs(v[3] - 30) < 1e-12)  // sag_rise
        // Days 24 and 26 have an alert, day 27 an abnormal end: 3 faults over 3 sessions + 1.
        #expect(abs(v[4] - 0.75) < 1e-12)
        #expect(abs(v[5] - 0.25) < 1e-9)  // 4000 delivered of 5333.3 offered, against 0 before
    }

    @Test("Missing data gives the neutral 0, never a NaN")
    func missing() {
        let empty = RiskFeatures.values(history: [DailyFeatures](repeating: DailyFeatures(), count: 28)[...], fleetRecentHeat: nil)
        #expect(empty == [0, 0, 0, 0, 0, 0])
        let short = RiskFeatures.values(history: [DailyFeatures(heatPerAmpSquared: 5), DailyFeatures(heatPerAmpSquared: 6)][...], fleetRecentHeat: 5)
        #expect(short[0] == 0 && abs(short[1] - log(5.5 / 5)) < 1e-12 && short.allSatisfy(\.isFinite))
        // A non-positive heat coefficient (sensor offset at low load) is not a value to take a log of.
        let negative = RiskFeatures.values(
            history: [DailyFeatures](repeating: DailyFeatures(heatPerAmpSquared: -1), count: 28)[...], fleetRecentHeat: 3)
        #expect(negative.allSatisfy(\.isFinite) && negative[0] == 0 && negative[1] == 0)
    }
}
