import ChargeShareDomain
import Foundation
import Hummingbird
import NIOCore
import StrictJSON

/// Reading request bodies and writing JSON answers, the same way on every route.
enum HTTPBody {
    /// The body's bytes, refused with 413 above `maxBytes`.
    static func bytes(_ request: Request, maxBytes: Int) async throws -> [UInt8] {
        var request = request
        do {
            return Array(buffer: try await request.collectBody(upTo: maxBytes))
        } catch is NIOTooManyBytesError {
            throw ProblemDetails(.contentTooLarge, "the request body is larger than \(maxBytes) bytes")
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

extension Parameters {
    /// A path parameter percent-decoded (the router matches the raw path), so an id with a space
    /// or a `/` is reachable as `%20` or `%2F`; a bad escape is 400.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let text = raw.removingPercentEncoding else {
            throw ProblemDetails(.badRequest, "the path's \(name) is not well percent-encoded")
        }
        return text
    }
}

/// The query's parameters, percent-decoded, for the readers that take (name, value) pairs.
func queryItems(_ request: Request) -> [(name: String, value: String)] {
    request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
}

/// Runs a reader of the query: its `InvalidProblem` is a 400 that says "query", not "body".
func readingQuery<T>(_ read: () throws(InvalidProblem) -> T) throws -> T {
    do { return try read() } catch {
        throw ProblemDetails(
            .badRequest, "the query is invalid: \(error.issues.count) error(s)", errors: error.issues.map { ($0.path, $0.message) })
    }
}
