import StrictJSON
import Testing

struct TimeTests {
    @Test func timestampsParseAndPrint() throws {
        let t = try #require(Timestamp(rfc3339: "2024-02-29T23:59:00Z"))
        #expect(t.description == "2024-02-29T23:59:00Z")
        #expect(Timestamp(rfc3339: "2024-03-01T01:59:00+02:00") == t)
        #expect(Timestamp(rfc3339: "1970-01-01T00:00:00.250Z")?.millisecondsSinceEpoch == 250)
        #expect(Timestamp(rfc3339: "1969-12-31T23:59:59Z")?.millisecondsSinceEpoch == -1000)
        #expect(Timestamp(rfc3339: "2023-02-29T00:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "2023-01-01T24:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "2023-01-01T00:00:00") == nil)
        #expect(Timestamp(millisecondsSinceEpoch: -1).description == "1969-12-31T23:59:59.999Z")
    }

    /// The one form tariff envelopes and keysets carry.
    @Test func wholeSecondFormIsStrict() {
        #expect(Timestamp(rfc3339Seconds: "2026-03-29T01:00:00Z")?.millisecondsSinceEpoch == 1_774_746_000_000)
        #expect(Timestamp(millisecondsSinceEpoch: 1_774_746_000_000).rfc3339Seconds == "2026-03-29T01:00:00Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_774_746_000_999).rfc3339Seconds == "2026-03-29T01:00:00Z")
        #expect(Timestamp(rfc3339Seconds: "2026-02-29T00:00:00Z") == nil)
        #expect(Timestamp(rfc3339Seconds: "2026-03-29T01:00:00+00:00") == nil)
        #expect(Timestamp(rfc3339Seconds: "2026-03-29T01:00:00.5Z") == nil)
        #expect(Timestamp(rfc3339Seconds: "2026-03-29t01:00:00z") == nil)
        #expect(Timestamp(millisecondsSinceEpoch: -1).wholeSeconds.millisecondsSinceEpoch == -1000)
    }

    @Test func civilDates() throws {
        let date = try #require(CivilDate("2024-02-29"))
        #expect(date.description == "2024-02-29")
        #expect(date.weekday == 4)  // a Thursday
        #expect(CivilDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(CivilDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CivilDate(daysSinceEpoch: -1).description == "1969-12-31")
        #expect(CivilDate("2023-02-29") == nil)
        #expect(CivilDate("2023-2-28") == nil)
        #expect(CivilDate("2023-02-28T") == nil)
        #expect(Timestamp(rfc3339: "2026-01-04T23:59:59Z")?.civilDate.weekday == 0)  // a Sunday
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: day).daysSinceEpoch == day)
        }
    }
}
