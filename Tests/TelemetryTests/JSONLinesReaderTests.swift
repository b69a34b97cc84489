import Foundation
import Synthetic
import Telemetry
import Testing

/// The streaming line reader: the same lines and numbers as the whole-file splitter, whatever the
/// chunk size, with over-long lines skipped by number.
@Suite("JSONL read in chunks")
struct JSONLinesReaderTests {
    /// Every line (text and over-long) of `bytes`, read in chunks of `chunk` bytes and batches of
    /// `lines` lines / `bytes` bytes.
    static func read(_ bytes: [UInt8], chunk: Int, maximumLine: Int = 1 << 20, batchLines: Int = 3, batchBytes: Int = 1 << 20) throws -> (
        lines: [(Int, [UInt8])], overlong: [JSONLinesReader.OverlongLine], batches: [JSONLinesReader.Batch]
    ) {
        var reader = JSONLinesReader.reading(bytes, chunkBytes: chunk, maximumLineBytes: maximumLine)
        var lines: [(Int, [UInt8])] = [], overlong: [JSONLinesReader.OverlongLine] = [], batches: [JSONLinesReader.Batch] = []
        while let batch = try reader.next(maximumLines: batchLines, maximumBytes: batchBytes) {
            lines += batch.lines.map { ($0.number, Array($0.bytes)) }
            overlong += batch.overlong
            batches.append(batch)
        }
        return (lines, overlong, batches)
    }

    static func whole(_ bytes: [UInt8]) -> [(Int, [UInt8])] { JSONLines.lines(bytes).map { ($0.number, Array($0.bytes)) } }

    static func same(_ a: [(Int, [UInt8])], _ b: [(Int, [UInt8])]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    @Test("Chunk boundaries inside lines and inside multi-byte UTF-8 characters change nothing")
    func chunkBoundaries() throws {
        let text = "\u{FEFF}{\"a\": \"é€𝄞\"}\r\n\n   \n\t\r\n{\"b\": \"ß\"}\n{\"c\": 1}\r\n\r\n{\"d\": \"末尾\"}"
        let bytes = Array(text.utf8)
        let expected = Self.whole(bytes)
        #expect(expected.map(\.0) == [1, 5, 6, 8])
        for chunk in 1...bytes.count + 1 {
            let got = try Self.read(bytes, chunk: chunk)
            #expect(Self.same(got.lines, expected), "chunk \(chunk)")
            #expect(got.overlong.isEmpty)
        }
    }

    @Test("CRLF, blank lines, a byte order mark and a last line without a line break")
    func lineEndings() throws {
        let bytes = Array("\u{FEFF}one\r\n\r\n \t \ntwo\r\nthree\r".utf8)
        let got = try Self.read(bytes, chunk: 4)
        #expect(got.lines.map(\.0) == [1, 4, 5])
        #expect(got.lines.map { String(decoding: $0.1, as: UTF8.self) } == ["one", "two", "three"])
        #expect(try Self.read([], chunk: 4).lines.isEmpty)
        #expect(try Self.read(Array("\n\n".utf8), chunk: 1).batches.isEmpty)
    }

    @Test("A line over the limit is skipped unread and named by its number; the lines around it are read")
    func overlongLine() throws {
        let long = String(repeating: "x", count: 25)
        let bytes = Array("0123456789\r\nshort\n\(long)\r\n\(String(repeating: " ", count: 30))\n01234567890\nend".utf8)
        for chunk in [1, 3, 7, 64] {
            let got = try Self.read(bytes, chunk: chunk, maximumLine: 10)
            #expect(got.lines.map(\.0) == [1, 2, 6], "chunk \(chunk)")
            #expect(got.lines.first.map { String(decoding: $0.1, as: UTF8.self) } == "0123456789")
            #expect(got.overlong.map(\.number) == [3, 5])
            #expect(got.overlong.map(\.byteCount) == [25, 11])
            #expect(got.overlong.first?.head == Array(long.utf8))
        }
        // The head of a long line is cut.
        let huge = try Self.read(Array(String(repeating: "y", count: 5000).utf8), chunk: 100, maximumLine: 1000)
        #expect(huge.overlong == [JSONLinesReader.OverlongLine(number: 1, byteCount: 5000, head: Array(repeating: UInt8(ascii: "y"), count: 256))])
    }

    @Test("Batches are capped by lines and by bytes, and keep the line order")
    func batchCaps() throws {
        let bytes = Array((1...10).map { "line \($0)" }.joined(separator: "\n").utf8)
        let byLines = try Self.read(bytes, chunk: 5, batchLines: 4)
        #expect(byLines.batches.map(\.count) == [4, 4, 2])
        let byBytes = try Self.read(bytes, chunk: 5, batchLines: 100, batchBytes: 12)
        #expect(byBytes.batches.map(\.count) == [2, 2, 2, 2, 2])
        #expect(byBytes.batches.last?.endOffset == bytes.count)
        #expect(byBytes.lines.map(\.0) == Array(1...10))
    }

    @Test("A pipe (standard input) that delivers a few bytes at a time")
    func pipe() throws {
        let text = (0..<2000).map { "{\"n\": \($0), \"s\": \"é\"}" }.joined(separator: "\r\n") + "\n"
        let pipe = Pipe()
        let writer = Thread {
            for piece in Array(text.utf8).chunked(by: 333) { pipe.fileHandleForWriting.write(Data(piece)) }
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let fd = pipe.fileHandleForReading.fileDescriptor
        var reader = JSONLinesReader(chunkBytes: 4096) { buffer in Glibc.read(fd, buffer.baseAddress, buffer.count) }
        var lines: [(Int, [UInt8])] = []
        while let batch = try reader.next(maximumLines: 500, maximumBytes: 1 << 20) { lines += batch.lines.map { ($0.number, Array($0.bytes)) } }
        #expect(Self.same(lines, Self.whole(Array(text.utf8))))
    }

    @Test("Seeded fuzz: the chunked reader agrees with the whole-file splitter")
    func fuzz() throws {
        var rng = SeededGenerator(seed: 0x11E5)
        let alphabet: [[UInt8]] = [
            [0x0A], [0x0D], [0x20], [0x09], [0x61], [0x7B], [0xEF, 0xBB, 0xBF], Array("é".utf8), Array("𝄞".utf8), [0x0D, 0x0A],
        ]
        for round in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 80) { bytes += rng.pick(alphabet) }
            let chunk = 1 + Int(rng.next() % 17)
            let maximumLine = rng.chance(0.5) ? 1 << 20 : 1 + Int(rng.next() % 12)
            let got = try Self.read(
                bytes, chunk: chunk, maximumLine: maximumLine, batchLines: 1 + Int(rng.next() % 5), batchBytes: 1 + Int(rng.next() % 40))
            let expected = Self.whole(bytes)
            let kept = expected.filter { $0.1.count <= maximumLine }
            let long = expected.filter { $0.1.count > maximumLine }
            #expect(Self.same(got.lines, kept), "round \(round): \(bytes)")
            #expect(got.overlong.map(\.number) == long.map(\.0), "round \(round): \(bytes)")
            #expect(got.overlong.map(\.byteCount) == long.map(\.1.count), "round \(round)")
            #expect(got.overlong.map(\.head) == long.map { Array($0.1.prefix(256)) }, "round \(round)")
        }
    }
}

extension Array {
    fileprivate func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
