public import ChargeShareDomain
import Foundation

/// Runs `scripts/openadr_validate.py` (the official OpenADR 3.0.1 schemas through
/// openapi-schema-validator; `scripts/install-deps.sh --python` installs it) on JSON documents.
public enum OpenADRSchemaCheck {
    /// The repository's root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Validates `documents` (written as one JSON array) against the schema `schema`; the exit
    /// status (0 valid, 1 problems, 2 no checker) and the output, one line per problem
    /// (`<file>[i]: path: message`).
    public static func run(_ schema: String, _ documents: [JSONValue]) throws -> (status: Int32, output: String) {
        try run(schema, arrayText: JSONWriter().string(.array(documents)))
    }

    /// As `run(_:_:)`, for a JSON array given as text (so documents reach the checker byte for byte).
    public static func run(_ schema: String, arrayText: String) throws -> (status: Int32, output: String) {
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("openadr-\(UUID().uuidString).json")
        try Data(arrayText.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/openadr_validate.py").path, schema, file.path]
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
