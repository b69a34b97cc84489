import ChargeShareDomain
import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Store
import StrictJSON
import Testing

/// The OpenADR 3 routes on a live socket: a utility's program and events, ownership, scopes,
/// priority in the effective limits, and a dispatch that honours them.
@Suite("OpenADR 3 routes: programs, events, ownership, priority, limits, dispatch")
struct OpenADRRouteTests {
    static func program(_ name: String, feeder: String = "F0") -> String {
        #"{"programName": "\#(name)", "programType": "CAPACITY", "targets": [{"type": "GROUP", "values": ["\#(feeder)"]}]}"#
    }

    /// One hour from 10:00 on `feeder`: `kw` import cap at `priority` (none when nil).
    static func event(_ programID: String, kw: Double, priority: Int?, feeder: String = "F0", start: String = "2026-06-01T10:00:00Z") -> String {
        let p = priority.map { #""priority": \#($0), "# } ?? ""
        return
            #"{"programID": "\#(programID)", "eventName": "cap", \#(p)"targets": [{"type": "GROUP", "values": ["\#(feeder)"]}], "payloadDescriptors": [{"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": "IMPORT_CAPACITY_LIMIT", "units": "KW"}], "intervalPeriod": {"start": "\#(start)", "duration": "PT1H"}, "intervals": [{"id": 0, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [\#(kw)]}]}]}"#
    }

    static func seeded() throws -> ServiceHarness {
        let h = try ServiceHarness()
        let registry = try RegistryReader.read(Array(try String(contentsOfFile: TestSupportPaths.registry, encoding: .utf8).utf8))
        _ = try h.store.upsert(registry, at: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
        return h
    }

    @Test func aUtilitysProgramAndEventRoundTripAndStayItsOwn() async throws {
        let h = try Self.seeded()
        try await h.run { client async throws in
            let coop = try await client.token("coop", ServiceHarness.coopSecret)
            let created = try await client.call(.post, "/openadr3/programs", token: coop, json: Self.program("caps"))
            #expect(created.status == .created)
            let programID = try #require(created.json?["id"]?.stringValue)
            #expect(created.json?["objectType"]?.stringValue == "PROGRAM")
            let event = try await client.call(.post, "/openadr3/events", token: coop, json: Self.event(programID, kw: 8, priority: 1))
            #expect(event.status == .created, "\(event.text)")
            let eventID = try #require(event.json?["id"]?.stringValue)
            let read = try await client.call(.get, "/openadr3/events/\(eventID)", token: coop)
            #expect(read.status == .ok && read.json == event.json)
            let listed = try await client.call(.get, "/openadr3/events?programID=\(programID)", token: coop)
            #expect(listed.json?.arrayValue?.count == 1)

            // Another utility sees nothing of it, and may not write on this feeder.
            let other = try await client.token("other-coop", ServiceHarness.otherSecret)
            #expect(try await client.call(.get, "/openadr3/events", token: other).json == .array([]))
            #expect(try await client.call(.get, "/openadr3/programs", token: other).json == .array([]))
            #expect(try await client.call(.get, "/openadr3/events/\(eventID)", token: other).status == .notFound)
            #expect(try await client.call(.delete, "/openadr3/events/\(eventID)", token: other).status == .notFound)
            let ownProgram = try await client.call(.post, "/openadr3/programs", token: other, json: Self.program("mine", feeder: "F9"))
            let otherProgramID = try #require(ownProgram.json?["id"]?.stringValue, "\(ownProgram.text)")
            let trespass = try await client.call(.post, "/openadr3/events", token: other, json: Self.event(otherProgramID, kw: 1, priority: 0))
            #expect(trespass.status == .forbidden, "\(trespass.text)")
            #expect(trespass.json?["detail"]?.stringValue == "client \"other-coop\" may not target feeder \"F0\"", "\(trespass.text)")
            let hidden = try await client.call(.get, "/openadr3/events/\(eventID)", token: other)
            #expect(hidden.json?["detail"]?.stringValue == "no event \"\(eventID)\"")
            let twice = try await client.call(.post, "/openadr3/programs", token: coop, json: Self.program("caps"))
            #expect(twice.status == .conflict && twice.json?["detail"]?.stringValue?.hasSuffix("exists already") == true, "\(twice.text)")
            let foreign = try await client.call(
                .post, "/openadr3/events", token: other, json: Self.event(programID, kw: 1, priority: 0, feeder: "F9"))
            #expect(
                foreign.status == .badRequest && foreign.json?["errors"]?.arrayValue?.first?["path"]?.stringValue == "programID", "\(foreign.text)")
            for answer in [trespass, hidden, twice, foreign] { #expect(!answer.text.contains("openadr_"), "\(answer.text)") }
            #expect(trespass.headers[.contentType] == "application/json")

            // The cloud holds no OpenADR scope; a program with events cannot be deleted.
            let cloud = try await client.token("cloud", ServiceHarness.cloudSecret)
            #expect(try await client.call(.get, "/openadr3/events", token: cloud).status == .forbidden)
            #expect(try await client.call(.delete, "/openadr3/programs/\(programID)", token: coop).status == .badRequest)
        }
        #expect(
            try h.store.utilityLimits(
                feederIds: ["F0", "F9"], from: Timestamp(millisecondsSinceEpoch: 0), to: Timestamp(rfc3339: "2030-01-01T00:00:00Z")!
            ).map(\.valueKw) == [8])
    }

    @Test func anInvalidEventIs400WithPathsAndWritesNothing() async throws {
        let h = try Self.seeded()
        try await h.run { client async throws in
            let coop = try await client.token("coop", ServiceHarness.coopSecret)
            let programID = try #require(
                try await client.call(.post, "/openadr3/programs", token: coop, json: Self.program("caps")).json?["id"]?.stringValue)
            let bad = Self.event(programID, kw: 8, priority: 1).replacingOccurrences(of: #""duration": "PT1H""#, with: #""duration": "one hour""#)
            let r = try await client.call(.post, "/openadr3/events", token: coop, json: bad)
            #expect(r.status == .badRequest)
            #expect(r.json?["errors"]?.arrayValue?.first?["path"]?.stringValue == "intervalPeriod.duration", "\(r.text)")
            let unknownFeeder = try await client.call(
                .post, "/openadr3/events", token: coop, json: Self.event(programID, kw: 8, priority: 1, feeder: "F9"))
            #expect(unknownFeeder.status == .forbidden, "\(unknownFeeder.text)")
        }
        #expect(
            try h.store.utilityLimits(feederIds: ["F0"], from: Timestamp(millisecondsSinceEpoch: 0), to: Timestamp(rfc3339: "2030-01-01T00:00:00Z")!)
                .isEmpty)
    }

    @Test func priorityDecidesTheEffectiveLimitsThenTheLowerValue() async throws {
        let h = try Self.seeded()
        try await h.run { client async throws in
            let coop = try await client.token("coop", ServiceHarness.coopSecret)
            let programID = try #require(
                try await client.call(.post, "/openadr3/programs", token: coop, json: Self.program("caps")).json?["id"]?.stringValue)
            // 10:00–11:00 priority 2 at 5 kW; 10:30–11:30 priority 1 at 9 kW; 10:30–11:30 priority 1 at 7 kW; none at 3 kW 11:00–12:00.
            for (kw, priority, start) in [(5.0, 2, "2026-06-01T10:00:00Z"), (9, 1, "2026-06-01T10:30:00Z"), (7, 1, "2026-06-01T10:30:00Z")] {
                #expect(
                    try await client.call(
                        .post, "/openadr3/events", token: coop, json: Self.event(programID, kw: kw, priority: priority, start: start)
                    ).status == .created)
            }
            #expect(
                try await client.call(
                    .post, "/openadr3/events", token: coop, json: Self.event(programID, kw: 3, priority: nil, start: "2026-06-01T11:00:00Z")
                ).status == .created)
            let cloud = try await client.token("cloud", ServiceHarness.cloudSecret)
            let r = try await client.call(
                .get, "/v1/feeders/F0/limits?start=2026-06-01T09:30:00Z&end=2026-06-01T12:30:00Z&intervalMinutes=30", token: cloud)
            #expect(r.status == .ok, "\(r.text)")
            let limits = r.json?["intervals"]?.arrayValue?.map { $0["importLimitKw"] } ?? []
            // By hand: 09:30 feeder 21.8; 10:00 p2 5; 10:30 and 11:00 p1 → lower of 9 and 7 = 7; 11:30 none-priority 3; 12:00 feeder 21.8.
            #expect(limits == [.number(21.8), .number(5), .number(7), .number(7), .number(3), .number(21.8)], "\(r.text)")
            let coopOwn = try await client.call(.get, "/v1/feeders/F0/limits?start=2026-06-01T10:00:00Z&end=2026-06-01T11:00:00Z", token: coop)
            #expect(coopOwn.status == .ok)
            let other = try await client.token("other-coop", ServiceHarness.otherSecret)
            #expect(
                try await client.call(.get, "/v1/feeders/F0/limits?start=2026-06-01T10:00:00Z&end=2026-06-01T11:00:00Z", token: other).status
                    == .forbidden)
            #expect(try await client.call(.get, "/v1/feeders/F0/limits?start=bad&end=2026-06-01T11:00:00Z", token: cloud).status == .badRequest)
            #expect(
                try await client.call(.get, "/v1/feeders/NOPE/limits?start=2026-06-01T10:00:00Z&end=2026-06-01T11:00:00Z", token: cloud).status
                    == .notFound)
        }
    }
}
