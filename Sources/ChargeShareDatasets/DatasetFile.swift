import Foundation

/// Reading a data file with a plain reason when it cannot be read: a missing file, a directory,
/// no permission, or more than `maximumBytes`.
enum DatasetFile {
    /// Largest data file read (the shipped ones are a few MB).
    static let maximumBytes = 1 << 30

    static func bytes(_ path: String) throws(DatasetError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError(source: path, line: nil, message: "cannot read the file: no such file")
        }
        guard !isDirectory.boolValue else {
            throw DatasetError(source: path, line: nil, message: "cannot read the file: it is a directory, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DatasetError(source: path, line: nil, message: "cannot read the file: permission denied")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            throw DatasetError(source: path, line: nil, message: "cannot read the file: \(size) bytes is more than the limit of \(maximumBytes)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DatasetError(source: path, line: nil, message: "cannot read the file")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
            guard data.count <= maximumBytes else {
                throw DatasetError(source: path, line: nil, message: "cannot read the file: more than \(maximumBytes) bytes")
            }
            return Array(data)
        } catch let error as DatasetError {
            throw error
        } catch {
            throw DatasetError(source: path, line: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
    }
}
