import ChargeShareDomain

/// The MQTT topic of a station's telemetry, `chargeshare/{stationId}/telemetry`
/// (`../shared/spec/telemetry.md` §1), and its rule: the topic names the envelope's station.
public enum TelemetryTopic {
    /// The filter that subscribes to every station.
    public static let allStations = "chargeshare/+/telemetry"

    /// The topic a station publishes on.
    public static func name(stationId: String) -> String { "chargeshare/\(stationId)/telemetry" }

    /// Why a message on `topic` whose envelope names `stationId` is rejected, or nil when the topic
    /// is the station's own.
    public static func mismatch(topic: String, stationId: String) -> String? {
        let prefix = "chargeshare/", suffix = "/telemetry"
        guard topic.hasPrefix(prefix), topic.hasSuffix(suffix), topic.utf8.count > prefix.utf8.count + suffix.utf8.count else {
            return "topic \(Displayed.quoted(topic)) is not chargeshare/{stationId}/telemetry"
        }
        let station = String(topic.dropFirst(prefix.count).dropLast(suffix.count))
        if station == stationId { return nil }
        return
            "topic \(Displayed.quoted(topic)) names station \(Displayed.quoted(station)), but the envelope's stationId is \(Displayed.quoted(stationId))"
    }
}
