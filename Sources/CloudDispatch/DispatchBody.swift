import ChargeShareDomain
import Crypto

/// A parsed `POST /v1/dispatch` body: a full problem or an assembly request, with the digest
/// that identifies it for idempotency (docs/cloud-dispatch.md, "Idempotency").
struct DispatchBody: Sendable, Equatable {
    enum Request: Sendable, Equatable {
        /// The contract's `DispatchProblem`; its own `windowId` is the key.
        case problem(DispatchProblem)
        /// `{windowId, start, intervals, intervalMinutes, feeders: [ids], prices?}`.
        case assembly(AssemblyRequest)
    }

    var request: Request
    /// Lowercase hex SHA-256 of the body's RFC 8785 canonical form, so whitespace and member
    /// order do not make two bodies different.
    var digest: String

    var windowId: String {
        switch request {
        case .problem(let p): p.windowId
        case .assembly(let a): a.windowId
        }
    }

    /// Largest body read, bytes (a 2,880-interval problem with hundreds of sessions is a few MB).
    static let maximumBytes = 64 << 20

    /// Parses and validates `bytes` with the engine's strict JSON and the contract's readers.
    /// - Throws: `.malformedBody` (not JSON, or too large), `.invalidBody` with every issue.
    static func read(_ bytes: [UInt8]) throws(CloudDispatchError) -> DispatchBody {
        guard bytes.count <= maximumBytes else {
            throw .malformedBody(ValidationIssue(path: "$", message: "the body is \(bytes.count) bytes, more than the limit of \(maximumBytes)"))
        }
        let json: JSONValue
        do { json = try InvalidProblem.parse(bytes) } catch {
            throw .malformedBody(error.issues.first ?? ValidationIssue(path: "$", message: "invalid JSON"))
        }
        let request: Request
        do {
            request = AssemblyRequest.matches(json) ? .assembly(try AssemblyRequestReader.read(json)) : .problem(try ProblemReader.read(json))
        } catch {
            throw .invalidBody(error.issues)
        }
        return DispatchBody(request: request, digest: digest(json))
    }

    /// Hex SHA-256 of the canonical form (of the writer's form when JCS cannot represent a value;
    /// a valid body never has one).
    static func digest(_ json: JSONValue) -> String {
        let bytes = (try? CanonicalJSON.bytes(json)) ?? JSONWriter().bytes(json)
        return hex(Array(SHA256.hash(data: bytes)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
