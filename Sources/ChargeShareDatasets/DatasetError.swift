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

    /// `text` in double quotes for a message; longer than 80 characters, only its first 64 and
    /// the full length (`"abc…" (20000000 characters)`), so a 20 MB field is not echoed in full.
    public static func quoted(_ text: String) -> String {
        guard text.count > 80 else { return "\"" + text + "\"" }
        return "\"" + text.prefix(64) + "…\" (\(text.count) characters)"
    }

    /// `text` for a message, cut like `quoted` but without the quotes.
    public static func clipped(_ text: String) -> String {
        guard text.count > 80 else { return text }
        return text.prefix(64) + "… (\(text.count) characters)"
    }

    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}
