import ChargeShareDomain
import Hummingbird
import OpenADR
import Store

/// The OpenADR 3.0.1 VTN subset utilities need (docs/openadr.md): programs and events, the
/// official document's paths under `/openadr3`, its scopes (`read_all`, `write_programs`,
/// `write_events`) and its statuses (400 for any invalid body or query, 403, 404, 409). A
/// utility works on its own programs and events and targets only its own feeders; an admin
/// sees everything. Every write is one transaction; an event write replaces the event's
/// utility limits and marks the dispatch windows it changes stale, in the same transaction.
struct OpenADRRoutes: Sendable {
    let store: SQLiteStore
    let auth: Authenticator
    let clock: any WallClock & Sendable
    let maxBodyBytes: Int

    enum Collection: String, Sendable {
        case programs, events
        var writeScope: Scope { self == .programs ? .writePrograms : .writeEvents }
        var singular: String { self == .programs ? "program" : "event" }
    }

    func add(to router: Router<BasicRequestContext>) {
        for collection in [Collection.programs, .events] {
            let path = "/openadr3/\(collection.rawValue)"
            router.get(RouterPath(path)) { request, _ in
                let caller = try await openADRCaller(request, needs: .readAll)
                let query = try readingQuery { () throws(InvalidProblem) in try OpenADRQuery.read(queryItems(request), events: collection == .events)
                }
                let store = self.store
                let found = try await run { collection == .programs ? try store.programs(query, by: caller) : try store.events(query, by: caller) }
                return HTTPBody.response(.array(found.map(\.document)))
            }
            router.post(RouterPath(path)) { request, context in
                let caller = try await openADRCaller(request, needs: collection.writeScope)
                let bytes = try await HTTPBody.json(request, maxBytes: maxBodyBytes)
                let store = self.store, now = clock.now
                let object: OpenADRObject
                switch collection {
                case .programs:
                    let draft = try OpenADRReader.program(bytes)
                    object = try await run { try store.createProgram(draft, by: caller, at: now) }
                case .events:
                    let draft = try OpenADRReader.event(bytes)
                    let write = try await run { try store.createEvent(draft, by: caller, at: now) }
                    log(write, context)
                    object = write.object
                }
                return HTTPBody.response(object.document, status: .created)
            }
            router.get(RouterPath(path + "/:id")) { request, context in
                let caller = try await openADRCaller(request, needs: .readAll)
                let id = try context.parameters.decoded("id")
                let store = self.store
                let found = try await run { collection == .programs ? try store.program(id: id, by: caller) : try store.event(id: id, by: caller) }
                guard let found else { throw ProblemDetails.notFound("no \(collection.singular) \(Displayed.quoted(id))") }
                return HTTPBody.response(found.document)
            }
            router.put(RouterPath(path + "/:id")) { request, context in
                let caller = try await openADRCaller(request, needs: collection.writeScope)
                let id = try context.parameters.decoded("id")
                let bytes = try await HTTPBody.json(request, maxBytes: maxBodyBytes)
                let store = self.store, now = clock.now
                switch collection {
                case .programs:
                    let draft = try OpenADRReader.program(bytes)
                    return HTTPBody.response(try await run { try store.replaceProgram(id: id, draft, by: caller, at: now) }.document)
                case .events:
                    let draft = try OpenADRReader.event(bytes)
                    let write = try await run { try store.replaceEvent(id: id, draft, by: caller, at: now) }
                    log(write, context)
                    return HTTPBody.response(write.object.document)
                }
            }
            router.delete(RouterPath(path + "/:id")) { request, context in
                let caller = try await openADRCaller(request, needs: collection.writeScope)
                let id = try context.parameters.decoded("id")
                let store = self.store, now = clock.now
                switch collection {
                case .programs:
                    // The official document declares no 409 for this DELETE: a program that still
                    // has events is refused with 400, which it does declare.
                    do {
                        return HTTPBody.response(try await run { try store.deleteProgram(id: id, by: caller) }.document)
                    } catch let problem as ProblemDetails where problem.status == .conflict {
                        throw ProblemDetails(.badRequest, problem.detail)
                    }
                case .events:
                    let write = try await run { try store.deleteEvent(id: id, by: caller, at: now) }
                    log(write, context)
                    return HTTPBody.response(write.object.document)
                }
            }
        }
    }

    /// The authenticated client as the OpenADR store sees it.
    private func openADRCaller(_ request: Request, needs scope: Scope) async throws -> OpenADRCaller {
        let caller = try await auth.caller(request, needs: scope)
        return caller.client.role == .utility
            ? .utility(id: caller.client.clientId, feederIds: caller.client.feeders) : .admin(id: caller.client.clientId)
    }

    private func log(_ write: OpenADREventWrite, _ context: BasicRequestContext) {
        context.logger.info(
            "openadr event written",
            metadata: [
                "event": "\(write.object.id)", "owner": "\(write.object.owner)", "limitsWritten": "\(write.limitsWritten)",
                "limitsRemoved": "\(write.limitsRemoved)", "staleWindows": "\(write.staleWindowIds.joined(separator: ","))",
            ])
    }

    /// Runs a store call on the thread pool; its `StoreError` becomes the OpenADR status.
    private func run<T: Sendable>(_ work: @Sendable @escaping () throws -> T) async throws -> T {
        do { return try await Blocking.run(work) } catch let error as StoreError { throw Self.problem(error) }
    }

    /// 404 not found, 403 forbidden, 409 duplicate or conflict, 400 an unknown reference or an
    /// invalid value; a read or write failure is 503 (its message names the file: not sent).
    /// The details speak of programs, events and feeders, never of the store's tables.
    static func problem(_ error: StoreError) -> ProblemDetails {
        switch error {
        case .notFound(_, let key): ProblemDetails(.notFound, "no \(key)")
        case .forbidden(_, let message): ProblemDetails(.forbidden, message)
        case .duplicate(_, let key): ProblemDetails(.conflict, "\(key) exists already")
        case .conflict(_, let message): ProblemDetails(.conflict, message)
        case .unknownReference(_, let column, let value, let references):
            ProblemDetails(
                .badRequest, "\(column) \(Displayed.quoted(value)) is not one of your \(Self.plainName(references))",
                errors: [(column, "unknown: \(Displayed.quoted(value))")])
        case .invalidValue(_, let message): ProblemDetails(.badRequest, message)
        default: ProblemDetails(.serviceUnavailable, "the engine database is unavailable")
        }
    }

    /// `openadr_programs` → `programs`, `feeders` → `feeders`.
    static func plainName(_ table: String) -> String {
        table.hasPrefix("openadr_") ? String(table.dropFirst("openadr_".count)) : table
    }
}
