import ChargeShareDomain
import Forecasting
import Synthetic
import Testing

/// Model files: what is written is read back the same; anything this engine cannot use as
/// written is refused with its JSON path.
@Suite("Demand model files")
struct DemandModelFileTests {
    static let file = DemandModelFile(
        site: "caltech", timeZone: "America/Los_Angeles", intervalMinutes: 60, energyProfile: .asSoonAsPossible(kw: 6.6),
        kind: .ridge(coefficients: [0.5, 0.2, 0.1, 0.05, 0.1], lambda: 10),
        training: .init(
            firstDay: CivilDate(year: 2019, month: 5, day: 1)!, lastDay: CivilDate(year: 2019, month: 8, day: 31)!, sessions: 3527,
            sessionsSHA256: String(repeating: "ab", count: 32)), metrics: .object([("mase", .number(0.58))]))

    static func text(_ json: JSONValue) -> [UInt8] { JSONWriter().bytes(json) }

    static func edited(_ edit: (inout [(key: String, value: JSONValue)]) -> Void) -> [UInt8] {
        guard case .object(var members) = file.json else { return [] }
        edit(&members)
        return text(.object(members))
    }

    static func set(_ members: inout [(key: String, value: JSONValue)], _ key: String, _ value: JSONValue?) {
        members.removeAll { $0.key == key }
        if let value { members.append((key, value)) }
    }

    @Test func roundTrips() throws {
        #expect(try DemandModelFile.read(Self.text(Self.file.json)) == Self.file)
        var profile = Self.file
        profile.kind = .profile(days: 6, statistic: .median)
        profile.energyProfile = .uniform
        #expect(try DemandModelFile.read(Self.text(profile.json)) == profile)
    }

    @Test(arguments: [
        ("format", JSONValue.string("chargeshare-tariff"), "format: is \"chargeshare-tariff\", not a demand model (chargeshare-demand-model)"),
        ("formatVersion", .integer(2), "formatVersion: is 2; this engine (chargeshare-forecasting 1.0) reads version 1"),
        ("timeZone", .string("Mars/Olympus"), "timeZone: unknown time zone \"Mars/Olympus\""),
        ("intervalMinutes", .integer(15), "intervalMinutes: is 15; the demand models work on hours (60)"),
        ("site", nil, "site: is required"),
        (
            "model",
            .object([
                ("kind", .string("ridge")), ("features", .array([.string("hour")])), ("coefficients", .array([.number(1)])), ("lambda", .number(1)),
            ]),
            "model.features: must be profile-median-6d, profile-mean-4d-same-weekday, naive-weekly, naive-daily, mean-7d (this engine's features), got [\"hour\"]"
        ),
        ("model", .object([("kind", .string("lstm"))]), "model.kind: \"lstm\" is not profile or ridge"),
        ("model", .object([("kind", .string("profile")), ("days", .integer(0)), ("statistic", .string("median"))]), "model.days: must be 1 to 28"),
        ("training", .object([("firstDay", .string("May 1"))]), "training.firstDay: must be a date YYYY-MM-DD, got \"May 1\""),
        (
            "training",
            .object([
                ("firstDay", .string("2019-08-31")), ("lastDay", .string("2019-05-01")), ("sessions", .integer(-1)),
                ("sessionsSha256", .string("zz")),
            ]), "training.lastDay: 2019-05-01 is before training.firstDay 2019-08-31"
        ),
        (
            "training",
            .object([
                ("firstDay", .string("2019-05-01")), ("lastDay", .string("2019-08-31")), ("sessions", .integer(-1)),
                ("sessionsSha256", .string("zz")),
            ]), "training.sessionsSha256: must be 64 lowercase hex digits (SHA-256)"
        ),
        ("metrics", .array([]), "metrics: must be an object"),
        ("site", .string(""), "site: must not be empty"),
        (
            "model",
            .object([
                ("kind", .string("ridge")),
                ("features", .array(RidgeForecaster.featureNames.map { JSONValue.string($0) } + [.integer(1)])),
                ("coefficients", .array(Array(repeating: .number(1), count: 5))), ("lambda", .number(-1)),
            ]),
            "model.lambda: must be ≥ 0"
        ),
    ])
    func aMismatchedFileIsRefusedWithItsPath(key: String, value: JSONValue?, message: String) {
        let bytes = Self.edited { Self.set(&$0, key, value) }
        #expect(throws: InvalidProblem.self) { try DemandModelFile.read(bytes) }
        do { _ = try DemandModelFile.read(bytes) } catch { #expect(error.issues.map(\.description).contains(message), "\(error.issues)") }
    }

    @Test func nonFiniteOrMissingCoefficientsAreRefused() {
        let bytes = Self.edited {
            Self.set(
                &$0, "model",
                .object([
                    ("kind", .string("ridge")), ("features", .array(RidgeForecaster.featureNames.map { .string($0) })),
                    ("coefficients", .array([.number(1), .number(2)])), ("lambda", .number(1)),
                ]))
        }
        do {
            _ = try DemandModelFile.read(bytes)
            Issue.record("accepted")
        } catch { #expect(error.issues.map(\.description) == ["model.coefficients: must be 5 finite numbers, one per feature"]) }
        #expect(throws: InvalidProblem(issues: [ValidationIssue(path: "$", message: "must be an object")])) {
            try DemandModelFile.read(Array("[]".utf8))
        }
        #expect(throws: InvalidProblem.self) { try DemandModelFile.read(Array("{\"format\": ".utf8)) }
    }

    /// Seeded fuzz: random byte edits of a valid file never crash the reader; each answer is a
    /// model or issues with a path.
    @Test func seededFuzzNeverCrashes() {
        var rng = SeededGenerator(seed: 14)
        let base = Self.text(Self.file.json)
        for _ in 0..<2000 {
            var bytes = base
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            do { _ = try DemandModelFile.read(bytes) } catch { #expect(!error.issues.isEmpty && error.issues.allSatisfy { !$0.path.isEmpty }) }
        }
    }
}
