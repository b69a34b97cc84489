import ChargeShareDomain
import CloudDispatch
import HTTPTypes
import Hummingbird
import Foundation
import Metrics

/// `POST /v1/dispatch` and `GET /v1/dispatch/{windowId}` (scope `dispatch`), over
/// `CloudDispatcher` (docs/cloud-dispatch.md): a full problem or an assembly request, idempotent
/// by window id; 201 with the contract's result when solved now, 200 with the same bytes on a
/// replay, 409 for another request under the same id. The solve runs on NIO's thread pool.
struct DispatchRoutes: Sendable {
    let dispatcher: CloudDispatcher
    let auth: Authenticator
    let maxBodyBytes: Int

    func add(to router: Router<BasicRequestContext>) {
        router.post("/v1/dispatch") { request, context in
            let caller = try await auth.caller(request, needs: .dispatch)
            let bytes = try await HTTPBody.json(request, maxBytes: maxBodyBytes)
            let dispatcher = self.dispatcher
            let started = ContinuousClock.now
            let outcome = try await Blocking.solve { () -> Result<DispatchResponse, CloudDispatchError> in
                do throws(CloudDispatchError) { return .success(try dispatcher.dispatch(body: bytes)) } catch { return .failure(error) }
            }
            switch outcome {
            case .failure(let error):
                if error.kind == .failed { context.logger.error("dispatch failed", metadata: ["error": "\(error)"]) }
                throw Self.problem(error)
            case .success(let response):
                let elapsed = ContinuousClock.now - started
                Timer(label: "chargeshare_dispatch_duration", dimensions: [("status", response.status.rawValue)]).recordNanoseconds(
                    elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
                context.logger.info(
                    "dispatch",
                    metadata: ["window": "\(response.windowId)", "status": "\(response.status.rawValue)", "client": "\(caller.client.clientId)"])
                var headers: HTTPFields = [.contentType: "application/json", .location: "/v1/dispatch/\(Self.percentEncoded(response.windowId))"]
                if response.status == .replayed,
                    let reason = try? await Blocking.run({ try? dispatcher.window(id: response.windowId)?.staleReason }) ?? nil
                {
                    headers[Self.staleHeader] = reason
                }
                return Response(
                    status: response.status == .created ? .created : .ok, headers: headers,
                    body: .init(byteBuffer: ByteBuffer(bytes: response.resultJSON)))
            }
        }
        router.get("/v1/dispatch/:windowId") { request, context in
            _ = try await auth.caller(request, needs: .dispatch)
            let id = try context.parameters.decoded("windowId")
            let dispatcher = self.dispatcher
            let outcome = try await Blocking.run { () -> Result<DispatchWindow?, CloudDispatchError> in
                do throws(CloudDispatchError) { return .success(try dispatcher.window(id: id)) } catch { return .failure(error) }
            }
            switch outcome {
            case .failure(let error): throw Self.problem(error)
            case .success(nil): throw ProblemDetails.notFound("no window \(Displayed.quoted(id)) is stored")
            case .success(let window?):
                return HTTPBody.response(window.json, headers: window.staleReason.map { [Self.staleHeader: $0] } ?? [:])
            }
        }
    }

    /// Set on `GET /v1/dispatch/{windowId}` and on a replayed `POST` when a utility limit changed
    /// after the window was dispatched: the reason (the replayed body stays the stored bytes).
    static let staleHeader = HTTPField.Name("ChargeShare-Stale")!

    /// The error as RFC 9457: 400 malformed, 422 invalid, 409 conflict, 404 not found, 503 when
    /// the store failed (its message names a path: logged, not sent), 500 when the solve failed.
    static func problem(_ error: CloudDispatchError) -> ProblemDetails {
        let status: HTTPResponse.Status
        switch error.kind {
        case .malformed: status = .badRequest
        case .invalid: status = .unprocessableContent
        case .conflict: status = .conflict
        case .notFound: status = .notFound
        case .failed:
            // The solver's or the store's own words stay in the log (they name files and internals).
            if case .storeFailed = error { return ProblemDetails(.serviceUnavailable, error.detail) }
            return ProblemDetails(.internalServerError, error.detail)
        }
        return ProblemDetails(status, error.detail, errors: error.issues.map { ($0.path, $0.message) })
    }

    static func percentEncoded(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? id
    }
}
