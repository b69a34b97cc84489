/// A data file that cannot be used, with where and why.
public struct DatasetError: Error, Equatable, CustomStringConvertible {
    /// The file (or other source name) the error is in.
    public let source: String
    /// 1-based line number, when the error belongs to one line.
    public let line: Int?
    public let message: String

    public init(source: String, line: Int?, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}
