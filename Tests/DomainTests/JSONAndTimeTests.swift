import ChargeShareDomain
import Testing

struct JSONAndTimeTests {
    @Test func parserRoundTripsThroughWriter() throws {
        let text = #"{"a":[1,-2.5,1e-7,true,false,null],"b":{"c":"x\"\\\n\u00e9\ud83d\ude00"},"d":12345678901234}"#
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(JSONWriter().string(value)) == value)
        #expect(value["b"]?["c"]?.stringValue == "x\"\\\n\u{e9}\u{1F600}")
        #expect(value["d"] == .integer(12_345_678_901_234))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\u{01}\"", "nul", "[1] 2", "\"\\ud800\""])
    func malformedJSONIsRejected(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func timestampsParseAndPrint() throws {
        let t = try #require(Timestamp(rfc3339: "2024-02-29T23:59:00Z"))
        #expect(t.description == "2024-02-29T23:59:00Z")
        #expect(Timestamp(rfc3339: "2024-03-01T01:59:00+02:00") == t)
        #expect(Timestamp(rfc3339: "1970-01-01T00:00:00.250Z")?.millisecondsSinceEpoch == 250)
        #expect(Timestamp(rfc3339: "1969-12-31T23:59:59Z")?.millisecondsSinceEpoch == -1000)
        #expect(Timestamp(rfc3339: "2023-02-29T00:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "2023-01-01T24:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "2023-01-01T00:00:00") == nil)
    }

    /// Interval t is usable when [start + tΔ, start + (t+1)Δ) lies within [arrival, departure).
    @Test func usableIntervals() throws {
        let p = DispatchProblem(
            windowId: "w", start: try #require(Timestamp(rfc3339: "2026-01-01T00:00:00Z")), intervalMinutes: 15, intervals: 8,
            prices: Prices(importPerKwh: .constant(0.1)), feeders: [], sites: [], chargers: [], sessions: []
        )
        func run(_ a: String, _ d: String) -> Range<Int> {
            p.usableIntervals(arrival: Timestamp(rfc3339: a)!, departure: Timestamp(rfc3339: d)!)
        }
        #expect(run("2026-01-01T00:10:00Z", "2026-01-01T01:05:00Z") == 1..<4)
        #expect(run("2025-12-31T20:00:00Z", "2026-01-01T00:30:00Z") == 0..<2)
        #expect(run("2026-01-01T01:00:00Z", "2026-01-02T00:00:00Z") == 4..<8)
        #expect(run("2026-01-01T00:01:00Z", "2026-01-01T00:29:00Z").isEmpty)
        #expect(run("2025-12-31T00:00:00Z", "2025-12-31T05:00:00Z").isEmpty)
    }

    @Test func problemJSONRoundTrips() throws {
        let bytes = Array(ValidationTests.valid.utf8)
        let p = try ProblemReader.read(bytes)
        #expect(try ProblemReader.read(JSONWriter().bytes(p.json)) == p)
    }
}
