import ChargeShareDomain
import Testing

/// The domain's use of the JSON stack and of time; the stack itself is tested in StrictJSONTests.
struct JSONAndTimeTests {
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
