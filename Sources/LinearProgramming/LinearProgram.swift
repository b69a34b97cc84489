/// A solver-agnostic linear (or mixed-integer) program: columns with bounds and costs, named
/// rows with bounds, and sparse coefficients stored row by row.
///
/// Bounds use `±Double.infinity` for "none". Rows are added with all their terms at once, which
/// lets the model merge duplicate terms and drop zeros as it goes, so a solver backend never sees
/// a malformed matrix. `validate()` checks everything else a backend would choke on.
public struct LinearProgram: Sendable {
    public enum Sense: Sendable { case minimize, maximize }

    public enum ColumnKind: Sendable, Equatable {
        case continuous
        case integer
        /// An integer column in [0, 1].
        case binary
    }

    /// A variable.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var lowerBound: Double
        public var upperBound: Double
        public var cost: Double
        public var kind: ColumnKind
    }

    /// A constraint `lowerBound ≤ Σ a_j x_j ≤ upperBound`.
    public struct Row: Sendable, Equatable {
        public var name: String
        public var lowerBound: Double
        public var upperBound: Double
    }

    /// Index of a column in `columns`.
    public struct ColumnID: Hashable, Sendable {
        public let index: Int
        public init(_ index: Int) { self.index = index }
    }

    /// Index of a row in `rows`.
    public struct RowID: Hashable, Sendable {
        public let index: Int
        public init(_ index: Int) { self.index = index }
    }

    public var sense: Sense = .minimize
    /// Constant term of the objective.
    public var objectiveConstant: Double = 0
    /// When false, names passed to `addColumn`/`addRow` are not evaluated (faster for big models).
    public let keepsNames: Bool

    public private(set) var columns: [Column] = []
    public private(set) var rows: [Row] = []
    /// Row r's coefficients are `entryColumns[rowStarts[r]..<rowStarts[r+1]]` / `entryValues[...]`.
    public private(set) var rowStarts: [Int] = [0]
    public private(set) var entryColumns: [Int32] = []
    public private(set) var entryValues: [Double] = []
    /// Starting-basis hints (LinearProgram+StartingBasis.swift).
    public internal(set) var basisHints: [BasisHint] = []
    /// Columns that start nonbasic at their upper bound.
    public internal(set) var upperBoundHints: [Int] = []
    /// A complete starting basis, tried before the hints (LinearProgram+StartingBasis.swift).
    public var startingBasis: LPBasis?
    var basicHintRows: Set<Int> = []
    var basicHintColumns: Set<Int> = []

    /// A new, empty model.
    /// - Parameter keepsNames: keep row and column names (needed for readable MPS files).
    public init(keepsNames: Bool = true) { self.keepsNames = keepsNames }

    /// Number of non-zero coefficients.
    public var nonzeros: Int { entryValues.count }

    /// True when some column is integer or binary.
    public var hasIntegerColumns: Bool { columns.contains { $0.kind != .continuous } }

    /// Adds a variable and returns its id.
    @discardableResult
    public mutating func addColumn(
        _ name: @autoclosure () -> String, lowerBound: Double = 0, upperBound: Double = .infinity,
        cost: Double = 0, kind: ColumnKind = .continuous
    ) -> ColumnID {
        let isBinary = kind == .binary
        columns.append(
            Column(
                name: keepsNames ? name() : "",
                lowerBound: isBinary ? max(0, lowerBound) : lowerBound,
                upperBound: isBinary ? min(1, upperBound) : upperBound,
                cost: cost, kind: kind
            ))
        return ColumnID(columns.count - 1)
    }

    /// Adds the constraint `lowerBound ≤ Σ coefficient·column ≤ upperBound`.
    ///
    /// Terms naming the same column are summed; zero coefficients are dropped.
    /// - Complexity: O(k log k) for k terms.
    @discardableResult
    public mutating func addRow(
        _ name: @autoclosure () -> String, terms: [(ColumnID, Double)],
        lowerBound: Double = -.infinity, upperBound: Double = .infinity
    ) -> RowID {
        rows.append(Row(name: keepsNames ? name() : "", lowerBound: lowerBound, upperBound: upperBound))
        appendTerms(terms)
        return RowID(rows.count - 1)
    }

    private mutating func appendTerms(_ terms: [(ColumnID, Double)]) {
        let sorted = isStrictlyIncreasing(terms) ? terms : terms.sorted { $0.0.index < $1.0.index }
        var previous = -1
        for (column, value) in sorted {
            if column.index == previous, let last = entryValues.indices.last {
                entryValues[last] += value
                continue
            }
            entryColumns.append(Int32(truncatingIfNeeded: column.index))
            entryValues.append(value)
            previous = column.index
        }
        // Drop zeros, including those left by cancelling duplicates.
        var write = rowStarts[rowStarts.count - 1]
        for read in write..<entryValues.count where entryValues[read] != 0 {
            entryColumns[write] = entryColumns[read]
            entryValues[write] = entryValues[read]
            write += 1
        }
        entryColumns.removeLast(entryColumns.count - write)
        entryValues.removeLast(entryValues.count - write)
        rowStarts.append(write)
    }

    private func isStrictlyIncreasing(_ terms: [(ColumnID, Double)]) -> Bool {
        var previous = -1
        for (column, _) in terms {
            if column.index <= previous { return false }
            previous = column.index
        }
        return true
    }

    /// The terms of row `r` as (column, coefficient) pairs.
    public func terms(ofRow r: RowID) -> [(ColumnID, Double)] {
        (rowStarts[r.index]..<rowStarts[r.index + 1]).map { (ColumnID(Int(entryColumns[$0])), entryValues[$0]) }
    }

    /// Changes a column's bounds.
    public mutating func setBounds(of column: ColumnID, lower: Double, upper: Double) {
        columns[column.index].lowerBound = lower
        columns[column.index].upperBound = upper
    }

    /// Changes a column's kind; binary columns are clamped to [0, 1].
    public mutating func setKind(of column: ColumnID, _ kind: ColumnKind) {
        columns[column.index].kind = kind
        if kind == .binary {
            columns[column.index].lowerBound = max(0, columns[column.index].lowerBound)
            columns[column.index].upperBound = min(1, columns[column.index].upperBound)
        }
    }

    /// Changes a column's objective coefficient.
    public mutating func setCost(of column: ColumnID, _ cost: Double) {
        columns[column.index].cost = cost
    }

    /// The objective value of `values` (one per column), including the constant.
    public func objectiveValue(of values: [Double]) -> Double {
        var total = objectiveConstant
        for (j, column) in columns.enumerated() { total += column.cost * values[j] }
        return total
    }

    /// Activities Σ a_j x_j of every row for column values `values`.
    public func rowActivities(of values: [Double]) -> [Double] {
        (0..<rows.count).map { r in
            var sum = 0.0
            for k in rowStarts[r]..<rowStarts[r + 1] { sum += entryValues[k] * values[Int(entryColumns[k])] }
            return sum
        }
    }
}
