/// A table of a run as rows of typed cells: what the backtest writes and a store keeps.
public struct ReportTable: Sendable, Equatable {
    public let name: String
    public let columns: [String]
    /// One value per column in each row.
    public let rows: [[ReportValue]]

    public init(name: String, columns: [String], rows: [[ReportValue]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// One cell.
public enum ReportValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case real(Double)
}
