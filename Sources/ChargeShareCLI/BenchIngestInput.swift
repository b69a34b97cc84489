import ChargeShareDomain

/// The ingest benchmark's input, byte for byte what `scripts/make_telemetry_bench.py` writes:
/// MeterValues envelopes with one import register (rising) and nine phase voltages, from 500
/// stations, one message per station and minute from 2026-06-01T07:46:40Z; the voltages drawn
/// from Python's `random.Random(7)` (Mersenne Twister), so the same seed gives the same file.
struct BenchIngestInput {
    private var random = PythonRandom(seed: 7)
    private static let start: Int64 = 1_780_300_000

    /// Message `i` as one JSONL line (with its `\n`); call with `i` = 0, 1, 2, … in order.
    mutating func line(_ i: Int) -> String {
        let ts = Timestamp(millisecondsSinceEpoch: (Self.start + Int64(i / 500) * 60) * 1000).rfc3339Seconds
        var samples = [#"{"value":\#(Self.rounded(1000 + Double(i) * 0.5, places: 3)),"measurand":"Energy.Active.Import.Register"}"#]
        for k in 1...9 {
            let volts = Self.rounded(random.uniform(200, 250), places: 1)
            samples.append(#"{"value":\#(volts),"measurand":"Voltage","phase":"L\#(k % 3 + 1)-N","unitOfMeasure":{"unit":"V"}}"#)
        }
        return
            #"{"messageId":"m-\#(i)","stationId":"CS-\#(i % 500)","evseId":1,"recordedAt":"\#(ts)","action":"MeterValues","payload":{"evseId":1,"meterValue":[{"timestamp":"\#(ts)","sampledValue":[\#(samples.joined(separator: ","))]}]}}"#
            + "\n"
    }

    /// Python's `round(x, places)` for the values the generator draws (their shortest text is
    /// what `json.dumps` writes, as Swift's `description` is).
    static func rounded(_ x: Double, places: Int) -> Double {
        let scale = places == 1 ? 10.0 : 1000.0
        return (x * scale).rounded(.toNearestOrEven) / scale
    }
}

/// CPython's `random.Random(seed)` for a small integer seed: MT19937 seeded by `init_by_array`,
/// `random()` from two 32-bit draws (53 bits), `uniform(a, b)` = a + (b − a) · random().
struct PythonRandom {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    init(seed: UInt32) {
        state[0] = 19_650_218
        for i in 1..<624 { state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i) }
        var i = 1
        for _ in 0..<624 {  // the key is [seed]: j stays 0
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ seed
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
    }

    mutating func next32() -> UInt32 {
        if index >= 624 {
            for k in 0..<624 {
                let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
                state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        return y ^ (y >> 18)
    }

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return low + (high - low) * ((a * 67_108_864 + b) / 9_007_199_254_740_992)
    }
}
