import Foundation
import Testing

@testable import ChargeShareCLI

/// `chargeshare bench ingest` generates what `scripts/make_telemetry_bench.py` writes, byte for
/// byte (the lines below are the script's; line 5,000 follows 44,991 Mersenne Twister draws).
@Suite("Ingest benchmark input")
struct BenchIngestInputTests {
    @Test func sameLinesAsTheScript() {
        var input = BenchIngestInput()
        var lines: [String] = []
        for i in 0..<5000 { lines.append(input.line(i)) }
        #expect(
            lines[0]
                == #"{"messageId":"m-0","stationId":"CS-0","evseId":1,"recordedAt":"2026-06-01T07:46:40Z","action":"MeterValues","payload":{"evseId":1,"meterValue":[{"timestamp":"2026-06-01T07:46:40Z","sampledValue":[{"value":1000.0,"measurand":"Energy.Active.Import.Register"},{"value":216.2,"measurand":"Voltage","phase":"L2-N","unitOfMeasure":{"unit":"V"}},{"value":207.5,"measurand":"Voltage","phase":"L3-N","unitOfMeasure":{"unit":"V"}},{"value":232.5,"measurand":"Voltage","phase":"L1-N","unitOfMeasure":{"unit":"V"}},{"value":203.6,"measurand":"Voltage","phase":"L2-N","unitOfMeasure":{"unit":"V"}},{"value":226.8,"measurand":"Voltage","phase":"L3-N","unitOfMeasure":{"unit":"V"}},{"value":218.3,"measurand":"Voltage","phase":"L1-N","unitOfMeasure":{"unit":"V"}},{"value":202.9,"measurand":"Voltage","phase":"L2-N","unitOfMeasure":{"unit":"V"}},{"value":225.4,"measurand":"Voltage","phase":"L3-N","unitOfMeasure":{"unit":"V"}},{"value":201.9,"measurand":"Voltage","phase":"L1-N","unitOfMeasure":{"unit":"V"}}]}]}}"#
                + "\n")
        #expect(
            lines[4999]
                == #"{"messageId":"m-4999","stationId":"CS-499","evseId":1,"recordedAt":"2026-06-01T07:55:40Z","action":"MeterValues","payload":{"evseId":1,"meterValue":[{"timestamp":"2026-06-01T07:55:40Z","sampledValue":[{"value":3499.5,"measurand":"Energy.Active.Import.Register"},{"value":217.0,"measurand":"Voltage","phase":"L2-N","unitOfMeasure":{"unit":"V"}},{"value":239.7,"measurand":"Voltage","phase":"L3-N","unitOfMeasure":{"unit":"V"}},{"value":235.7,"measurand":"Voltage","phase":"L1-N","unitOfMeasure":{"unit":"V"}},{"value":210.9,"measurand":"Voltage","phase":"L2-N","unitOfMeasure":{"unit":"V"}},{"value":245.1,"measurand":"Voltage","phase":"L3-N","unitOfMeasure":{"unit":"V"}},{"value":228.1,"measurand":"Voltage","phase":"L1-N","unitOfMeasure":{"unit":"V"}},{"value":212.8,"measurand":"Voltage","phase":"L2-N","unitOfMeasure":{"unit":"V"}},{"value":229.0,"measurand":"Voltage","phase":"L3-N","unitOfMeasure":{"unit":"V"}},{"value":206.4,"measurand":"Voltage","phase":"L1-N","unitOfMeasure":{"unit":"V"}}]}]}}"#
                + "\n")
    }

    @Test func benchCommandRunsOnASmallInput() throws {
        let r = try CLITests.run(["bench", "ingest", "--messages", "200", "--runs", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| chargeshare ingest (BatchIngest) |") && r.stdout.contains("| ceiling: raw prepared inserts"))
    }
}
