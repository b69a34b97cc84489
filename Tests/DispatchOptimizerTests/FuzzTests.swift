import ChargeShareDomain
import DispatchOptimizer
import Synthetic
import Testing

/// Hundreds of randomly perturbed problems, from plausible to garbage: each must give a result
/// or a clean error, never a crash. A crash here would abort the test process and fail CI.
struct FuzzTests {
    static let seedJSON: [UInt8] = JSONWriter().bytes(
        ProblemGenerator(feeders: 2, sitesPerFeeder: 3, sessionsPerFeeder: 5, intervals: 12, seed: 5).generate().json
    )

    /// Byte-level damage: flips, cuts, insertions of JSON-significant characters.
    @Test func byteMutationsNeverCrash() {
        var rng = SeededGenerator(seed: 42)
        var outcomes = (solved: 0, rejected: 0)
        for _ in 0..<300 {
            var bytes = Self.seedJSON
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[i] = rng.pick(Array("{}[]\":,-0123456789.eE tnfu\\".utf8))
                case 1: bytes.removeSubrange(i..<min(bytes.count, i + Int(rng.next() % 20)))
                case 2: bytes.insert(rng.pick(Array("{[\"-9e999,".utf8)), at: i)
                default: bytes = Array(bytes.prefix(i))
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            switch Result(catching: { () throws(DispatchError) in try Dispatcher().dispatch(json: bytes) }) {
            case .success(let r): outcomes.solved += 1; #expect(r.objective.total.isFinite)
            case .failure(.invalidProblem(let invalid)): outcomes.rejected += 1; #expect(!invalid.issues.isEmpty)
            case .failure(let other): Issue.record("unexpected error \(other)")
            }
        }
        #expect(outcomes.solved + outcomes.rejected == 300)
    }

    /// Value-level perturbations of valid problems: extreme, zero, negative and huge numbers,
    /// shifted times. Valid ones must solve and meet the invariants.
    @Test func valueMutationsSolveOrFailCleanly() throws {
        var rng = SeededGenerator(seed: 7)
        var solved = 0
        for round in 0..<200 {
            var p = ProblemGenerator(feeders: 1, sitesPerFeeder: 2, sessionsPerFeeder: 4, intervals: 8, seed: UInt64(round)).generate()
            let extreme: [Double] = [0, -1, 1e-12, 1e9, 1e300, -1e300, 0.5, 7.4, 1e-300]
            for _ in 0..<3 {
                let value = rng.pick(extreme)
                switch rng.next() % 7 {
                case 0: p.feeders[0].importLimitKw = .constant(value)
                case 1: p.sites[0].baseLoadKw = .constant(value)
                case 2: p.sessions[0].targetKwh = value
                case 3: p.chargers[0].maxChargeKw = value
                case 4: p.prices.importPerKwh = .constant(value)
                case 5: p.sessions[1].departure = p.sessions[1].arrival.adding(milliseconds: Int64(value.clamped(-1e12, 1e12)))
                default: p.sites[1].pvKw = .constant(value)
                }
            }
            let bytes = JSONWriter().bytes(p.json)
            switch Result(catching: { () throws(DispatchError) in try Dispatcher().dispatch(json: bytes) }) {
            case .success(let r):
                solved += 1
                Invariants.check(r, try ProblemReader.read(bytes))
            case .failure(.invalidProblem(let invalid)): #expect(!invalid.issues.isEmpty)
            case .failure(let other): Issue.record("round \(round): unexpected error \(other)")
            }
        }
        #expect(solved > 10 && solved < 200)
    }
}

extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
