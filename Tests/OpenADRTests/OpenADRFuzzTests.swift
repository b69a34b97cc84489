import ChargeShareDomain
import OpenADR
import Synthetic
import TestSupport
import Testing

/// Random mutations of a valid event: the reader never crashes, and either accepts (and then what
/// it returns keeps the rules) or names a path and a reason for every problem.
@Suite("OpenADR event fuzzing")
struct OpenADRFuzzTests {
    static let values: [JSONValue] = [
        .null, .bool(true), .integer(-1), .integer(0), .integer(2_147_483_648), .number(1e308), .number(-0.5), .number(1e6 + 1),
        .string(""), .string("PT0S"), .string("P1Y"), .string("-PT1H"), .string("PT15M"), .string("P1D"), .string("2026-13-01T00:00:00Z"),
        .string("2026-06-01T17:00:00+14:00"), .string("GROUP"), .string("IMPORT_CAPACITY_LIMIT"), .string("EXPORT_CAPACITY_LIMIT"),
        .string("a b"), .array([]), .array([.integer(1), .integer(2)]), .object([]), .object(["x": .integer(1), "y": .integer(2)]),
    ]

    /// Replaces, removes or duplicates one node chosen at random (depth-first, `budget` counts down).
    static func mutate(_ value: JSONValue, _ m: inout Mutator, _ budget: inout Int) -> JSONValue {
        budget -= 1
        if budget == 0 { return m.rng.pick(values) }
        switch value {
        case .object(let members):
            var out: [(key: String, value: JSONValue)] = []
            for member in members {
                if budget == 1, m.int(3) == 0 {
                    budget = -1
                    continue
                }
                out.append((member.key, mutate(member.value, &m, &budget)))
            }
            return .object(out)
        case .array(let elements):
            var out = elements.map { mutate($0, &m, &budget) }
            if budget == 1, let last = out.last, m.int(2) == 0 {
                out.append(last)
                budget = -1
            }
            return .array(out)
        default:
            return value
        }
    }

    @Test("Mutated events are accepted with their rules kept, or refused with a path and a reason for each problem")
    func mutatedEvents() throws {
        let valid = try JSONReader.parse(OpenADRFixtures.event)
        var m = Mutator(rng: SeededGenerator(seed: 0x0ADE3))
        var accepted = 0, refused = 0
        for round in 0..<4000 {
            let input: [UInt8]
            if round % 2 == 0 {
                var budget = 1 + m.int(60)
                input = JSONWriter().bytes(Self.mutate(valid, &m, &budget))
            } else {
                input = m.mutate(Array(OpenADRFixtures.event.utf8))
            }
            do {
                let draft = try OpenADRReader.event(input)
                accepted += 1
                for limit in draft.limits {
                    #expect(limit.start < limit.end && limit.valueKw >= 0 && limit.valueKw <= 1e6 && limit.valueKw.isFinite)
                    #expect(draft.feederIds.contains(limit.feederId))
                }
                #expect(Set(draft.limits.map { $0.rowId(eventId: "e") }).count == draft.limits.count, "row ids are unique")
                #expect(draft.priority.map { $0 >= 0 } ?? true)
            } catch {
                refused += 1
                #expect(!error.issues.isEmpty)
                for issue in error.issues {
                    #expect(!issue.path.isEmpty && !issue.message.isEmpty)
                    #expect(!issue.description.contains("\n"), "one line per problem: \(issue.description)")
                }
            }
        }
        #expect(accepted > 100 && refused > 100, "accepted \(accepted), refused \(refused)")
    }
}
