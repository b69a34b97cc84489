import ChargeShareDomain
import Hummingbird
import StrictJSON
import Store

/// The registry API (admin scope): the same validation as `chargeshare registry import`
/// (`RegistryReader` against what is stored), one transaction per write.
///
/// - `GET /v1/registry`, `POST /v1/registry` (a registry document, upserted by id);
/// - `GET /v1/{feeders|sites|chargers}`, `GET` and `PUT /v1/{kind}/{id}` (one entity; its `id`
///   may be left out and must otherwise match the path).
struct RegistryRoutes: Sendable {
    let store: SQLiteStore
    let auth: Authenticator
    let clock: any WallClock & Sendable
    let maxBodyBytes: Int

    enum Kind: String, CaseIterable, Sendable {
        case feeders, sites, chargers
    }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/v1/registry") { request, _ in
            _ = try await auth.caller(request, needs: .admin)
            return HTTPBody.response(try await registry().json)
        }
        router.post("/v1/registry") { request, _ in
            _ = try await auth.caller(request, needs: .admin)
            let bytes = try await HTTPBody.json(request, maxBytes: maxBodyBytes)
            _ = try InvalidProblem.parse(bytes)  // a syntax error is 400; the rest 422
            let changes = try await upsert(bytes, pathPrefix: nil)
            return HTTPBody.response(Self.counts(changes))
        }
        for kind in Kind.allCases {
            router.get("/v1/\(kind.rawValue)") { request, _ in
                _ = try await auth.caller(request, needs: .admin)
                return HTTPBody.response(.array(Self.entities(try await registry(), kind).map(\.json)))
            }
            router.get("/v1/\(kind.rawValue)/:id") { request, context in
                _ = try await auth.caller(request, needs: .admin)
                let id = try context.parameters.decoded("id")
                guard let found = Self.entities(try await registry(), kind).first(where: { $0.id == id }) else {
                    throw ProblemDetails.notFound("no \(kind.singular) \(Displayed.quoted(id))")
                }
                return HTTPBody.response(found.json)
            }
            router.put("/v1/\(kind.rawValue)/:id") { request, context in
                _ = try await auth.caller(request, needs: .admin)
                let id = try context.parameters.decoded("id")
                let body = try InvalidProblem.parse(try await HTTPBody.json(request, maxBytes: maxBodyBytes))
                guard case .object(var members) = body else {
                    throw ProblemDetails(.badRequest, "the body must be a JSON object", errors: [("$", "expected an object")])
                }
                if let given = body["id"] {
                    guard given.stringValue == id else {
                        throw ProblemDetails(
                            .badRequest, "the body's id is not the path's", errors: [("id", "must be \(Displayed.quoted(id)) as in the path")])
                    }
                } else {
                    members.insert(("id", .string(id)), at: 0)
                }
                let document = JSONWriter().bytes(.object([(kind.rawValue, .array([.object(members)]))]))
                let changes = try await upsert(document, pathPrefix: "\(kind.rawValue)[0]")
                guard let stored = Self.entities(try await registry(), kind).first(where: { $0.id == id }) else {
                    throw ProblemDetails(.internalServerError, "the \(kind.singular) was written but cannot be read back")
                }
                return HTTPBody.response(stored.json, status: changes.inserted > 0 ? .created : .ok)
            }
        }
    }

    private func registry() async throws -> Registry {
        let store = self.store
        return try await Blocking.run { try store.registry() }
    }

    /// Validates `bytes` against the stored registry and upserts it; paths of errors in a
    /// single-entity body lose `pathPrefix` (`feeders[0].importLimitKw` → `importLimitKw`).
    private func upsert(_ bytes: [UInt8], pathPrefix: String?) async throws -> RegistryChanges {
        let store = self.store, now = clock.now
        let outcome: Result<RegistryChanges, InvalidProblem>
        do {
            outcome = try await Blocking.run { () -> Result<RegistryChanges, InvalidProblem> in
                let registry: Registry
                do { registry = try RegistryReader.read(bytes, existing: try store.registryContext()) } catch let error as InvalidProblem {
                    return .failure(error)
                }
                return .success(try store.upsert(registry, at: now))
            }
        } catch let error as StoreError {
            // The write re-checks inside its transaction what the reader checked before it (one
            // charger per EVSE, references): a concurrent write that got there first is a 409.
            if case .writeFailed(_, let message) = error, message.contains("two chargers") || message.contains("FOREIGN KEY") {
                throw ProblemDetails(.conflict, "the registry changed while this request was checked; read it again and retry")
            }
            throw ProblemDetails(.serviceUnavailable, "the engine database is unavailable")
        }
        switch outcome {
        case .success(let changes): return changes
        case .failure(let invalid):
            let errors = invalid.issues.map { issue -> (path: String, message: String) in
                guard let prefix = pathPrefix else { return (issue.path, issue.message) }
                if issue.path == prefix { return ("$", issue.message) }
                return (issue.path.hasPrefix(prefix + ".") ? String(issue.path.dropFirst(prefix.count + 1)) : issue.path, issue.message)
            }
            throw ProblemDetails(.unprocessableContent, "the registry entry is invalid: \(errors.count) error(s)", errors: errors)
        }
    }

    static func counts(_ c: RegistryChanges) -> JSONValue {
        .object([("inserted", .integer(c.inserted)), ("updated", .integer(c.updated)), ("unchanged", .integer(c.unchanged))])
    }

    static func entities(_ registry: Registry, _ kind: Kind) -> [(id: String, json: JSONValue)] {
        switch kind {
        case .feeders: registry.feeders.map { ($0.id, $0.registryJSON) }
        case .sites: registry.sites.map { ($0.id, $0.registryJSON) }
        case .chargers: registry.chargers.map { ($0.charger.id, $0.json) }
        }
    }
}

extension RegistryRoutes.Kind {
    var singular: String { String(rawValue.dropLast()) }
}
