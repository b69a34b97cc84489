import ChargeShareDomain
import OpenADR
import Testing

@Suite("Program and event bodies against the 3.0.1 schemas, every problem with its path")
struct OpenADRReaderTests {
    typealias F = OpenADRFixtures

    @Test("A valid program keeps its members in order, without server fields")
    func program() throws {
        let draft = try OpenADRReader.program(F.bytes(F.program))
        #expect(draft.programName == "feeder-caps")
        #expect(draft.targets == [OpenADRValuesMap(type: "GROUP", values: [.string("F")])])
        #expect(draft.document.objectValue?.first?.key == "programName")
        let echoed = F.program.replacingOccurrences(
            of: "{\n  \"programName\"",
            with: "{\"id\": \"x-1\", \"objectType\": \"PROGRAM\", \"createdDateTime\": \"2026-01-01T00:00:00Z\", \"programName\"")
        #expect(try OpenADRReader.program(F.bytes(echoed)) == draft, "echoed server fields are dropped")
    }

    @Test("Program problems are all reported with paths")
    func programProblems() {
        let issues = F.programIssues(
            #"""
            {"programName": "", "country": 31, "timeZoneOffset": "1H", "intervalPeriod": {"duration": "PT1H"}, "objectType": "EVENT",
             "programDescriptions": [{"url": "x"}], "bindingEvents": "no", "payloadDescriptors": [{"payloadType": 7}],
             "targets": [{"type": "GROUP"}], "extra": 1}
            """#)
        #expect(
            issues == [
                "extra: unknown field (not in the OpenADR 3.0.1 schema, or not supported)",
                "objectType: must be PROGRAM, got \"EVENT\"",
                "programName: must be 1 to 128 characters",
                "country: expected a string, got a number",
                "timeZoneOffset: expected an ISO 8601 duration such as PT15M, PT1H or P1D, got \"1H\"",
                "intervalPeriod.start: is required",
                "programDescriptions[0].URL: is required",
                "bindingEvents: expected a boolean, got a string",
                "payloadDescriptors[0].objectType: is required in a program (the schema's discriminator): EVENT_PAYLOAD_DESCRIPTOR or REPORT_PAYLOAD_DESCRIPTOR",
                "payloadDescriptors[0].payloadType: expected a string, got a number",
                "targets[0].values: is required",
            ])
        #expect(F.programIssues("[]") == ["$: expected an object, got an array"])
        #expect(F.programIssues("{\"programName\": \"a\",}").first?.hasPrefix("$: invalid JSON") == true)
    }

    @Test("A valid event resolves into one limit per interval, payload and feeder; randomizeStart is ignored")
    func event() throws {
        let draft = try OpenADRReader.event(F.bytes(F.event))
        #expect(draft.programID == "program-1")
        #expect(draft.priority == 2)
        #expect(draft.feederIds == ["F", "G"])
        let h = { (hour: Int) in F.at("2026-06-01T\(hour):00:00Z") }
        #expect(
            draft.limits == [
                EventLimit(intervalId: 0, feederId: "F", kind: .importCapacity, start: h(17), end: h(18), valueKw: 40),
                EventLimit(intervalId: 0, feederId: "G", kind: .importCapacity, start: h(17), end: h(18), valueKw: 40),
                EventLimit(intervalId: 1, feederId: "F", kind: .importCapacity, start: h(18), end: h(19), valueKw: 30.5),
                EventLimit(intervalId: 1, feederId: "G", kind: .importCapacity, start: h(18), end: h(19), valueKw: 30.5),
                EventLimit(intervalId: 1, feederId: "F", kind: .exportCapacity, start: h(18), end: h(19), valueKw: 5),
                EventLimit(intervalId: 1, feederId: "G", kind: .exportCapacity, start: h(18), end: h(19), valueKw: 5),
                EventLimit(intervalId: 2, feederId: "F", kind: .importCapacity, start: h(19), end: h(20), valueKw: 25),
                EventLimit(intervalId: 2, feederId: "G", kind: .importCapacity, start: h(19), end: h(20), valueKw: 25),
            ])
        #expect(draft.limits[0].rowId(eventId: "event-7") == "event-7/0/F/import")
        #expect(draft.limits[4].rowId(eventId: "event-7") == "event-7/1/F/export")
        let limit = draft.limits[4].gridLimit(eventId: "event-7", priority: 2)
        #expect(limit.exportLimitKw == 5 && limit.importLimitKw == nil && limit.priority == 2)
    }

    @Test("Per-interval periods override the event's; an interval without one follows the previous")
    func timing() throws {
        let body = #"""
            {"programID": "p", "targets": [{"type": "GROUP", "values": ["F"]}],
             "intervalPeriod": {"start": "2026-06-01T17:00:00Z", "duration": "PT15M"},
             "intervals": [
               {"id": 5, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [1]}]},
               {"id": 9, "intervalPeriod": {"start": "2026-06-01T20:00:00+02:00", "duration": "P1D"},
                "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [2]}]},
               {"id": 1, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [3]}]},
               {"id": 2, "intervalPeriod": {"start": "2026-06-03T00:00:00Z"}, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [4]}]}
             ]}
            """#
        let spans = try OpenADRReader.event(F.bytes(body)).limits.map { "\($0.intervalId) \($0.start)–\($0.end) \($0.valueKw)" }
        #expect(
            spans == [
                "5 2026-06-01T17:00:00Z–2026-06-01T17:15:00Z 1.0",
                "9 2026-06-01T18:00:00Z–2026-06-02T18:00:00Z 2.0",
                "1 2026-06-02T18:00:00Z–2026-06-02T18:15:00Z 3.0",
                "2 2026-06-03T00:00:00Z–2026-06-03T00:15:00Z 4.0",
            ])
    }

    @Test("An event without capacity limits is stored as is: no feeders needed, no limits")
    func otherPayloads() throws {
        let draft = try OpenADRReader.event(
            F.bytes(#"{"programID": "p", "intervals": [{"id": 0, "payloads": [{"type": "PRICE", "values": [0.2]}]}]}"#))
        #expect(draft.limits.isEmpty && draft.feederIds.isEmpty && draft.priority == nil)
        #expect(try OpenADRReader.event(F.bytes(#"{"programID": "p", "priority": null, "intervals": []}"#)).priority == nil)
    }

    @Test("Event problems are all reported with paths")
    func eventProblems() {
        #expect(F.eventIssues("{}") == ["programID: is required", "intervals: is required"])
        #expect(
            F.eventIssues(
                #"""
                {"programID": "p 1", "priority": -1, "objectType": "PROGRAM", "targets": [{"type": "GROUP", "values": [3]}],
                 "payloadDescriptors": [{"payloadType": "IMPORT_CAPACITY_LIMIT", "units": "W"}],
                 "intervalPeriod": {"start": "2026-06-01 17:00", "duration": "P1M"},
                 "intervals": [
                   {"id": 0, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": ["40"]}]},
                   {"id": 0, "payloads": [{"type": "EXPORT_CAPACITY_LIMIT", "values": [1, 2]}, {"type": "X", "values": [null]}]},
                   {"id": 1.5, "payloads": {}},
                   {"id": 2, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [-1]}, {"type": "IMPORT_CAPACITY_LIMIT", "values": [1]}]}
                 ]}
                """#)
                == [
                    "objectType: must be EVENT, got \"PROGRAM\"",
                    "programID: must hold only letters, digits, _ and - (objectID), got \"p 1\"",
                    "priority: must be 0 to 2147483647, got -1",
                    "targets[0].values[0]: a GROUP target names feeders by id: expected a non-empty string, got a number",
                    "payloadDescriptors[0].units: IMPORT_CAPACITY_LIMIT is read in kW: units must be KW, got \"W\"",
                    "intervalPeriod.start: expected an RFC 3339 date-time such as 2026-06-01T17:00:00Z, got \"2026-06-01 17:00\"",
                    "intervals[0].payloads[0].values[0]: IMPORT_CAPACITY_LIMIT must be a number (kW), got a string",
                    "intervals[1].payloads[0].values: EXPORT_CAPACITY_LIMIT holds exactly one number (kW), got 2 values",
                    "intervals[1].payloads[1].values[0]: expected a number, string, boolean or point, got null",
                    "intervals[2].id: expected an integer, got a fraction",
                    "intervals[2].payloads: expected an array, got an object",
                    "intervals[3].payloads[0].values[0]: IMPORT_CAPACITY_LIMIT must be 0 to 1000000 kW, got -1.0",
                ])
    }

    @Test("Timing problems name the interval or the duration")
    func timingProblems() {
        let limit = #"[{"type": "IMPORT_CAPACITY_LIMIT", "values": [1]}]"#
        let group = #""targets": [{"type": "GROUP", "values": ["F"]}]"#
        #expect(
            F.eventIssues(#"{"programID": "p", \#(group), "intervals": [{"id": 0, "payloads": \#(limit)}, {"id": 1, "payloads": \#(limit)}]}"#)
                == [
                    "intervals[0]: has no start: give the event or the interval an intervalPeriod",
                    "intervals[1]: has no start: it follows intervals[0], which has none; give it an intervalPeriod",
                ])
        let start = #""intervalPeriod": {"start": "2026-06-01T17:00:00Z""#
        #expect(
            F.eventIssues(#"{"programID": "p", \#(group), \#(start)}, "intervals": [{"id": 0, "payloads": \#(limit)}]}"#)
                == ["intervals[0]: has no duration: the default PT0S (open-ended) is not supported for capacity limits; give one such as PT1H"])
        #expect(
            F.eventIssues(#"{"programID": "p", \#(group), \#(start), "duration": "P1Y"}, "intervals": [{"id": 0, "payloads": \#(limit)}]}"#)
                == ["intervalPeriod.duration: \"P1Y\": years and months have no fixed length; use days (P30D) or hours"])
        #expect(
            F.eventIssues(#"{"programID": "p", \#(group), \#(start), "duration": "-PT1H"}, "intervals": [{"id": 0, "payloads": \#(limit)}]}"#)
                == ["intervalPeriod.duration: \"-PT1H\": an interval needs a positive duration"])
        #expect(
            F.eventIssues(#"{"programID": "p", \#(start), "duration": "PT1H"}, "intervals": [{"id": 0, "payloads": \#(limit)}]}"#)
                == [
                    "targets: an event with capacity limits names its feeders: {\"type\": \"GROUP\", \"values\": [\"<feederId>\"]} (first limit at intervals[0])"
                ])
    }

    @Test("Events are bounded: at most 10,000 intervals and 1,000 feeders")
    func bounds() {
        let interval = #"{"id": 0, "payloads": [{"type": "PRICE", "values": [1]}]}"#
        let many = Array(repeating: interval, count: 10_001).joined(separator: ",")
        let feeders = (0...1000).map { "\"f\($0)\"" }.joined(separator: ",")
        #expect(
            Array(F.eventIssues(#"{"programID": "p", "targets": [{"type": "GROUP", "values": [\#(feeders)]}], "intervals": [\#(many)]}"#).prefix(2))
                == [
                    "intervals: 10001 intervals; at most 10000 per event (split it)", "targets[0]: 1001 feeders; at most 1000 per event (split it)",
                ])
    }

    @Test("Query parameters: filters, skip and limit within the specification's bounds")
    func query() throws {
        let q = try OpenADRQuery.read(
            [("programID", "program-1"), ("targetType", "GROUP"), ("targetValues", "F"), ("targetValues", "G"), ("skip", "2"), ("limit", "10")],
            events: true)
        #expect(q == OpenADRQuery(programID: "program-1", targetType: "GROUP", targetValues: ["F", "G"], skip: 2, limit: 10))
        #expect(try OpenADRQuery.read([], events: false) == OpenADRQuery(skip: 0, limit: 50))
        #expect {
            try OpenADRQuery.read([("limit", "51"), ("skip", "-1"), ("programID", "x"), ("limit", "1"), ("a b", "")], events: false)
        } throws: { error in
            (error as? InvalidProblem)?.issues.map(\.description) == [
                "limit: must be an integer 0 to 50, got \"51\"", "skip: must be an integer 0 to 2147483647, got \"-1\"",
                "programID: unknown query parameter", "limit: given more than once", "$[\"a b\"]: unknown query parameter",
            ]
        }
    }
}

@Suite("The feeder-limits window and its response body")
struct FeederLimitWindowTests {
    @Test("start, end and intervalMinutes: a whole number of intervals; each problem names its parameter")
    func read() throws {
        let w = try FeederLimitWindow.read([("start", "2026-06-01T17:00:00Z"), ("end", "2026-06-01T19:00:00+00:00"), ("intervalMinutes", "30")])
        #expect(w == FeederLimitWindow(start: OpenADRFixtures.at("2026-06-01T17:00:00Z"), intervalMinutes: 30, intervals: 4))
        #expect(try FeederLimitWindow.read([("start", "2026-06-01T17:00:00Z"), ("end", "2026-06-01T18:00:00Z")]).intervals == 4)
        func issues(_ items: [(name: String, value: String)]) -> [String] {
            do {
                _ = try FeederLimitWindow.read(items)
                return []
            } catch { return error.issues.map(\.description) }
        }
        #expect(
            issues([("start", "yesterday"), ("intervalMinutes", "0"), ("x", "1")]) == [
                "x: unknown query parameter", "start: expected an RFC 3339 date-time, got \"yesterday\"",
                "end: is required (RFC 3339, e.g. 2026-06-01T17:00:00Z)", "intervalMinutes: must be an integer 1 to 1440, got \"0\"",
            ])
        #expect(issues([("start", "2026-06-01T17:00:00Z"), ("end", "2026-06-01T17:00:00Z")]) == ["end: must be after start"])
        #expect(
            issues([("start", "2026-06-01T17:00:00Z"), ("end", "2026-06-01T17:20:00Z")])
                == ["end: must be start plus a whole number of 15-minute intervals"])
        #expect(
            issues([("start", "2026-01-01T00:00:00Z"), ("end", "2028-01-01T00:00:00Z")]).first?.hasPrefix("end: at most 50000 intervals") == true)
    }

    @Test("The body lists each interval's limits; an uncapped import is null")
    func body() {
        let w = FeederLimitWindow(start: OpenADRFixtures.at("2026-06-01T17:00:00Z"), intervalMinutes: 30, intervals: 2)
        let feeder = Feeder(id: "F", importLimitKw: .values([GridLimit.uncappedKw, 12]), exportLimitKw: .constant(5))
        #expect(
            JSONWriter().string(w.json(feeder))
                == #"{"feederId":"F","start":"2026-06-01T17:00:00Z","end":"2026-06-01T18:00:00Z","intervalMinutes":30,"intervals":[{"start":"2026-06-01T17:00:00Z","end":"2026-06-01T17:30:00Z","importLimitKw":null,"exportLimitKw":5},{"start":"2026-06-01T17:30:00Z","end":"2026-06-01T18:00:00Z","importLimitKw":12,"exportLimitKw":5}]}"#
        )
    }
}

/// The nulls `openadr3-client` sends for unset members where the schema has no `nullable` are
/// read as absent, and left out of what is stored.
@Suite("OpenADR reader: null as absent for intervalPeriod, randomizeStart, timeZoneOffset")
struct OpenADRAbsentNullTests {
    @Test func theClientsNullsAreReadAsAbsent() throws {
        let event = #"""
            {"programID": "program-1", "eventName": null, "priority": 1, "targets": [{"type": "GROUP", "values": ["F"]}], "reportDescriptors": null,
             "payloadDescriptors": [{"payloadType": "IMPORT_CAPACITY_LIMIT", "units": "KW", "currency": null, "objectType": "EVENT_PAYLOAD_DESCRIPTOR"}],
             "intervalPeriod": {"start": "2026-06-01T17:00:00Z", "duration": "PT15M", "randomizeStart": null},
             "intervals": [{"id": 0, "intervalPeriod": null, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [12.5]}]},
                           {"id": 1, "intervalPeriod": null, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [8]}]}]}
            """#
        let draft = try OpenADRReader.event(Array(event.utf8))
        #expect(draft.limits.map(\.valueKw) == [12.5, 8])
        #expect(draft.limits.map(\.start.description) == ["2026-06-01T17:00:00Z", "2026-06-01T17:15:00Z"])
        let text = JSONWriter().string(draft.document)
        #expect(!text.contains("randomizeStart") && !text.contains(#""intervalPeriod":null"#), "\(text)")
        let program = try OpenADRReader.program(Array(#"{"programName": "p", "intervalPeriod": null, "timeZoneOffset": null, "country": null}"#.utf8))
        #expect(program.programName == "p")
    }

    @Test func otherNullsStillFollowTheSchema() {
        let issues = OpenADRFixtures.eventIssues(
            #"{"programID": null, "intervals": [{"id": 0, "payloads": null}]}"#)
        #expect(issues.contains { $0.hasPrefix("programID:") } && issues.contains { $0.hasPrefix("intervals[0].payloads:") }, "\(issues)")
    }
}
