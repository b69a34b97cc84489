import ChargeShareDomain
import Foundation
import Store
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

    /// A day whose idle excess is `idle` °C at every hour in `hours`, with loaded samples.
    static func day(idle: Double, hours: Range<Int> = 0..<24, loaded: [DailyFeatures.LoadedSample] = []) -> DailyFeatures {
        DailyFeatures(loaded: loaded, idleExcessC: (0..<24).map { hours.contains($0) ? Float(idle) : nil })
    }

    @Test("Idle profile: per-hour medians over days with at least 2 values, other hours interpolated around the clock")
    func idleProfile() {
        // Hours 0–11 known on two days (h and h + 2 → median h + 1); hours 12–23 lie between hour 11 (12) and hour 0 (1).
        var days: [DailyFeatures] = []
        for shift in [0.0, 2.0] {
            days.append(DailyFeatures(idleExcessC: (0..<24).map { $0 < 12 ? Float(Double($0) + shift) : nil }))
        }
        let profile = RiskFeatures.idleProfile(days)
        #expect(profile?.count == 24)
        for h in 0..<12 { #expect(abs((profile?[h] ?? 0) - Double(h + 1)) < 1e-12, "hour \(h)") }
        for h in 12..<24 {
            let weight = Double(h - 11) / 13
            #expect(abs((profile?[h] ?? 0) - (12 * (1 - weight) + 1 * weight)) < 1e-12, "hour \(h)")
        }
        // Known hours 12–23 only (value 2 × h): hours 0–11 lie between hour 23 (46, taken as hour −1) and hour 12 (24).
        let evening = [DailyFeatures](repeating: DailyFeatures(idleExcessC: (0..<24).map { $0 >= 12 ? Float(2 * $0) : nil }), count: 2)
        let wrapped = RiskFeatures.idleProfile(evening)
        for h in 0..<12 {
            let weight = Double(h + 1) / 13
            #expect(abs((wrapped?[h] ?? 0) - (46 * (1 - weight) + 24 * weight)) < 1e-9, "hour \(h)")
        }
        // An hour seen on one day only does not count; 11 known hours are too few for a profile.
        #expect(RiskFeatures.idleProfile([Self.day(idle: 1), Self.day(idle: 1, hours: 0..<11)]) == nil)
        #expect(RiskFeatures.idleProfile([Self.day(idle: 1, hours: 0..<11), Self.day(idle: 1, hours: 0..<11)]) == nil)
    }

    @Test("Heat coefficient less the idle excess at the sample's hour: a sensor offset cancels out of heat_rise")
    func idleCorrectedHeat() {
        // Idle excess 3 °C at every hour (a sensor reading 3 K high). 32 A with 10.24 K of I²R heat: 10 mK/A²; 16 A with
        // 3.84 K: 15; 20 A with 6 K: 15 → median 15 after the correction (raw: 13.24/1024 etc.).
        let samples = [(32.0, 10.24), (16, 3.84), (20, 6)].map {
            DailyFeatures.LoadedSample(hour: 10, excessC: Float(3 + $0.1), ampsSquared: Float($0.0 * $0.0))
        }
        let heat = RiskFeatures.HeatHistory([Self.day(idle: 3, loaded: samples), Self.day(idle: 3)][...])
        #expect(heat.idleCorrected)
        #expect(abs((heat.daily[0] ?? 0) - 15) < 1e-3)
        #expect(heat.daily[1] == nil, "no loaded samples")
        let two = RiskFeatures.HeatHistory([Self.day(idle: 3, loaded: Array(samples.prefix(2))), Self.day(idle: 3)][...])
        #expect(two.daily[0] == nil, "2 loaded samples are too few")
        // Below the idle level: no positive coefficient.
        let cold = [DailyFeatures.LoadedSample](repeating: .init(hour: 3, excessC: 2, ampsSquared: 1024), count: 3)
        #expect(RiskFeatures.HeatHistory([Self.day(idle: 3, loaded: cold), Self.day(idle: 3)][...]).daily[0] == nil)
        // Without an idle profile the raw heat per A² stands, and the history says so.
        let raw = RiskFeatures.HeatHistory([DailyFeatures(heatPerAmpSquared: 12, loaded: samples)][...])
        #expect(!raw.idleCorrected && raw.daily == [12])
        // 28 days: 10.24 K at 32 A over the 3 K offset until day 24, then twice the I²R heat. heat_rise is ln 2, where
        // the raw ratios (13.24 and 23.48 K over 1024 A²) would give ln(23.48 / 13.24).
        var days: [DailyFeatures] = []
        for d in 0..<28 {
            let rise: Float = d >= 24 ? 20.48 : 10.24
            let loaded = [DailyFeatures.LoadedSample](repeating: .init(hour: 18, excessC: 3 + rise, ampsSquared: 1024), count: 3)
            var day = Self.day(idle: 3, loaded: loaded)
            day.heatPerAmpSquared = Double(3 + rise) / 1024 * 1000
            days.append(day)
        }
        let v = RiskFeatures.values(history: days[...], fleetRecentHeat: 10)
        #expect(abs(v[0] - log(2)) < 1e-5)
        #expect(abs(v[1] - log(2)) < 1e-5, "heat_vs_fleet against a fleet median of 10 mK/A²")
        #expect(abs((RiskFeatures.recentHeat(days[...]) ?? 0) - 20) < 1e-3)
    }

    @Test("heat_vs_fleet compares a charger with the fleet's chargers of the same kind (idle-corrected or raw)")
    func fleetOfTheSameKind() {
        // Two chargers with an idle profile (3 K offset; corrected 10 and 20 mK/A² at 32 A) and one without (raw 30).
        func corrected(_ coefficient: Float) -> [DailyFeatures] {
            let loaded = [DailyFeatures.LoadedSample](repeating: .init(hour: 18, excessC: 3 + coefficient * 1.024, ampsSquared: 1024), count: 3)
            return [DailyFeatures](repeating: Self.day(idle: 3, loaded: loaded), count: 28)
        }
        let raw = [DailyFeatures](repeating: DailyFeatures(heatPerAmpSquared: 30), count: 28)
        let chargers = ["a", "b", "c"].map {
            MaintainedCharger(chargerId: $0, station: StationEVSE(stationId: $0, evseId: 1), maxChargeKw: 7.4)
        }
        let fleet = FleetHistory(chargers: chargers, firstDay: Timestamp(millisecondsSinceEpoch: 0), days: [corrected(10), corrected(20), raw])
        let features = fleet.features(asOfDay: 28)
        #expect(abs(features[0][1] - log(10 / 15)) < 1e-4)  // against the median of 10 and 20
        #expect(abs(features[1][1] - log(20 / 15)) < 1e-4)
        #expect(features[2][1] == 0, "the raw charger against the raw chargers: itself")
    }
}
