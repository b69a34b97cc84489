import ChargeShareDomain
import Foundation
import Synthetic
import Testing

/// The clear-sky PV model against pvlib 0.13 (NREL SPA sun position, `clearsky.haurwitz`),
/// computed independently with:
/// `pvlib.solarposition.get_solarposition(times, lat, lon, method="nrel_numpy")` and
/// `pvlib.clearsky.haurwitz(zenith)`.
@Suite struct ClearSkyTests {
    /// (UTC time, latitude, longitude, pvlib zenith °, pvlib Haurwitz GHI W/m² at that zenith).
    static let pvlib: [(String, Double, Double, Double, Double)] = [
        ("2026-06-21T11:40:00Z", 52.1, 5.1, 28.665, 900.78),
        ("2026-03-02T08:00:00Z", 52.1, 5.1, 76.983, 190.32),
        ("2026-12-21T12:00:00Z", 52.1, 5.1, 75.698, 213.62),
        ("2026-09-15T17:30:00Z", 52.1, 5.1, 87.051, 17.94),
        ("2026-06-21T03:00:00Z", 52.1, 5.1, 92.921, 0),
        ("2019-07-15T20:00:00Z", 34.14, -118.12, 12.678, 1008.37),
    ]

    static func time(_ text: String) throws -> Timestamp {
        try #require(Timestamp(rfc3339: text))
    }

    @Test func zenithWithinFiveHundredthsOfADegreeOfTheNRELSolarPositionAlgorithm() throws {
        for (text, lat, lon, zenith, _) in Self.pvlib {
            let ours = ClearSky(latitude: lat, longitude: lon).zenithDegrees(at: try Self.time(text))
            #expect(abs(ours - zenith) < 0.05, "\(text) at \(lat), \(lon): \(ours)° against \(zenith)°")
        }
    }

    @Test func haurwitzFormulaMatchesPvlibAtTheSameZenith() {
        for (text, _, _, zenith, ghi) in Self.pvlib {
            #expect(abs(ClearSky.haurwitz(zenithDegrees: zenith) - ghi) < 0.01, "\(text)")
        }
    }

    @Test func irradianceFromOurSunPositionIsCloseToPvlibs() throws {
        // 0.05° of zenith moves GHI by about 1 W/m² at most.
        for (text, lat, lon, _, ghi) in Self.pvlib {
            let ours = ClearSky(latitude: lat, longitude: lon).ghi(at: try Self.time(text))
            #expect(abs(ours - ghi) <= 1.5, "\(text): \(ours) against \(ghi) W/m²")
        }
    }

    @Test func hourlyPVIsTheMeanOfTheMinutes() throws {
        // pvlib: mean Haurwitz GHI 11:00-12:00 UTC on 21 June at 52.1 N 5.1 E, minute midpoints,
        // = 898.27 W/m²; 5 kWp x 0.85 x 0.89827 = 3.8176 kW.
        let pv = ClearSky(latitude: 52.1, longitude: 5.1).pvKw(peakKw: 5, from: try Self.time("2026-06-21T11:00:00Z"), minutes: 60)
        #expect(abs(pv - 3.8176) < 0.01)
    }

    @Test func generatedPVIsZeroAtNightAndPeaksAtSolarNoon() throws {
        // 24 h of 15-minute intervals from midnight UTC on 21 June; solar noon at 5.1 E is 11:41 UTC.
        let start = try Self.time("2026-06-21T00:00:00Z")
        let problem = ProblemGenerator(
            feeders: 1, sitesPerFeeder: 40, sessionsPerFeeder: 0, intervals: 96, start: start,
            pvShare: 1
        ).generate()
        for site in problem.sites {
            let pv = (0..<96).map { site.pvKw[$0] }
            #expect(pv[0..<12].allSatisfy { $0 == 0 }, "no sun before 03:00 UTC")
            #expect(pv[84..<96].allSatisfy { $0 == 0 }, "no sun after 21:00 UTC")
            let peak = try #require(pv.indices.max { pv[$0] < pv[$1] })
            #expect(peak == 46, "interval 46 = 11:30-11:45 UTC holds solar noon; got \(peak)")
            // Peak output per kWp: 0.85 x Haurwitz at the June noon zenith (28.7°) ~ 0.766.
            #expect(pv[46] > 3 * 0.76 - 0.001 && pv[46] < 8 * 0.77 + 0.001)
        }
    }
}
