import ChargeShareDatasets
import ChargeShareDomain
import Foundation
import Synthetic
import Testing
import TestSupport

/// The per-line ACN reader (what `chargeshare ingest` uses) against the whole-file loader (what
/// the backtests use): the same sessions, the same messages, and each line on its own.
@Suite("ACN sessions, line by line")
struct ACNSessionReaderTests {
    static let header = "arrival,departure,requested_energy (kWh),delivered_energy (kWh),station_id,session_id,estimated_departure,claimed"
    static let good = "2019-05-01 06:33:14-07:00,2019-05-01 11:50:55-07:00,21.84,17.666,CA-314,s1,2019-05-01 11:27:14-07:00,True"

    static func reader() throws -> ACNSessionReader {
        try ACNSessionReader(headerLine: Array(header.utf8)[...], line: 1, source: "acn.csv")
    }

    static func read(_ line: String, _ number: Int = 2) throws(DatasetError) -> SessionRecord {
        // The reader cannot fail for the fixed header.
        guard let reader = try? reader() else { throw DatasetError(source: "", line: nil, message: "header") }
        return try reader.session(line: Array(line.utf8)[...], number: number)
    }

    @Test("Line by line, the Caltech file gives exactly the backtests' 3,527 sessions")
    func caltechSameAsWholeFile() throws {
        let path = Fixtures.path("acn/caltech_2019-05-01_2019-08-31.csv")
        let whole = try SessionFile.load(path: path)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let reader = try ACNSessionReader(headerLine: lines[0], line: 1, source: path)
        var byLine: [SessionRecord] = []
        for (i, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            byLine.append(try reader.session(line: line, number: i + 1))
        }
        #expect(byLine.count == 3527)
        #expect(byLine.sorted { ($0.arrival, $0.id) < ($1.arrival, $1.id) } == whole)
    }

    @Test("Each broken line fails alone with its line and reason")
    func brokenLines() throws {
        let cases: [(String, String)] = [
            (Self.good.replacingOccurrences(of: "CA-314", with: "\"CA-314"), "unbalanced quote"),
            (Self.good.replacingOccurrences(of: ",True", with: ""), "expected 8 fields, found 7"),
            (Self.good + ",extra", "expected 8 fields, found 9"),
            (
                Self.good.replacingOccurrences(of: "2019-05-01 06:33:14-07:00", with: "2019-05-01T06:33:14"),
                "column \"arrival\": expected YYYY-MM-DD HH:MM:SS±HH:MM, got \"2019-05-01T06:33:14\""
            ),
            (
                Self.good.replacingOccurrences(of: "21.84", with: "lots"),
                "column \"requested_energy (kWh)\": expected a number of kWh in [0, 10000], got \"lots\""
            ),
            (
                Self.good.replacingOccurrences(of: "17.666", with: "-1"),
                "column \"delivered_energy (kWh)\": expected a number of kWh in [0, 10000], got \"-1\""
            ),
            (Self.good.replacingOccurrences(of: "True", with: "yes"), "column \"claimed\": expected True or False, got \"yes\""),
            (Self.good.replacingOccurrences(of: ",s1,", with: ",,"), "column \"session_id\": empty"),
            (
                Self.good.replacingOccurrences(of: "2019-05-01 11:50:55-07:00", with: "2019-05-01 05:00:00-07:00"),
                "session \"s1\": departure 2019-05-01T12:00:00Z is not after arrival 2019-05-01T13:33:14Z"
            ),
        ]
        for (line, reason) in cases {
            #expect(throws: DatasetError(source: "acn.csv", line: 7, message: reason), "\(line)") { _ = try Self.read(line, 7) }
        }
        // A quoted field may hold commas and doubled quotes; a CR at the end is not part of the line.
        let quoted = try Self.read(Self.good.replacingOccurrences(of: ",s1,", with: ",\"s,1 \"\"x\"\"\",") + "\r")
        #expect(quoted.id == "s,1 \"x\"")
        #expect(quoted.arrival == Fixtures.time("2019-05-01T13:33:14Z"))
    }

    @Test("The ingest header is exactly ACN-Data's eight columns, in any order; what is wrong is named")
    func header() throws {
        let expected = "expected the ACN sessions header \(Self.header)"
        func check(_ text: String, _ message: String) {
            #expect(throws: DatasetError(source: "a.csv", line: 3, message: message + "; " + expected), "\(text)") {
                _ = try ACNSessionReader(headerLine: Array(text.utf8)[...], line: 3, source: "a.csv")
            }
        }
        check(
            Self.header.replacingOccurrences(of: ",claimed", with: ""),
            "missing column \"claimed\" (found: arrival, departure, requested_energy (kWh), delivered_energy (kW… (111 characters))")
        check(Self.header + ",site", "unknown column \"site\"")
        check(Self.header + ",claimed", "column \"claimed\" appears more than once")
        check("arrival,departure", "missing column \"requested_energy (kWh)\" (found: arrival, departure)")
        // A BOM, CRLF, spaces around names and another order are fine.
        let reordered =
            "\u{FEFF}claimed, session_id ,arrival,departure,requested_energy (kWh),delivered_energy (kWh),station_id,estimated_departure\r"
        let reader = try ACNSessionReader(headerLine: Array(reordered.utf8)[...], line: 1, source: "a.csv")
        let s = try reader.session(
            line: Array("False,s9,2019-05-01 06:33:14-07:00,2019-05-01 11:50:55-07:00,3,3,CA-1,2019-05-01 11:50:55-07:00".utf8)[...], number: 2)
        #expect(s.id == "s9" && !s.claimed && s.stationId == "CA-1" && s.requestedKwh == 3)
        #expect(ACNSessionReader.looksLikeHeader(Array(reordered.utf8)[...]))
        #expect(ACNSessionReader.looksLikeHeader(Array("arrival,depart".utf8)[...]))
        #expect(!ACNSessionReader.looksLikeHeader(Array("arrival;departure".utf8)[...]))
        #expect(!ACNSessionReader.looksLikeHeader(Array("sessionId,stationId,arrival".utf8)[...]))
    }

    @Test("A rejected line's session_id is readable when its fields are")
    func sessionIdOfABrokenLine() throws {
        let reader = try Self.reader()
        #expect(reader.sessionId(line: Array(Self.good.replacingOccurrences(of: "True", with: "yes").utf8)[...]) == "s1")
        #expect(reader.sessionId(line: Array((Self.good + ",x").utf8)[...]) == nil)
        #expect(reader.sessionId(line: Array("\"unterminated".utf8)[...]) == nil)
    }

    /// `time` as ACN writes it, in a zone `offsetMinutes` east of UTC.
    static func acnTime(_ time: Timestamp, offsetMinutes: Int) -> String {
        let local = time.adding(milliseconds: Int64(offsetMinutes) * 60_000).description
        let sign = offsetMinutes < 0 ? "-" : "+"
        let zone = String(format: "%@%02d:%02d", sign, abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
        return local.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "") + zone
    }

    @Test("Seeded fuzz: 5,000 lines, a third mutated; no crash, each accepted or rejected with its line and a reason, good lines round-trip")
    func fuzz() throws {
        let reader = try Self.reader()
        var rng = SeededGenerator(seed: 0xAC_5E55)
        var mutator = Mutator(rng: SeededGenerator(seed: 0xF022))
        let base = Fixtures.time("2019-05-01T00:00:00Z")
        let idCharacters = Array("abcXYZ019_-:. ,\"é🔌")
        var accepted = 0, rejected = 0, mutatedAccepted = 0
        for number in 2...5001 {
            let arrival = base.adding(milliseconds: Int64.random(in: 0..<(120 * 86_400), using: &rng) * 1000)
            let stay = Int64.random(in: 1...(7 * 86_400), using: &rng) * 1000
            let estimate = Int64.random(in: (-7 * 86_400)...(7 * 86_400), using: &rng) * 1000
            let id = String((0..<Int.random(in: 1...40, using: &rng)).map { _ in idCharacters.randomElement(using: &rng) ?? "a" })
                .trimmingCharacters(in: .whitespaces)
            let session = SessionRecord(
                id: id.isEmpty ? "x" : id, stationId: "CA-\(Int.random(in: 1...500, using: &rng))", arrival: arrival,
                departure: arrival.adding(milliseconds: stay), estimatedDeparture: arrival.adding(milliseconds: estimate),
                requestedKwh: Double(Int.random(in: 0...100_000, using: &rng)) / 1000, deliveredKwh: Double.random(in: 0...100, using: &rng),
                claimed: Bool.random(using: &rng))
            let offset = [-480, -420, 0, 60, 330, 840].randomElement(using: &rng) ?? 0
            let fields = [
                Self.acnTime(session.arrival, offsetMinutes: offset), Self.acnTime(session.departure, offsetMinutes: offset),
                "\(session.requestedKwh)", "\(session.deliveredKwh)", session.stationId, SessionFile.csvField(session.id),
                Self.acnTime(session.estimatedDeparture, offsetMinutes: offset), session.claimed ? "True" : "False",
            ]
            var line = Array(fields.joined(separator: ",").utf8)
            let mutate = Int.random(in: 0..<3, using: &rng) == 0
            // One record per line: a mutation's line breaks become spaces.
            if mutate { line = mutator.mutate(line).map { $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 } }
            do {
                let read = try reader.session(line: line[...], number: number)
                accepted += 1
                if mutate {
                    mutatedAccepted += 1
                    #expect(
                        read.departure > read.arrival && read.departure.millisecondsSinceEpoch - read.arrival.millisecondsSinceEpoch <= 7 * 86_400_000
                    )
                } else {
                    #expect(read == session, "line \(number): \(String(decoding: line, as: UTF8.self))")
                }
            } catch {
                rejected += 1
                #expect(error.line == number && !error.message.isEmpty && error.source == "acn.csv", "\(error)")
                #expect(mutate, "an unmutated line was rejected: \(error) \(String(decoding: line, as: UTF8.self))")
            }
        }
        #expect(accepted + rejected == 5000)
        #expect(rejected > 500 && mutatedAccepted > 50, "accepted \(accepted), rejected \(rejected), mutated accepted \(mutatedAccepted)")
    }
}
