import ChargeShareDomain
import OpenADR
import Synthetic
import TestSupport
import Testing

/// The reader is stricter than the schema, never looser: every mutated event body it accepts is
/// valid against the official 3.0.1 `event` schema as sent, and so is the object the server
/// returns for it (checked by `scripts/openadr_validate.py`).
@Suite("OpenADR reader against the official schema (python3)")
struct OpenADRDifferentialTests {
    @Test("Mutated events the reader accepts are valid 3.0.1 events, as sent and as returned; so are mutated programs")
    func acceptedAreValid() throws {
        let event = try JSONReader.parse(OpenADRFixtures.event)
        let program = try JSONReader.parse(OpenADRFixtures.program)
        var m = Mutator(rng: SeededGenerator(seed: 0x3001))
        var events: [String] = [], returned: [JSONValue] = []
        var programs: [String] = [], returnedPrograms: [JSONValue] = []
        for round in 0..<3000 {
            let isProgram = round % 3 == 2
            let input: [UInt8]
            if round % 2 == 0 {
                var budget = 1 + m.int(60)
                input = JSONWriter().bytes(OpenADRFuzzTests.mutate(isProgram ? program : event, &m, &budget))
            } else {
                input = m.mutate(Array((isProgram ? OpenADRFixtures.program : OpenADRFixtures.event).utf8))
            }
            let created = OpenADRFixtures.at("2026-06-01T08:00:00Z")
            // The reader reads a few nulls as "absent" (OpenADRReader.droppingAbsentNulls): the body
            // as sent is compared with those left out, which is how it is read.
            let sentText = { (try? InvalidProblem.parse(input)).map { JSONWriter().string(OpenADRReader.droppingAbsentNulls($0)) } ?? "" }
            if isProgram, let draft = try? OpenADRReader.program(input) {
                programs.append(sentText())
                returnedPrograms.append(
                    OpenADRObject(kind: .program, id: "program-\(round)", owner: "u", created: created, modified: created, body: draft.document)
                        .document)
            } else if !isProgram, let draft = try? OpenADRReader.event(input) {
                events.append(sentText())
                returned.append(
                    OpenADRObject(kind: .event, id: "event-\(round)", owner: "u", created: created, modified: created, body: draft.document).document)
            }
        }
        #expect(events.count > 100 && programs.count > 50, "accepted \(events.count) events, \(programs.count) programs")
        for (schema, sent, objects) in [("event", events, returned), ("program", programs, returnedPrograms)] {
            let asSent = try OpenADRSchemaCheck.run(schema, arrayText: "[" + sent.joined(separator: ",\n") + "]")
            #expect(asSent.status == 0, "\(schema) as sent: \(asSent.output.prefix(3000))")
            let asReturned = try OpenADRSchemaCheck.run(schema, objects)
            #expect(asReturned.status == 0, "\(schema) as returned: \(asReturned.output.prefix(3000))")
        }
    }
}
