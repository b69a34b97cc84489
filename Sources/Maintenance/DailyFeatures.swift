public import Store

/// One charger's day of telemetry boiled down to what predicts a failure (docs/maintenance.md).
/// A measure with too little data that day is `nil`.
public struct DailyFeatures: Sendable, Equatable {
    /// Connector temperature rise over ambient per ampere squared, mK/A² (see `init`): steady
    /// state gives R_th·R, so it tracks the contact and cable resistance R.
    public var heatPerAmpSquared: Double?
    /// Voltage sag under load, mΩ: minus the least-squares slope of voltage on current over the
    /// day's samples (at least 6, spanning 4 A): the line plus contact resistance.
    public var sagMilliohm: Double?
    /// Alerting device events.
    public var alerts: Int
    /// Sessions ended abnormally (`stoppedReason` a fault, not the driver or the EV) or cut by a
    /// `Faulted` status.
    public var abnormalEnds: Int
    /// Sessions started.
    public var sessions: Int
    /// Energy delivered and offered over the samples that have both, Wh·(sample spacing) units:
    /// only their ratio is used.
    public var deliveredW: Double
    public var offeredW: Double
    /// The pairs behind `heatPerAmpSquared`, for the idle-corrected coefficient
    /// (`RiskFeatures.heatCoefficients`).
    public var loaded: [LoadedSample]
    /// The connector's excess over ambient while idle, °C, per UTC hour of the day (index 0–23, nil
    /// for an hour without an idle reading); empty when the day has none. Offsets and sun on the
    /// housing show here without any I²R.
    public var idleExcessC: [Float?]

    /// One current sample at ≥ `minimumAmps` with its connector and ambient readings.
    public struct LoadedSample: Sendable, Equatable {
        /// UTC hour of the day, 0–23.
        public var hour: UInt8
        /// Connector minus ambient temperature, °C.
        public var excessC: Float
        /// The current squared, A².
        public var ampsSquared: Float

        public init(hour: UInt8, excessC: Float, ampsSquared: Float) {
            self.hour = hour
            self.excessC = excessC
            self.ampsSquared = ampsSquared
        }
    }

    public init(
        heatPerAmpSquared: Double? = nil, sagMilliohm: Double? = nil, alerts: Int = 0, abnormalEnds: Int = 0, sessions: Int = 0,
        deliveredW: Double = 0, offeredW: Double = 0, loaded: [LoadedSample] = [], idleExcessC: [Float?] = []
    ) {
        self.heatPerAmpSquared = heatPerAmpSquared
        self.sagMilliohm = sagMilliohm
        self.alerts = alerts
        self.abnormalEnds = abnormalEnds
        self.sessions = sessions
        self.deliveredW = deliveredW
        self.offeredW = offeredW
        self.loaded = loaded
        self.idleExcessC = idleExcessC
    }

    /// Samples below this current say little about resistance (I²R is small beside the noise).
    public static let minimumAmps = 10.0
    /// A connector reading is idle when no current of 1 A or more was sampled in the 90 minutes
    /// before it (and up to 5 minutes after): two to six thermal time constants of the simulated
    /// connectors (15–45 min), leaving at most 14 % of the last charge's I²R rise.
    static let idleAfterMs: Int64 = 5_400_000
    /// At most this many loaded samples are kept per day (one per 15 minutes), spread evenly over the
    /// day's, so that fast meter cadences do not grow the 28 days a score holds per charger.
    public static let maximumLoadedSamples = 96
    /// `stoppedReason`s that end a session normally (OCPP 2.0.1 `ReasonEnumType`).
    public static let normalStops: Set<String> = [
        "", "DeAuthorized", "EVDisconnected", "EnergyLimitReached", "Local", "LocalOutOfCredit", "MasterPass", "Remote",
        "SOCLimitReached", "StoppedByEV", "TimeLimitReached",
    ]

    /// The features of one charger's day from its `telemetry`: only what lies in the 24 hours
    /// from `dayStartMs` counts.
    ///
    /// Heat per A²: the median over the day's current samples at ≥ `minimumAmps` of
    /// (T_connector − T_ambient) / I², each paired with the connector reading within 10 minutes
    /// and the ambient one within an hour; at least 3 pairs. Idle excess: per UTC hour, the median
    /// of connector minus ambient over the day's idle connector readings (see `idleAfterMs`).
    public init(_ t: ChargerTelemetry, dayStartMs: Int64) {
        let day = dayStartMs..<(dayStartMs + 86_400_000)
        let current = Self.highestPerInstant(t.currentA.filter { day.contains($0.timeMs) })
        func hour(_ time: Int64) -> Int { Int((time - dayStartMs) / 3_600_000) }
        let charging = current.filter { $0.1 >= 1 }.map(\.0)
        var ratios: [Double] = []
        loaded = []
        for (time, amps) in current where amps >= Self.minimumAmps {
            guard let connector = Self.nearest(t.connectorC, to: time, within: 600_000),
                let ambient = Self.nearest(t.ambientC, to: time, within: 3_600_000)
            else { continue }
            ratios.append((connector - ambient) / (amps * amps) * 1000)
            loaded.append(LoadedSample(hour: UInt8(hour(time)), excessC: Float(connector - ambient), ampsSquared: Float(amps * amps)))
        }
        heatPerAmpSquared = ratios.count >= 3 ? Self.median(ratios) : nil
        if loaded.count > Self.maximumLoadedSamples {
            let all = loaded
            loaded = (0..<Self.maximumLoadedSamples).map { all[$0 * all.count / Self.maximumLoadedSamples] }
        }
        var idle = [[Double]](repeating: [], count: 24)
        for reading in t.connectorC where day.contains(reading.timeMs) {
            guard !Self.contains(charging, in: (reading.timeMs - Self.idleAfterMs)...(reading.timeMs + 300_000)),
                let ambient = Self.nearest(t.ambientC, to: reading.timeMs, within: 3_600_000)
            else { continue }
            idle[hour(reading.timeMs)].append(reading.value - ambient)
        }
        idleExcessC = idle.allSatisfy(\.isEmpty) ? [] : idle.map { $0.isEmpty ? nil : Float(Self.median($0)) }
        let amps = Dictionary(current, uniquingKeysWith: { a, _ in a })
        var pairs: [(Double, Double)] = []
        for v in t.voltageV where day.contains(v.timeMs) { if let a = amps[v.timeMs], a > 0 { pairs.append((a, v.value)) } }
        sagMilliohm = Self.sag(pairs)
        alerts = t.alertMs.count { day.contains($0) }
        sessions = t.startedMs.count { day.contains($0) }
        abnormalEnds = t.ended.count { day.contains($0.timeMs) && !Self.normalStops.contains($0.reason) } + t.faultedMs.count { day.contains($0) }
        let offered = Dictionary(t.offeredW.map { ($0.timeMs, $0.value) }, uniquingKeysWith: { a, _ in a })
        deliveredW = 0
        offeredW = 0
        for p in t.powerW where day.contains(p.timeMs) { if let o = offered[p.timeMs], o > 0 { deliveredW += p.value; offeredW += o } }
    }

    /// Per instant, the highest of the phases' currents, in time order.
    static func highestPerInstant(_ values: [TimedValue]) -> [(Int64, Double)] {
        var out: [(Int64, Double)] = []
        for v in values.sorted(by: { $0.timeMs < $1.timeMs }) {
            if let last = out.last, last.0 == v.timeMs {
                out[out.count - 1].1 = max(last.1, v.value)
            } else {
                out.append((v.timeMs, v.value))
            }
        }
        return out
    }

    /// The reading nearest `time` within `within` ms, from readings in time order.
    static func nearest(_ readings: [TimedValue], to time: Int64, within: Int64) -> Double? {
        var low = 0, high = readings.count
        while low < high {
            let mid = (low + high) / 2
            if readings[mid].timeMs < time { low = mid + 1 } else { high = mid }
        }
        var best: TimedValue?
        for i in [low - 1, low] where readings.indices.contains(i) {
            let d = abs(readings[i].timeMs - time)
            if d <= within, best.map({ d < abs($0.timeMs - time) }) ?? true { best = readings[i] }
        }
        return best?.value
    }

    /// Whether any of `times` (ascending) lies in `range`.
    static func contains(_ times: [Int64], in range: ClosedRange<Int64>) -> Bool {
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return low < times.count && times[low] <= range.upperBound
    }

    /// Minus the slope of volts on amps, mΩ, from at least 6 pairs spanning 4 A.
    static func sag(_ pairs: [(amps: Double, volts: Double)]) -> Double? {
        guard pairs.count >= 6, let lo = pairs.map(\.amps).min(), let hi = pairs.map(\.amps).max(), hi - lo >= 4 else { return nil }
        let n = Double(pairs.count)
        let ma = pairs.reduce(0) { $0 + $1.amps } / n, mv = pairs.reduce(0) { $0 + $1.volts } / n
        var sxy = 0.0, sxx = 0.0
        for p in pairs {
            sxy += (p.amps - ma) * (p.volts - mv)
            sxx += (p.amps - ma) * (p.amps - ma)
        }
        return -sxy / sxx * 1000
    }

    /// The median of a non-empty array (the mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
