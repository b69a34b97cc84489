import ArgumentParser
import Foundation

/// Small file helpers shared by the commands.
enum IO {
    /// Bytes of `path`, or of standard input for `-`.
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes `bytes` to `path` atomically, or to standard output for `-`/nil.
    static func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Runs `body`; any error but an `ExitCode` is printed as `error: …` and becomes exit code 1.
    static func failingWithExitOne<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The bundled example: `Datasets/examples/evening-feeder.json`, found from
    /// `CHARGESHARE_DATASETS`, the working directory, or the executable's location upwards.
    static func exampleProblemPath() -> String? {
        let relative = "examples/evening-feeder.json"
        let fm = FileManager.default
        if let root = ProcessInfo.processInfo.environment["CHARGESHARE_DATASETS"] {
            let path = (root as NSString).appendingPathComponent(relative)
            return fm.fileExists(atPath: path) ? path : nil
        }
        var candidates = [fm.currentDirectoryPath]
        candidates.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent().path)
        for start in candidates {
            var directory = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let path = directory.appendingPathComponent("Datasets").appendingPathComponent(relative).path
                if fm.fileExists(atPath: path) { return path }
                directory.deleteLastPathComponent()
            }
        }
        return nil
    }
}
