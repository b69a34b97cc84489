import OpenADR
import Testing

@Suite("ISO 8601 durations by the 3.0.1 schema's pattern")
struct OpenADRDurationTests {
    @Test(
        "Fixed-length durations have a length in milliseconds",
        arguments: [
            ("PT15M", 900_000), ("PT1H", 3_600_000), ("P1D", 86_400_000), ("P1W", 604_800_000), ("PT0S", 0),
            ("P1DT2H30M", 95_400_000), ("PT1.5S", 1_500), ("-PT8H", -28_800_000), ("PT90M", 5_400_000),
        ] as [(String, Int64)])
    func lengths(text: String, ms: Int64) {
        #expect(OpenADRDuration(text)?.milliseconds == ms)
    }

    @Test("Calendar years and months match the pattern but have no fixed length")
    func calendar() {
        #expect(OpenADRDuration("P1Y")?.hasCalendarPart == true)
        #expect(OpenADRDuration("P1Y")?.milliseconds == nil)
        #expect(OpenADRDuration("P2M")?.milliseconds == nil)
        #expect(OpenADRDuration("PT2M")?.milliseconds == 120_000, "M after T is minutes")
    }

    @Test(
        "Text the pattern refuses is nil",
        arguments: [
            "", "P", "PT", "1H", "PT1H30", "P1H", "PT1D", "P1D1W", "P1W1D", "PT1M1H", "P1.5D", "PT1.5M", "--PT1H", "pt1h", "P1DT",
            "PT1H ", " PT1H", "PT-1H", "P99999999999999999999D",
        ])
    func refused(text: String) {
        #expect(OpenADRDuration(text) == nil)
    }
}
