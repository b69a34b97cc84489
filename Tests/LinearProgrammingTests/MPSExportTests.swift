import Foundation
import Testing
@testable import LinearProgramming

struct MPSExportTests {
    /// The exported Wyndor model (a maximisation with a constant) matches the hand-written file.
    @Test func wyndorMatchesGolden() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("wyndor.mps").path
        var lp = TextbookLPTests.wyndor()
        lp.objectiveConstant = 7
        try lp.writeFreeMPS(to: path, name: "wyndor")
        let body = try String(contentsOfFile: path, encoding: .utf8)
        let golden = """
            NAME wyndor
            OBJSENSE
                MAX
            ROWS
             N obj
             L plant1
             L plant2
             L plant3
            COLUMNS
             x obj 3
             x plant1 1
             x plant3 3
             y obj 5
             y plant2 2
             y plant3 2
            RHS
             RHS obj -7
             RHS plant1 4
             RHS plant2 12
             RHS plant3 18
            ENDATA

            """
        #expect(body == golden)
    }

    @Test func unwritablePathIsTyped() {
        #expect {
            try TextbookLPTests.wyndor().writeFreeMPS(to: "/nonexistent-dir/x.mps")
        } throws: { error in
            guard case LPError.ioFailure(let why) = error else { return false }
            return why.hasPrefix("cannot write MPS file /nonexistent-dir/x.mps")
        }
    }

    @Test func invalidModelIsNotWritten() {
        var lp = LinearProgram()
        lp.addColumn("x", cost: .nan)
        #expect(throws: LPError.invalidModel("column 0 (x): cost nan is not finite")) {
            try lp.writeFreeMPS(to: "/tmp/never.mps")
        }
    }
}

extension MPSExportTests {
    /// Bounds, ranges, integer markers and unnamed rows/columns, checked line by line.
    @Test func boundsRangesAndIntegers() {
        var lp = LinearProgram(keepsNames: false)
        let a = lp.addColumn("", lowerBound: -.infinity, upperBound: .infinity, cost: 1)
        let b = lp.addColumn("", lowerBound: 2, upperBound: 2)
        let c = lp.addColumn("", lowerBound: -.infinity, upperBound: 4, kind: .integer)
        let d = lp.addColumn("", kind: .binary)
        lp.addRow("", terms: [(a, 1), (b, 1)], lowerBound: 1, upperBound: 3)
        lp.addRow("", terms: [(c, 2), (d, -1)], lowerBound: 5, upperBound: 5)
        let expected = """
            NAME chargeshare
            ROWS
             N obj
             G R1
             E R2
            COLUMNS
             C1 obj 1
             C1 R1 1
             C2 R1 1
                MARKER 'MARKER' 'INTORG'
             C3 R2 2
             C4 R2 -1
                MARKER 'MARKER' 'INTEND'
            RHS
             RHS R1 1
             RHS R2 5
            RANGES
             RNG R1 2
            BOUNDS
             FR BND C1
             FX BND C2 2
             MI BND C3
             UP BND C3 4
             BV BND C4
            ENDATA

            """
        #expect(lp.freeMPS() == expected)
    }
}
