import Foundation
import Testing

@testable import Maintenance

@Suite("Risk features over 28 days")
struct RiskFeaturesTests {
    @Test("Each feature against a hand computation")
    func handComputed() {
        var days: [DailyFeatures] = []
        for d in 0..<28 {
            let recent = d >= 21
            days.append(
                DailyFeatures(
                    heatPerAmpSquared: recent ? 20 : 10, sagMilliohm: recent ? 130 : 100, alerts: d == 21 || d == 24 ? 1 : 0,
                    abnormalEnds: d == 27 ? 1 : 0, sessions: recent && d < 26 ? 1 : 0, deliveredW: recent ? 1000 : 5, offeredW: recent ? 4000 / 3 : 5)
            )
        }
        let v = RiskFeatures.values(history: days[...], fleetRecentHeat: 10)
        #expect(v.count == RiskFeatures.names.count)
        #expect(abs(v[0] - log(2)) < 1e-12)  // heat_rise: 20 against the lowest 7-day median, 10
        #expect(abs(v[1] - log(2)) < 1e-12)  // heat_vs_fleet
        // heat_trend: a step of ln 2 at day 7 of 14: slope ln2 · 24.5 / 227.5 per day, × 7 a week.
        #expect(abs(v[2] - log(2) * 24.5 / 227.5 * 7) < 1e-12)
        #expect(abs(v[3] - 30) < 1e-12)  // sag_rise
        // Days 21 and 24 have an alert, day 27 an abnormal end: 3 faults over 5 sessions + 1.
        #expect(abs(v[4] - 0.5) < 1e-12)
        #expect(abs(v[5] - 0.25) < 1e-9)  // 7000 delivered of 9333.3 offered
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
