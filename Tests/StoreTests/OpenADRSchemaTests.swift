import ChargeShareDomain
import Foundation
import OpenADR
import Store
import TestSupport
import Testing

/// The objects the store returns validate against the official 3.0.1 `program` and `event`
/// schemas, checked by `scripts/openadr_validate.py` (openapi-schema-validator; installed by
/// `scripts/install-deps.sh --python`).
@Suite("OpenADR objects as returned, against the official 3.0.1 document (python3)")
struct OpenADRSchemaTests {
    @Test("Programs and events as GET returns them are valid 3.0.1 objects; a broken one is caught")
    func returnedObjectsValidate() throws {
        let store = try OpenADRStoreTests.store()
        let admin = OpenADRStoreTests.admin
        let fullProgram = """
            {"programName": "caps", "programLongName": "Feeder caps", "retailerName": "ACME", "retailerLongName": null, "programType": "CAPACITY",
             "country": "NL", "principalSubdivision": "NH", "timeZoneOffset": "PT1H",
             "intervalPeriod": {"start": "2026-01-01T00:00:00Z", "duration": "P365D"},
             "programDescriptions": [{"URL": "https://example.com/caps"}], "bindingEvents": true, "localPrice": false,
             "payloadDescriptors": [{"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": "IMPORT_CAPACITY_LIMIT", "units": "KW"},
                                    {"objectType": "REPORT_PAYLOAD_DESCRIPTOR", "payloadType": "USAGE", "readingType": "DIRECT_READ", "units": "KWH", "accuracy": 0.5, "confidence": 90}],
             "targets": [{"type": "GROUP", "values": ["F"]}]}
            """
        let program = try store.createProgram(OpenADRReader.program(Array(fullProgram.utf8)), by: admin, at: OpenADRStoreTests.t0)
        let minimal = try store.createProgram(OpenADRStoreTests.program("minimal"), by: admin, at: OpenADRStoreTests.t0)
        let fullEvent = """
            {"programID": "\(program.id)", "eventName": "evening", "priority": 0,
             "targets": [{"type": "GROUP", "values": ["F", "G"]}, {"type": "POINTS", "values": [{"x": 1, "y": 2.5}, true, "s", 3]}],
             "reportDescriptors": [{"payloadType": "USAGE", "readingType": "DIRECT_READ", "units": "KWH", "targets": [], "aggregate": false,
                                    "startInterval": -1, "numIntervals": -1, "historical": true, "frequency": -1, "repeat": 1}],
             "payloadDescriptors": [{"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": "EXPORT_CAPACITY_LIMIT", "units": "KW", "currency": null}],
             "intervalPeriod": {"start": "2026-06-01T17:00:00Z", "duration": "PT15M", "randomizeStart": "PT1M"},
             "intervals": [{"id": 0, "payloads": [{"type": "EXPORT_CAPACITY_LIMIT", "values": [2.5]}]},
                           {"id": 1, "intervalPeriod": {"start": "2026-06-01T18:00:00+02:00", "duration": "PT1H"},
                            "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [40]}]}]}
            """
        let event = try store.createEvent(OpenADRReader.event(Array(fullEvent.utf8)), by: admin, at: OpenADRStoreTests.t0).object
        let small = try store.createEvent(
            OpenADRStoreTests.event(minimal.id, feeders: ["F"], kw: [10]), by: admin, at: OpenADRStoreTests.t0.adding(milliseconds: 1)
        ).object
        let programs = try store.programs(OpenADRQuery(), by: admin).map(\.document)
        let events = try store.events(OpenADRQuery(), by: admin).map(\.document)
        #expect(programs.count == 2 && events == [event.document, small.document])

        let (programStatus, programOutput) = try OpenADRSchemaCheck.run("program", programs)
        #expect(programStatus == 0, "\(programOutput)")
        let (eventStatus, eventOutput) = try OpenADRSchemaCheck.run("event", events)
        #expect(eventStatus == 0, "\(eventOutput)")
        #expect(eventOutput.contains("ok: 2 objects valid against event"))

        // The checker is not a rubber stamp: an event without intervals fails.
        let broken = JSONValue.object((event.document.objectValue ?? []).filter { $0.key != "intervals" })
        let (status, output) = try OpenADRSchemaCheck.run("event", [broken])
        #expect(status == 1 && output.contains("'intervals' is a required property"), "\(output)")
    }
}
