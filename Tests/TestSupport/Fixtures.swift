public import ChargeShareDatasets
public import ChargeShareDomain
import Foundation

/// Paths and builders shared by the dataset and backtest tests (a target only tests depend on).
public enum Fixtures {
    /// `Datasets/` of this repository.
    public static let datasets: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets").path
    }()

    public static func path(_ relative: String) -> String { (datasets as NSString).appendingPathComponent(relative) }

    public static func time(_ text: String) -> Timestamp {
        guard let t = Timestamp(rfc3339: text) else { fatalError("bad test time \(text)") }
        return t
    }

    /// A session from minutes after 2026-03-02T08:00Z.
    public static func session(
        _ id: String, station: String? = nil, arrive: Int, leave: Int, estimate: Int? = nil, kwh: Double
    ) -> SessionRecord {
        let base = time("2026-03-02T08:00:00Z")
        return SessionRecord(
            id: id, stationId: station ?? "st-\(id)", arrival: base.adding(milliseconds: Int64(arrive) * 60_000),
            departure: base.adding(milliseconds: Int64(leave) * 60_000),
            estimatedDeparture: base.adding(milliseconds: Int64(estimate ?? leave) * 60_000),
            requestedKwh: kwh, deliveredKwh: kwh, claimed: true)
    }

    public static func temporaryDirectory() -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("chargeshare-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
