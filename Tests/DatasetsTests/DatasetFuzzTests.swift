import ChargeShareDatasets
import ChargeShareDomain
import Foundation
import Synthetic
import Testing
import TestSupport

/// Seeded fuzzing of every dataset parser: real files mutated a few thousand times each.
///
/// Every case must either load, or fail with a `DatasetError` (typed throws make that the only
/// error a parser can raise) whose message is non-empty and names a line (a JSON path for the
/// tariff's structure). What loads must keep the loaders' bounds (stays within 7 days, price
/// series within their span limit); BacktestTests' `SessionFuzzReplayTests` replays what loads.
@Suite("Dataset fuzzing")
struct DatasetFuzzTests {
    static let cases = 3000

    static func check(_ e: DatasetError, _ input: [UInt8], allowPath: Bool = false) {
        let where_ = e.line != nil || allowPath && e.message.hasPrefix("$")
        #expect(!e.message.isEmpty && where_, "\(e) for input \(String(decoding: input.prefix(400), as: UTF8.self).debugDescription)")
    }

    @Test("ACN sessions CSV: mutated Caltech rows load or fail with a line")
    func acnSessions() throws {
        try Self.sessions(Fuzzing.excerpt("acn/caltech_2019-05-01_2019-08-31.csv", lines: 2...31), seed: 0xAC)
    }

    @Test("Session export: mutated rows load or fail with a line")
    func exportedSessions() throws {
        let caltech = try SessionFile.load(path: Fixtures.path("acn/caltech_2019-05-01_2019-08-31.csv"))
        try Self.sessions(Array(SessionFile.export(Array(caltech.prefix(30))).utf8), seed: 0xE7)
    }

    static func sessions(_ valid: [UInt8], seed: UInt64) throws {
        _ = try SessionFile.parse(CSVTable(bytes: valid, source: "s.csv"))
        var m = Mutator(rng: SeededGenerator(seed: seed))
        var loaded = 0, refused = 0
        for _ in 0..<cases {
            let input = m.mutate(valid)
            do {
                let sessions = try SessionFile.parse(CSVTable(bytes: input, source: "s.csv"))
                loaded += 1
                // What the loader guarantees the replay: every stay and estimate within 7 days.
                let week: Int64 = 7 * 86_400_000
                #expect(
                    sessions.allSatisfy {
                        $0.departure.millisecondsSinceEpoch - $0.arrival.millisecondsSinceEpoch <= week
                            && abs($0.estimatedDeparture.millisecondsSinceEpoch - $0.arrival.millisecondsSinceEpoch) <= week
                    })
            } catch {
                refused += 1
                check(error, input)
            }
        }
        #expect(loaded > 0 && refused > 0)
    }

    @Test("Day-ahead prices: mutated rows in both date formats load or fail with a line")
    func prices() throws {
        let valid = try Fuzzing.excerpt("prices/Netherlands_day-ahead-2015-2024.csv", lines: 76_660...76_700)
        _ = try DayAheadPrices.parse(CSVTable(bytes: valid, source: "p.csv"))
        var m = Mutator(rng: SeededGenerator(seed: 0xDA))
        var loaded = 0, refused = 0
        for _ in 0..<Self.cases {
            let input = m.mutate(valid)
            do {
                let (prices, _) = try DayAheadPrices.parse(CSVTable(bytes: input, source: "p.csv"))
                loaded += 1
                #expect(prices.perKwh.count <= Int(DayAheadPrices.maximumSpanHours) + 1)
                #expect(prices.perKwh.allSatisfy { $0.isFinite })
            } catch {
                refused += 1
                Self.check(error, input)
            }
        }
        #expect(loaded > 0 && refused > 0)
    }

    @Test("TOU tariff JSON: mutated SCE tariff loads or fails with a line or a JSON path")
    func tariff() throws {
        let valid = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("tariffs/sce_tou_ev_4_march_2019.json"))))
        var m = Mutator(rng: SeededGenerator(seed: 0x70))
        var loaded = 0, refused = 0
        for _ in 0..<Self.cases {
            let input = m.mutate(valid)
            do {
                let t = try TimeOfUseTariff.parse(input, source: "t.json", timeZone: "America/Los_Angeles")
                loaded += 1
                #expect(t.price(at: Fixtures.time("2019-07-01T19:00:00Z")).isFinite)
            } catch {
                refused += 1
                Self.check(error, input, allowPath: true)
            }
        }
        #expect(loaded > 0 && refused > 0)
    }

    @Test("ElaadNL tables: one mutated table of four loads or fails with a line")
    func elaad() throws {
        let names = [
            "distribution-of-arrival.csv", "distribution-of-arrival-weekend.csv", "distribution-of-connection-time.csv",
            "distribution-of-energy-demand.csv",
        ]
        let valid = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("elaad/\($0)")))) }
        var parsed: [CSVTable] = []
        for (i, bytes) in valid.enumerated() { parsed.append(try CSVTable(bytes: bytes, source: names[i])) }
        var m = Mutator(rng: SeededGenerator(seed: 0xE1))
        var loaded = 0, refused = 0
        for _ in 0..<Self.cases {
            var t = parsed
            let k = m.int(valid.count)
            let input = m.mutate(valid[k])
            do {
                t[k] = try CSVTable(bytes: input, source: names[k])
                _ = try ElaadDistributions.parse(weekdayArrivals: t[0], weekendArrivals: t[1], connectionTime: t[2], energyDemand: t[3])
                loaded += 1
            } catch {
                refused += 1
                Self.check(error, input)
            }
        }
        #expect(loaded > 0 && refused > 0)
    }
}
