public import ChargeShareDomain
import Foundation

/// A seeded fleet of outdoor AC chargers whose contacts degrade and fail, emitting telemetry in
/// the contract of `spec/telemetry.md` (see `DegradationSimulator+Envelopes.swift`). It is the
/// training and test ground of predictive maintenance; docs/maintenance.md states every parameter.
///
/// Physics, per charger (single phase, 230 V nominal, 32 A):
/// - Contact and cable resistance `R(t)`: a healthy base `R₀` (log-normal, median 4 mΩ, σ 0.35;
///   × 1.8–3 for 15 % of chargers, simply worse built), constant for healthy chargers; for a gradually failing one it rises from an onset `L` days
///   (21–56) before the failure to `R_f`, the value at which the connector would reach 110 °C at
///   32 A, along `u^p` (p 1.5–3.5) or `(e^{ku} − 1)/(e^k − 1)` (k 2–5), u = share of `L` elapsed.
///   A share of failures (`suddenShare`) has no precursor (electronics).
/// - Heat `I²R` into a thermal resistance `R_th` (0.8–1.6 K/W) to ambient with a time constant
///   of 15–35 minutes, integrated every 5 minutes: `T_c → T_a + R_th·I²R`.
/// - Ambient: a site mean (8–22 °C), a seasonal drift, a daily cycle peaking at 15:00, day-to-day
///   weather (AR(1), σ 2.5 °C) and heat waves (+8–12 °C for 3–5 days). Sun on the housing adds up
///   to 0–6 °C at noon (per charger, by exposure) to the connector but not to the ambient sensor.
/// - Voltage at the charger: supply 232 V ± a daily swing of 4 V and noise (σ 1.2 V), minus
///   `I·(R_line + R)`, with a site line resistance of 0.05–0.25 Ω.
/// - Intermittent contact: while charging, a session is cut (`PowerQuality`, with an alert) at
///   0.6 % an hour plus 2.4 % an hour per unit of R/R₀ above 1.5.
/// - Protection: above 70 °C the charger halves its current and raises an alert; above 90 °C it
///   stops the session (`stoppedReason` `Other`,
///   `triggerReason` `AbnormalCondition`). At the failure it reports `Faulted` and goes silent.
/// - Nuisances: usage 0.3–1.3 sessions a day, connector sensor noise (σ 0.2–0.8 °C; 2 °C for 6 %
///   of sensors) and offset (±1 °C), temperature dropouts (6 h – 3 days), stuck sensors, lost hours of messages, a few
///   background alerts and interrupted sessions on healthy chargers, duplicated messages.
public struct DegradationSimulator: Sendable {
    /// Chargers in the fleet, six to a site.
    public var chargers: Int
    /// Days simulated.
    public var days: Int
    /// Start of the first day (UTC midnight).
    public var start: Timestamp
    /// Share of chargers that fail within the run.
    public var failureShare: Double
    /// Share of the failures without a precursor.
    public var suddenShare: Double
    public var seed: UInt64

    public init(chargers: Int, days: Int, start: Timestamp, failureShare: Double = 0.3, suddenShare: Double = 0.08, seed: UInt64) {
        self.chargers = chargers
        self.days = days
        self.start = start
        self.failureShare = failureShare
        self.suddenShare = suddenShare
        self.seed = seed
    }

    /// How a charger ends the run.
    public enum Fate: String, Sendable, Equatable {
        case healthy
        /// Resistance rises for weeks before the failure.
        case gradual
        /// Fails without a precursor.
        case sudden
    }

    /// One charger's fixed properties and fate.
    public struct Unit: Sendable, Equatable {
        public var chargerId: String
        public var stationId: String
        public var siteIndex: Int
        public var baseOhm: Double
        public var thermalKPerW: Double
        public var timeConstantMinutes: Double
        public var sensorNoise: Double
        public var sensorOffset: Double
        /// Housing temperature gain in full sun, °C (exposure differs per charger).
        public var solarGainC: Double
        public var sessionsPerDay: Double
        public var fate: Fate
        /// When it fails; `nil` for a healthy charger.
        public var failure: Timestamp?
        /// Days from the onset of degradation to the failure.
        public var onsetDays: Double
        /// Resistance at the failure, Ω.
        public var failureOhm: Double
        /// Exponent p of `u^p`, or 0 when the rise is exponential.
        public var power: Double
        /// Rate k of the exponential rise.
        public var rate: Double
    }

    /// One site's weather and supply.
    struct SiteClimate: Sendable {
        var meanC: Double
        var driftPerDay: Double
        var swingC: Double
        var lineOhm: Double
        /// Weather offset per day, °C.
        var weather: [Double]
    }

    static let nominalVolts = 230.0
    static let chargerAmps = 32.0
    static let stepMinutes = 5

    /// The fleet: units and site climates, drawn from the seed alone.
    func draw() -> (units: [Unit], sites: [SiteClimate]) {
        var g = SeededGenerator(seed: seed)
        let siteCount = (chargers + 5) / 6
        var sites: [SiteClimate] = []
        for _ in 0..<siteCount {
            var weather: [Double] = []
            var w = 0.0
            var wave = 0
            for _ in 0..<days {
                w = 0.7 * w + g.normal(0, 2.5 * (1 - 0.49).squareRoot())
                if wave == 0, g.chance(0.02) { wave = Int(g.uniform(3, 6)) }
                let heat = wave > 0 ? g.uniform(8, 12) : 0
                wave = max(0, wave - 1)
                weather.append(w + heat)
            }
            sites.append(
                SiteClimate(
                    meanC: g.uniform(8, 22), driftPerDay: g.uniform(-0.05, 0.1), swingC: g.uniform(3, 8), lineOhm: g.uniform(0.05, 0.25),
                    weather: weather))
        }
        var units: [Unit] = []
        let runMs = Int64(days) * 86_400_000
        for i in 0..<chargers {
            let station = "SIM\(seed)-CS\(String(format: "%04d", i))"
            // A share of chargers is simply worse built (longer cable, tighter terminals): higher but stable.
            let base = 0.004 * exp(g.normal(0, 0.35)) * (g.chance(0.15) ? g.uniform(1.8, 3) : 1)
            let thermal = g.uniform(0.8, 1.6)
            var fate = Fate.healthy
            var failure: Timestamp?
            if g.chance(failureShare) {
                fate = g.chance(suddenShare) ? .sudden : .gradual
                // Failures from 20 % of the run on, so most have history before them.
                let at = Int64(g.uniform(0.2, 1) * Double(runMs))
                failure = start.adding(milliseconds: at / 60_000 * 60_000)
            }
            // It fails when the contact overheats (110 °C at 32 A) or wears through (5–15 × its base), whichever comes first.
            let failureOhm = min((110 - 25) / (thermal * Self.chargerAmps * Self.chargerAmps), base * g.uniform(5, 15))
            let exponential = g.chance(0.5)
            units.append(
                Unit(
                    chargerId: "\(station)-1", stationId: station, siteIndex: i / 6, baseOhm: base, thermalKPerW: thermal,
                    timeConstantMinutes: g.uniform(15, 35), sensorNoise: g.chance(0.06) ? 2 : g.uniform(0.2, 0.8), sensorOffset: g.uniform(-1, 1),
                    solarGainC: g.uniform(0, 6),
                    sessionsPerDay: g.uniform(0.3, 1.3), fate: fate, failure: failure, onsetDays: g.uniform(21, 56),
                    failureOhm: max(failureOhm, base * 4), power: exponential ? 0 : g.uniform(1.5, 3.5), rate: g.uniform(2, 5)))
        }
        return (units, sites)
    }

    /// Contact and cable resistance of `unit` at `time`, Ω.
    static func resistance(_ unit: Unit, at time: Timestamp) -> Double {
        guard unit.fate == .gradual, let failure = unit.failure else { return unit.baseOhm }
        let daysBefore = Double(failure.millisecondsSinceEpoch - time.millisecondsSinceEpoch) / 86_400_000
        let u = min(1, max(0, 1 - daysBefore / unit.onsetDays))
        let shape = unit.power > 0 ? pow(u, unit.power) : (exp(unit.rate * u) - 1) / (exp(unit.rate) - 1)
        return unit.baseOhm + (unit.failureOhm - unit.baseOhm) * shape
    }

    /// Ambient temperature of a site at `minute` minutes after the start, °C.
    static func ambient(_ site: SiteClimate, minute: Int) -> Double {
        let day = minute / 1440
        let hour = Double(minute % 1440) / 60
        let weather = site.weather[min(day, site.weather.count - 1)]
        return site.meanC + site.driftPerDay * Double(day) + site.swingC * sin(2 * Double.pi * (hour - 9) / 24) + weather
    }

    /// The charger ids and fates of the run, as `labels.json` records them.
    public var units: [Unit] { draw().units }

    /// The registry of the run: one feeder, a site per six chargers, one 7.4 kW charger per
    /// station on EVSE 1.
    public func registry() -> Registry {
        let (units, sites) = draw()
        let feeder = Feeder(id: "SIM\(seed)-F", importLimitKw: .constant(Double(chargers) * 7.4))
        let siteList = sites.indices.map {
            Site(id: "SIM\(seed)-S\($0)", feederId: feeder.id, importLimitKw: .constant(6 * 7.4), timeZone: "UTC")
        }
        let registered = units.map {
            RegisteredCharger(
                charger: Charger(id: $0.chargerId, siteId: "SIM\(seed)-S\($0.siteIndex)", maxChargeKw: 7.4), stationId: $0.stationId)
        }
        return Registry(feeders: [feeder], sites: siteList, chargers: registered)
    }

    /// `labels.json`: each charger's fate and failure time.
    public func labels() -> JSONValue {
        .object([
            ("simulator", .string("chargeshare-synthetic")), ("seed", .integer(Int(truncatingIfNeeded: seed))),
            ("start", .string(start.rfc3339Seconds)), ("days", .integer(days)),
            (
                "chargers",
                .array(
                    units.map { u in
                        .object([
                            ("chargerId", .string(u.chargerId)), ("stationId", .string(u.stationId)), ("evseId", .integer(1)),
                            ("failedAt", u.failure.map { .string($0.rfc3339Seconds) } ?? .null), ("fate", .string(u.fate.rawValue)),
                        ])
                    })
            ),
        ])
    }
}

extension SeededGenerator {
    /// A normal deviate (Box–Muller), from two uniforms.
    public mutating func normal(_ mean: Double, _ sd: Double) -> Double {
        let u1 = max(uniform(0, 1), 1e-300), u2 = uniform(0, 1)
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
