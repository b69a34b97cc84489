import Hummingbird
import StrictJSON

/// Reading request bodies and writing JSON answers, the same way on every route.
enum HTTPBody {
    /// The body's bytes, refused with 413 above `maxBytes`.
    static func bytes(_ request: Request, maxBytes: Int) async throws -> [UInt8] {
        var request = request
        do {
            return Array(buffer: try await request.collectBody(upTo: maxBytes))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ProblemDetails(.contentTooLarge, "the request body is larger than \(maxBytes) bytes")
        }
    }

    /// A JSON body's bytes: 415 unless the content type is JSON.
    static func json(_ request: Request, maxBytes: Int) async throws -> [UInt8] {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/json" else {
            throw ProblemDetails(.unsupportedMediaType, "the body must be application/json (got \(type ?? "no Content-Type"))")
        }
        return try await bytes(request, maxBytes: maxBytes)
    }

    /// A JSON answer.
    static func response(_ json: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter().bytes(json))))
    }
}
