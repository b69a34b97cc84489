import ChargeShareDomain
import Hummingbird
import OpenADR
import Store

/// `GET /v1/feeders/{id}/limits?start=&end=&intervalMinutes=`: the effective limit series that
/// dispatch uses for the feeder (`SQLiteStore.effectiveLimits`, through `GridLimit.effective`, the
/// function problem assembly calls): per interval the registry's limit lowered by the utility
/// limit that wins by OpenADR priority. Scope `dispatch` or `admin`; a utility (`read_all`) reads
/// its own feeders only.
struct LimitRoutes: Sendable {
    let store: SQLiteStore
    let auth: Authenticator

    func add(to router: Router<BasicRequestContext>) {
        router.get("/v1/feeders/:id/limits") { request, context in
            let caller = try await auth.caller(request, needsAnyOf: [.dispatch, .admin, .readAll])
            let id = try context.parameters.decoded("id")
            if let own = caller.feeders, !own.contains(id) {
                throw ProblemDetails.forbidden("feeder \(Displayed.quoted(id)) is not one of this utility's feeders")
            }
            let window = try readingQuery { () throws(InvalidProblem) in try FeederLimitWindow.read(queryItems(request)) }
            let store = self.store
            do {
                let feeder = try await Blocking.run { try store.effectiveLimits(feederId: id, window: window) }
                return HTTPBody.response(window.json(feeder))
            } catch let error as StoreError {
                if case .notFound = error { throw ProblemDetails.notFound("no feeder \(Displayed.quoted(id))") }
                throw ProblemDetails(.serviceUnavailable, "the engine database is unavailable")
            }
        }
    }
}
