public import ChargeShareDomain
import Foundation

/// Clear-sky solar generation from solar geometry, so synthetic problems need no PV data file
/// (ev2gym's PV profiles are not licensed for commercial use; see Datasets/SOURCE.md).
///
/// - Sun position: the NOAA Solar Calculator's equations (after Meeus, "Astronomical
///   Algorithms": Julian centuries, equation of centre, apparent longitude, obliquity, equation
///   of time); within 0.05° of NREL's SPA at the dates the tests check (2019, 2026).
/// - Irradiance: Haurwitz's clear-sky model, GHI = 1098 · cos z · exp(−0.059 / cos z) W/m² for
///   zenith z < 90°, else 0 (Reno et al. 2012; pvlib's `clearsky.haurwitz`).
/// - PV: a horizontal array, AC output = kWp × GHI / 1000 W/m² × performance ratio.
public struct ClearSky: Sendable {
    /// Latitude, degrees north.
    public var latitude: Double
    /// Longitude, degrees east.
    public var longitude: Double
    /// Share of the DC rating that reaches the grid in standard conditions (inverter, wiring,
    /// temperature, soiling).
    public var performanceRatio: Double

    public init(latitude: Double, longitude: Double, performanceRatio: Double = 0.85) {
        self.latitude = latitude
        self.longitude = longitude
        self.performanceRatio = performanceRatio
    }

    /// Solar zenith angle at `time`, degrees (geometric, no refraction).
    public func zenithDegrees(at time: Timestamp) -> Double {
        let ms = time.millisecondsSinceEpoch
        let dayMs = ((ms % 86_400_000) + 86_400_000) % 86_400_000
        let t = (Double(ms) / 86_400_000 + 2_440_587.5 - 2_451_545) / 36_525  // Julian centuries since J2000
        let l0 = radians((280.46646 + t * (36_000.76983 + t * 0.0003032)).truncatingRemainder(dividingBy: 360))
        let m = radians(357.52911 + t * (35_999.05029 - 0.0001537 * t))
        let e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
        let center =
            sin(m) * (1.914602 - t * (0.004817 + 0.000014 * t)) + sin(2 * m) * (0.019993 - 0.000101 * t)
            + sin(3 * m) * 0.000289
        let omega = radians(125.04 - 1934.136 * t)
        let apparentLongitude = radians(degrees(l0) + center - 0.00569 - 0.00478 * sin(omega))
        let meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60
        let obliquity = radians(meanObliquity + 0.00256 * cos(omega))
        let declination = asin(sin(obliquity) * sin(apparentLongitude))
        let y = pow(tan(obliquity / 2), 2)
        let equationOfTime =
            4
            * degrees(
                y * sin(2 * l0) - 2 * e * sin(m) + 4 * e * y * sin(m) * cos(2 * l0)
                    - 0.5 * y * y * sin(4 * l0) - 1.25 * e * e * sin(2 * m))  // minutes
        let trueSolarMinutes = Double(dayMs) / 60_000 + equationOfTime + 4 * longitude
        let hourAngle = radians(trueSolarMinutes / 4 - 180)
        let phi = radians(latitude)
        let cosZenith = sin(phi) * sin(declination) + cos(phi) * cos(declination) * cos(hourAngle)
        return degrees(acos(min(1, max(-1, cosZenith))))
    }

    /// Clear-sky global horizontal irradiance at `time`, W/m² (Haurwitz).
    public func ghi(at time: Timestamp) -> Double {
        Self.haurwitz(zenithDegrees: zenithDegrees(at: time))
    }

    /// Haurwitz clear-sky GHI for a zenith angle, W/m².
    public static func haurwitz(zenithDegrees z: Double) -> Double {
        let c = cos(z * Double.pi / 180)
        return c > 0 ? 1098 * c * exp(-0.059 / c) : 0
    }

    private func radians(_ d: Double) -> Double { d * Double.pi / 180 }
    private func degrees(_ r: Double) -> Double { r * 180 / Double.pi }

    /// Mean clear-sky PV output over [start, start + minutes), kW, for an array of `peakKw` kWp
    /// (the mean of one sample per minute, at each minute's midpoint).
    public func pvKw(peakKw: Double, from start: Timestamp, minutes: Int) -> Double {
        guard minutes > 0 else { return 0 }
        var sum = 0.0
        for m in 0..<minutes {
            sum += ghi(at: start.adding(milliseconds: Int64(m) * 60_000 + 30_000))
        }
        return peakKw * sum / Double(minutes) / 1000 * performanceRatio
    }
}
