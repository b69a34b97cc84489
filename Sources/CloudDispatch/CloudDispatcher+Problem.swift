import ChargeShareDomain
import Store

extension CloudDispatcher {
    /// The problem a new window solves: the full body with the utility limits of its feeders
    /// applied, or the window assembled from the store (whose assembly applies them itself).
    func effectiveProblem(_ body: DispatchBody) throws(CloudDispatchError) -> DispatchProblem {
        switch body.request {
        case .problem(let problem): return try withUtilityLimits(problem)
        case .assembly(let request): return try assemble(request)
        }
    }

    /// A full problem's feeders must be registered (the store keeps windows by feeder); each one's
    /// limits are lowered to the utility limits stored for it over the window.
    func withUtilityLimits(_ problem: DispatchProblem) throws(CloudDispatchError) -> DispatchProblem {
        let registry: Registry
        do { registry = try store.registry() } catch { throw .storeFailed(message: "\(error)") }
        let known = Set(registry.feeders.map(\.id))
        let unknown = problem.feeders.enumerated().filter { !known.contains($0.element.id) }.map { i, f in
            ValidationIssue(path: "feeders[\(i)].id", message: "unknown feeder \(Displayed.quoted(f.id)) (not in the registry)")
        }
        guard unknown.isEmpty else { throw .unknownFeeders(unknown) }
        let limits: [GridLimit]
        do {
            limits = try store.utilityLimits(feederIds: problem.feeders.map(\.id), from: problem.start, to: problem.end).map(\.gridLimit)
        } catch {
            throw .storeFailed(message: "\(error)")
        }
        let merged = UtilityLimitMerge.apply(limits, to: problem)
        do { _ = try ProblemReader.read(merged.json) } catch {
            throw .dispatchFailed(windowId: problem.windowId, message: "the problem with utility limits is invalid: \(error.description)")
        }
        return merged
    }

    /// An assembly request through `StoredWindowAssembly`, the code behind `problem assemble`.
    func assemble(_ request: AssemblyRequest) throws(CloudDispatchError) -> DispatchProblem {
        let source: StoredWindowAssembly.PriceSource =
            request.prices.map { .given($0, currency: request.currency) } ?? .stored(series: request.priceSeries ?? settings.priceSeries)
        do {
            return try StoredWindowAssembly.assemble(
                windowId: request.windowId, start: request.start, intervalMinutes: request.intervalMinutes, intervals: request.intervals,
                feederIds: request.feederIds, prices: source, defaults: settings.liveDefaults,
                expected: settings.expectedSessions?(request.start) ?? [:], store: store
            ).live.problem
        } catch {
            switch error {
            case .unknownFeeders(let ids):
                throw .unknownFeeders(
                    ids.map { id in
                        let at = request.feederIds.firstIndex(of: id).map { "feeders[\($0)]" } ?? "feeders"
                        return ValidationIssue(path: at, message: "unknown feeder \(Displayed.quoted(id)) (not in the registry)")
                    })
            case .noPrices(let series, let gap):
                throw .noPrices(
                    ValidationIssue(
                        path: "prices",
                        message: "no prices for the window: price series \(Displayed.quoted(series)) has \(gap); give prices or store them"))
            case .store(let error): throw .storeFailed(message: "\(error)")
            case .invalidAssembled(let invalid):
                throw .dispatchFailed(windowId: request.windowId, message: "assembled problem is invalid: \(invalid.description)")
            }
        }
    }
}
