/// The lines of a JSONL file (`../shared/spec/telemetry.md` §3): split on `\n` (a `\r` before it
/// is dropped), a UTF-8 byte order mark at the start skipped, blank lines left out. Each line keeps
/// its 1-based number so a rejection can name it.
public enum JSONLines {
    /// The non-blank lines of `bytes` with their numbers.
    /// - Complexity: O(n); the lines are slices of `bytes`, not copies.
    public static func lines(_ bytes: [UInt8]) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var out: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 1
        var i = start
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x0A {
                var end = i
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                let line = bytes[start..<end]
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) { out.append((number, line)) }
                number += 1
                start = i + 1
            }
            i += 1
        }
        return out
    }
}
