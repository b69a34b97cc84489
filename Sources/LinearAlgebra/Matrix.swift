/// A dense matrix of doubles in row-major order: what the fitting code builds row by row (one
/// row per observation) and hands to CBLAS and LAPACKE as `CblasRowMajor` / `LAPACK_ROW_MAJOR`.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// `rows × columns` values, row after row.
    public internal(set) var values: [Double]

    /// A matrix of `value` everywhere.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "a matrix has no negative dimension")
        self.rows = rows
        self.columns = columns
        values = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from its rows, which must all have the same length.
    /// - Throws: `LinearAlgebraError.dimensionMismatch` naming the first row of another length.
    public init(rows: [[Double]]) throws(LinearAlgebraError) {
        let width = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw .dimensionMismatch("row \(bad) has \(rows[bad].count) values, row 0 has \(width)")
        }
        self.rows = rows.count
        columns = width
        values = rows.flatMap { $0 }
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }
}
