extension LinearProgram {
    /// Longest row or column name accepted (GLPK's limit).
    public static let maximumNameLength = 255

    /// Checks everything a solver backend would reject or crash on, naming the first offender.
    ///
    /// GLPK aborts the whole process on some of these (non-finite bounds, bad names), so every
    /// backend call is preceded by this check.
    /// - Complexity: O(rows + columns + nonzeros).
    public func validate() throws(LPError) {
        guard rows.count < Int(Int32.max), columns.count < Int(Int32.max), nonzeros < Int(Int32.max) else {
            throw .invalidModel("model too large: \(rows.count) rows, \(columns.count) columns, \(nonzeros) nonzeros")
        }
        guard objectiveConstant.isFinite else { throw .invalidModel("objective constant is not finite") }
        for (j, c) in columns.enumerated() {
            let what = "column \(j)\(c.name.isEmpty ? "" : " (\(c.name))")"
            try Self.checkName(c.name, what)
            guard c.cost.isFinite else { throw .invalidModel("\(what): cost \(c.cost) is not finite") }
            try Self.checkBounds(c.lowerBound, c.upperBound, what)
            if c.kind == .binary, c.lowerBound < 0 || c.upperBound > 1 {
                throw .invalidModel("\(what): binary column with bounds outside [0, 1]")
            }
        }
        for (i, r) in rows.enumerated() {
            let what = "row \(i)\(r.name.isEmpty ? "" : " (\(r.name))")"
            try Self.checkName(r.name, what)
            try Self.checkBounds(r.lowerBound, r.upperBound, what)
            var previous: Int32 = -1
            for k in rowStarts[i]..<rowStarts[i + 1] {
                let j = entryColumns[k]
                guard j > previous, Int(j) < columns.count else {
                    throw .invalidModel("\(what): coefficient for missing or repeated column \(j)")
                }
                guard entryValues[k].isFinite else {
                    throw .invalidModel("\(what): coefficient \(entryValues[k]) for column \(j) is not finite")
                }
                previous = j
            }
        }
    }

    private static func checkBounds(_ lower: Double, _ upper: Double, _ what: String) throws(LPError) {
        guard !lower.isNaN, !upper.isNaN else { throw .invalidModel("\(what): bound is NaN") }
        guard lower != .infinity else { throw .invalidModel("\(what): lower bound is +infinity") }
        guard upper != -.infinity else { throw .invalidModel("\(what): upper bound is -infinity") }
        guard lower <= upper else { throw .invalidModel("\(what): lower bound \(lower) is above upper bound \(upper)") }
    }

    /// Names are optional; when present they must be printable ASCII without spaces (MPS-safe).
    private static func checkName(_ name: String, _ what: String) throws(LPError) {
        guard !name.isEmpty else { return }
        guard name.utf8.count <= maximumNameLength else {
            throw .invalidModel("\(what): name longer than \(maximumNameLength) bytes")
        }
        guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidModel("\(what): name must be printable ASCII without spaces")
        }
    }
}
