import ChargeShareDomain
import Testing

/// Every validation rule of `../shared/spec/dispatch.md` §1 (and the engine's additions), each
/// with its exact message and JSON path.
struct ValidationTests {
    /// A valid request to start each case from.
    static let valid = """
        {"windowId": "w1", "start": "2026-06-01T00:00:00Z", "intervalMinutes": 60, "intervals": 3,
         "prices": {"importPerKwh": [0.3, 0.1, 0.2], "exportPerKwh": 0.05},
         "feeders": [{"id": "F", "importLimitKw": 20}],
         "sites": [{"id": "H", "feederId": "F", "baseLoadKw": 1, "timeZone": "Europe/Amsterdam"}],
         "chargers": [{"id": "C", "siteId": "H", "maxChargeKw": 7}],
         "sessions": [{"id": "S1", "chargerId": "C", "arrival": "2026-06-01T00:00:00Z", "departure": "2026-06-01T01:00:00Z",
                       "batteryKwh": 60, "initialKwh": 10, "targetKwh": 20},
                      {"id": "S2", "chargerId": "C", "arrival": "2026-06-01T01:00:00Z", "departure": "2026-06-01T03:00:00Z",
                       "batteryKwh": 60, "initialKwh": 10, "targetKwh": 20}]}
        """

    static func issues(_ edit: (inout String) -> Void) -> [String] {
        var text = valid
        edit(&text)
        do {
            _ = try ProblemReader.read(Array(text.utf8))
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    static func replacing(_ old: String, _ new: String) -> [String] {
        issues { text in
            precondition(text.contains(old), "test edit does not apply: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
    }

    @Test func validRequestReads() throws {
        let p = try ProblemReader.read(Array(Self.valid.utf8))
        #expect(p.sessions.count == 2)
        #expect(p.prices.exportPerKwh == .constant(0.05))
        #expect(p.unmetEnergyPenaltyPerKwh == 10 && p.limitViolationPenaltyPerKwh == 1000)
        #expect(p.chargers[0].chargeEfficiency == 0.95 && p.chargers[0].evseId == 1)
    }

    static let cases: [(String, String, String)] = [
        ("\"windowId\": \"w1\"", "\"windowId\": \"\"", "windowId: must be 1 to 128 characters"),
        ("\"windowId\": \"w1\", ", "", "windowId: is required"),
        (
            "\"start\": \"2026-06-01T00:00:00Z\"", "\"start\": \"2026-06-01 00:00\"",
            "start: malformed timestamp \"2026-06-01 00:00\" (expected RFC 3339, e.g. 2026-01-01T00:00:00Z)"
        ),
        ("\"start\": \"2026-06-01T00:00:00Z\"", "\"start\": \"2026-06-01T00:00:30Z\"", "start: must be a whole minute"),
        ("\"intervalMinutes\": 60", "\"intervalMinutes\": 7", "intervalMinutes: must be one of 1, 5, 10, 15, 20, 30, 60"),
        ("\"intervals\": 3", "\"intervals\": 2881", "intervals: must be an integer from 1 to 2880"),
        ("\"intervals\": 3", "\"intervals\": 2.5", "intervals: expected an integer, got a fraction"),
        ("\"windowId\": \"w1\"", "\"windowId\": \"w1\", \"currency\": \"XYZ\"", "currency: must be an ISO 4217 currency code, got \"XYZ\""),
        ("[0.3, 0.1, 0.2]", "[0.3, 0.1]", "prices.importPerKwh: series has 2 values, expected 3 (intervals)"),
        ("[0.3, 0.1, 0.2]", "[0.3, 1e999, 0.2]", "prices.importPerKwh[1]: must be a finite number"),
        ("[0.3, 0.1, 0.2]", "[0.3, \"x\", 0.2]", "prices.importPerKwh[1]: expected a number, got a string"),
        (
            "\"exportPerKwh\": 0.05", "\"exportPerKwh\": 0.15",
            "prices.exportPerKwh: export price 0.15 is above the import price 0.1 in interval 1"
        ),
        ("\"importLimitKw\": 20", "\"importLimitKw\": -1", "feeders[0].importLimitKw: must be >= 0"),
        ("\"importLimitKw\": 20", "\"importLimitKw\": 1e7", "feeders[0].importLimitKw: must not exceed 1000000"),
        ("[0.3, 0.1, 0.2]", "[0.3, 0.1, 20000]", "prices.importPerKwh[2]: must be between -10000 and 10000"),
        ("\"feeders\": [{\"id\": \"F\", \"importLimitKw\": 20}]", "\"feeders\": []", "feeders: at least one feeder is required"),
        (
            "\"feeders\": [{\"id\": \"F\", \"importLimitKw\": 20}]", "\"feeders\": [{\"id\": \"F\"}, {\"id\": \"F\"}]",
            "feeders[1].id: duplicate id \"F\" (first at feeders[0])"
        ),
        ("\"feederId\": \"F\"", "\"feederId\": \"G\"", "sites[0].feederId: unknown feeder \"G\""),
        ("\"siteId\": \"H\"", "\"siteId\": \"X\"", "chargers[0].siteId: unknown site \"X\""),
        ("\"id\": \"S2\", \"chargerId\": \"C\"", "\"id\": \"S2\", \"chargerId\": \"D\"", "sessions[1].chargerId: unknown charger \"D\""),
        ("\"id\": \"S2\"", "\"id\": \"S1\"", "sessions[1].id: duplicate id \"S1\" (first at sessions[0])"),
        ("\"timeZone\": \"Europe/Amsterdam\"", "\"timeZone\": \"Mars/Olympus\"", "sites[0].timeZone: unknown time zone \"Mars/Olympus\""),
        (
            "\"departure\": \"2026-06-01T01:00:00Z\"", "\"departure\": \"2026-06-01T00:00:00Z\"",
            "sessions[0].departure: departure must be after arrival"
        ),
        (
            "\"departure\": \"2026-06-01T01:00:00Z\"", "\"departure\": \"2026-06-01T02:00:00Z\"",
            "sessions[1]: usable intervals overlap those of session \"S1\" (sessions[0]) on charger \"C\""
        ),
        (
            "\"initialKwh\": 10, \"targetKwh\": 20}]", "\"initialKwh\": 70, \"targetKwh\": 20}]",
            "sessions[1].initialKwh: initialKwh 70.0 is above batteryKwh 60.0"
        ),
        (
            "\"initialKwh\": 10, \"targetKwh\": 20}]", "\"initialKwh\": 10, \"targetKwh\": 61}]",
            "sessions[1].targetKwh: targetKwh 61.0 is above batteryKwh 60.0"
        ),
        (
            "\"initialKwh\": 10, \"targetKwh\": 20}]", "\"initialKwh\": 10, \"targetKwh\": 20, \"minKwh\": 65}]",
            "sessions[1].minKwh: minKwh 65.0 is above batteryKwh 60.0"
        ),
        ("\"maxChargeKw\": 7}", "\"maxChargeKw\": 0}", "chargers[0].maxChargeKw: must be > 0"),
        ("\"maxChargeKw\": 7}", "\"maxChargeKw\": 7, \"chargeEfficiency\": 1.2}", "chargers[0].chargeEfficiency: must be in (0, 1]"),
        ("\"maxChargeKw\": 7}", "\"maxChargeKw\": 7, \"evseId\": 0}", "chargers[0].evseId: must be an integer >= 1"),
        (
            "\"id\": \"S1\"", "\"id\": \"S1\", \"transactionId\": \"0123456789012345678901234567890123456\"",
            "sessions[0].transactionId: must be 1 to 36 characters (OCPP limit)"
        ),
        ("\"maxChargeKw\": 7}", "\"maxChargeKw\": 7, \"maxChargekw\": 7}", "chargers[0].maxChargekw: unknown field"),
        ("\"id\": \"S1\"", "\"id\": \"S1\", \"v2g\": \"yes\"", "sessions[0].v2g: expected a boolean, got a string"),
        ("\"windowId\": \"w1\"", "\"windowId\": \"w1\", \"tieBreak\": \"latest\"", "tieBreak: must be one of earliest, none"),
        ("\"windowId\": \"w1\"", "\"windowId\": \"w1\", \"unmetEnergyPenaltyPerKwh\": 0", "unmetEnergyPenaltyPerKwh: must be > 0"),
        ("\"windowId\": \"w1\"", "\"windowId\": \"w1\", \"degradationCostPerKwh\": -0.1", "degradationCostPerKwh: must be >= 0"),
    ]

    @Test(arguments: cases.indices)
    func ruleHasExactMessage(index: Int) {
        let (old, new, message) = Self.cases[index]
        #expect(Self.replacing(old, new) == [message])
    }

    /// All errors come back at once, in document order.
    @Test func everyErrorAtOnce() {
        let found = Self.issues { text in
            text = text.replacingOccurrences(of: "\"intervalMinutes\": 60", with: "\"intervalMinutes\": 7")
                .replacingOccurrences(of: "\"maxChargeKw\": 7}", with: "\"maxChargeKw\": -7}")
                .replacingOccurrences(of: "\"departure\": \"2026-06-01T01:00:00Z\"", with: "\"departure\": \"2026-06-01T00:00:00Z\"")
        }
        #expect(
            found == [
                "intervalMinutes: must be one of 1, 5, 10, 15, 20, 30, 60",
                "chargers[0].maxChargeKw: must be > 0",
                "sessions[0].departure: departure must be after arrival",
            ])
    }

    @Test func syntaxErrorsNameLineAndColumn() {
        #expect(
            Self.issues { $0 = "{\n  \"windowId\": \"w\",\n  \"start\": tru\n}" }
                == ["$: invalid JSON at line 3, column 12: invalid literal (expected true)"])
        #expect(Self.issues { $0 = "{\"a\": 1, \"a\": 2}" } == ["$: invalid JSON at line 1, column 10: duplicate key \"a\""])
        #expect(Self.issues { $0 = "[1, 2]" } == ["$: expected an object, got an array"])
        #expect(
            Self.issues { $0 = String(repeating: "[", count: 100) }
                == ["$: invalid JSON at line 1, column 65: nesting deeper than 64 levels"])
    }
}
