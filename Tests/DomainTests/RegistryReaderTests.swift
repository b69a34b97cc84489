import ChargeShareDomain
import Foundation
import Testing

@Suite("Registry files")
struct RegistryReaderTests {
    static let example: [UInt8] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/examples/registry.json")
        return (try? Array(Data(contentsOf: url))) ?? []
    }()

    static func issues(_ text: String, existing: RegistryContext = RegistryContext()) -> [String] {
        do {
            _ = try RegistryReader.read(Array(text.utf8), existing: existing)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    static let feeder = #"{"id": "F", "importLimitKw": 20}"#
    static let site = #"{"id": "S", "feederId": "F", "timeZone": "Europe/Amsterdam"}"#
    static func charger(_ id: String = "C", station: String = "CS1", evse: Int = 1, site: String = "S") -> String {
        #"{"id": "\#(id)", "siteId": "\#(site)", "stationId": "\#(station)", "evseId": \#(evse), "maxChargeKw": 7.4}"#
    }

    @Test("The bundled example: 1 feeder, 6 sites, 6 chargers with their stations")
    func example() throws {
        let r = try RegistryReader.read(Self.example)
        #expect(r.feeders.map(\.id) == ["F0"])
        #expect(r.feeders[0].importLimitKw == .constant(21.8))
        #expect(r.sites.count == 6 && r.sites.allSatisfy { $0.timeZone == "Europe/Amsterdam" && $0.feederId == "F0" })
        #expect(r.chargers.count == 6)
        #expect(r.chargers[0].stationId == "CS-F0-H0" && r.chargers[0].charger.evseId == 1 && r.chargers[0].charger.maxDischargeKw == 7.4)
    }

    @Test("Window data, per-interval limits and unknown fields are refused, each once, with its path")
    func registryShape() {
        let text = """
            {"feeders": [{"id": "F", "importLimitKw": [1, 2]}],
             "sites": [{"id": "S", "feederId": "F", "pvKw": 3, "colour": "red"}],
             "chargers": [{"id": "C", "siteId": "S", "evseId": 1, "maxChargeKw": 7.4, "stationId": "CS1", "vendor": "x"}]}
            """
        #expect(
            Self.issues(text) == [
                "feeders[0].importLimitKw: must be a number in the registry (per-interval limits come from utility limits)",
                "sites[0].pvKw: unknown field",
                "sites[0].colour: unknown field",
                "chargers[0].vendor: unknown field",
            ])
    }

    @Test("Each charger names its station (1 to 48 characters) and its EVSE")
    func chargerIdentity() {
        let text = """
            {"feeders": [\(Self.feeder)], "sites": [\(Self.site)],
             "chargers": [{"id": "C", "siteId": "S", "maxChargeKw": 7.4},
                          {"id": "D", "siteId": "S", "evseId": 0, "maxChargeKw": 7.4, "stationId": "\(String(repeating: "x", count: 49))"}]}
            """
        #expect(
            Self.issues(text) == [
                "chargers[0].stationId: is required",
                "chargers[0].evseId: is required",
                "chargers[1].stationId: must be 1 to 48 characters",
                "chargers[1].evseId: must be an integer >= 1",
            ])
    }

    @Test("Ids are unique; references resolve in the file or the store; one charger per station and EVSE")
    func crossChecks() {
        let text = """
            {"feeders": [\(Self.feeder), \(Self.feeder)], "sites": [\(Self.site), {"id": "T", "feederId": "G"}],
             "chargers": [\(Self.charger()), \(Self.charger("D")), \(Self.charger("E", site: "U"))]}
            """
        #expect(
            Self.issues(text) == [
                "feeders[1].id: duplicate id \"F\" (first at feeders[0])",
                "sites[1].feederId: unknown feeder \"G\" (not in this file or the store)",
                "chargers[1]: station \"CS1\" EVSE 1 is already chargers[0]",
                "chargers[2].siteId: unknown site \"U\" (not in this file or the store)",
                "chargers[2]: station \"CS1\" EVSE 1 is already chargers[0]",
            ])
        // What the store holds resolves the references.
        let store = RegistryContext(feederIds: ["G"], siteIds: ["U"])
        let fixed = """
            {"sites": [{"id": "T", "feederId": "G"}], "chargers": [\(Self.charger("E", site: "U"))]}
            """
        #expect(Self.issues(fixed, existing: store) == [])
    }

    @Test("A station and EVSE held by another charger in the store is refused, unless this file moves that charger")
    func storeClash() {
        let store = RegistryContext(feederIds: ["F"], siteIds: ["S"], chargerByEVSE: [StationEVSE(stationId: "CS1", evseId: 1): "OLD"])
        #expect(
            Self.issues(#"{"chargers": [\#(Self.charger("NEW"))]}"#, existing: store) == [
                "chargers[0]: station \"CS1\" EVSE 1 already belongs to charger \"OLD\" in the store"
            ])
        // The file moves OLD to EVSE 2 and puts NEW on EVSE 1: a swap in one import.
        let swap = #"{"chargers": [\#(Self.charger("NEW")), \#(Self.charger("OLD", evse: 2))]}"#
        #expect(Self.issues(swap, existing: store) == [])
    }

    @Test("Not JSON, or not an object: one error at $")
    func notARegistry() {
        #expect(Self.issues("[1]") == ["$: expected an object, got an array"])
        #expect(Self.issues("{\"feeders\": [}").first?.hasPrefix("$: invalid JSON at line 1, column 14") == true)
    }
}
