import ChargeShareDomain
import OpenADR

/// Bodies the tests post, and helpers.
enum OpenADRFixtures {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }

    static let program = """
        {
          "programName": "feeder-caps",
          "programLongName": "Evening feeder capacity limits",
          "retailerName": "ACME",
          "programType": "CAPACITY",
          "country": "NL",
          "timeZoneOffset": "PT1H",
          "intervalPeriod": {"start": "2026-01-01T00:00:00Z", "duration": "P365D"},
          "programDescriptions": [{"URL": "https://example.com/caps"}],
          "bindingEvents": false,
          "localPrice": null,
          "payloadDescriptors": [{"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": "IMPORT_CAPACITY_LIMIT", "units": "KW"}],
          "targets": [{"type": "GROUP", "values": ["F"]}]
        }
        """

    /// Three hourly intervals from 17:00 on feeders F and G: import 40, 30, 25 kW; export 5 kW in the second.
    static let event = """
        {
          "programID": "program-1",
          "eventName": "evening peak",
          "priority": 2,
          "targets": [{"type": "GROUP", "values": ["F", "G"]}, {"type": "VEN_NAME", "values": ["ven-1"]}],
          "reportDescriptors": [{"payloadType": "USAGE", "readingType": "DIRECT_READ", "units": "KWH", "aggregate": false}],
          "payloadDescriptors": [
            {"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": "IMPORT_CAPACITY_LIMIT", "units": "KW"},
            {"payloadType": "EXPORT_CAPACITY_LIMIT", "units": "kW"}
          ],
          "intervalPeriod": {"start": "2026-06-01T17:00:00Z", "duration": "PT1H", "randomizeStart": "PT5M"},
          "intervals": [
            {"id": 0, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [40]}]},
            {"id": 1, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [30.5]}, {"type": "EXPORT_CAPACITY_LIMIT", "values": [5]}]},
            {"id": 2, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [25]}, {"type": "PRICE", "values": [0.31]}]}
          ]
        }
        """

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The issues of reading `text` as an event, as `path: message` lines (empty when accepted).
    static func eventIssues(_ text: String) -> [String] {
        do {
            _ = try OpenADRReader.event(bytes(text))
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    static func programIssues(_ text: String) -> [String] {
        do {
            _ = try OpenADRReader.program(bytes(text))
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }
}
