import AtomicFiles
import Foundation
import Testing

struct AtomicFileTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "atomic-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
    }

    @Test func replacingKeepsTheFilesMode() throws {
        let path = directory + "/out.json"
        try AtomicFile.write(Array("old".utf8), to: path, permissions: .creating(0o600))
        #expect(try mode(path) == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try AtomicFile.write(Array("new".utf8), to: path, permissions: .keepingExisting)
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try mode(path) == 0o640)
        #expect(try leftovers().isEmpty)
    }

    @Test func aFailedReplaceLeavesTheOldFile() throws {
        let path = directory + "/keep.json"
        try AtomicFile.write(Array("old".utf8), to: path, permissions: .creating(0o644))
        // The rename fails: a directory (non-empty) cannot be replaced by a file.
        let blocked = directory + "/blocked"
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        #expect {
            try AtomicFile.write(Array("new".utf8), to: blocked, permissions: .keepingExisting)
        } throws: { error in
            (error as? AtomicFileError)?.step == .rename && (error as? AtomicFileError)?.path == blocked
        }
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
        #expect(try leftovers().isEmpty)
    }

    @Test func writingIntoAMissingDirectoryFailsClearly() throws {
        let path = directory + "/missing/out.json"
        do {
            try AtomicFile.write(Array("x".utf8), to: path, permissions: .keepingExisting)
            Issue.record("wrote into a missing directory")
        } catch {
            #expect(error.step == .create)
            #expect(error.code == ENOENT)
            #expect(error.description == "cannot create a temporary file for \(path): No such file or directory")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/missing"))
    }
}
