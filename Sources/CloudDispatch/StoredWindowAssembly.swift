public import ChargeShareDomain
public import Scheduling
public import Store

/// A window's `DispatchProblem` from the engine's state: the registry, the live sessions from
/// ingest, the utility limits and the prices (given, or a stored series). The one implementation
/// behind `chargeshare problem assemble` and the assembly body of `POST /v1/dispatch`; the
/// problem itself comes from `ProblemAssembly.live` (docs/telemetry.md, "Problem assembly").
public enum StoredWindowAssembly {
    /// Where the window's prices come from.
    public enum PriceSource: Sendable, Equatable {
        /// Prices given with the request, in `currency`.
        case given(Prices, currency: String)
        /// The stored series of this name, put on the window's intervals (its own currency).
        case stored(series: String)
    }

    /// Why a window cannot be assembled.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Requested feeders the registry does not hold, in request order.
        case unknownFeeders([String])
        /// The stored series does not price every interval (or mixes currencies).
        case noPrices(series: String, PricePoint.Gap)
        /// The store could not be read.
        case store(StoreError)
        /// The assembled problem breaks the contract: a bug in assembly, not the caller's fault.
        case invalidAssembled(InvalidProblem)

        public var description: String {
            switch self {
            case .unknownFeeders(let ids): "unknown feeder(s) \(ids.map { Displayed.quoted($0) }.joined(separator: ", ")) (not in the registry)"
            case .noPrices(let series, let gap): "price series \(Displayed.quoted(series)) has \(gap)"
            case .store(let error): "\(error)"
            case .invalidAssembled(let invalid): "assembled problem is invalid: \(invalid.issues.map(\.description).joined(separator: "; "))"
            }
        }
    }

    /// The assembled problem and the utility limits that went into it.
    public struct Assembled: Sendable, Equatable {
        public var live: ProblemAssembly.LiveProblem
        public var limits: [GridLimit]
    }

    /// Assembles the window of `feederIds` from `store`, in this order: registry and feeders,
    /// prices, sessions and utility limits, `ProblemAssembly.live`, then the contract's reader on
    /// the result (a problem `dispatch` would refuse is reported, never returned).
    /// Maintenance alerts in force at `start` cap or remove their chargers (docs/maintenance.md).
    /// - Parameter expected: expected sessions by site id (from a demand model), added as virtual
    ///   `expected:` sessions (`ProblemAssembly.withExpected`).
    public static func assemble<S: RegistryStore & SessionStateStore & PriceStore & UtilityLimitStore & MaintenanceStore>(
        windowId: String, start: Timestamp, intervalMinutes: Int, intervals: Int, feederIds: [String], prices source: PriceSource,
        defaults: ProblemAssembly.LiveDefaults = ProblemAssembly.LiveDefaults(), expected: [String: [ExpectedSession]] = [:], store: S
    ) throws(Failure) -> Assembled {
        var terms = ProblemAssembly.WindowTerms(
            windowId: windowId, start: start, intervalMinutes: intervalMinutes, intervals: intervals, prices: Prices(importPerKwh: .constant(0)))
        let registry: Registry
        do { registry = try store.registry() } catch { throw .store(error) }
        let known = Set(registry.feeders.map(\.id))
        let unknown = feederIds.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw .unknownFeeders(unknown) }
        switch source {
        case .given(let prices, let currency):
            (terms.prices, terms.currency) = (prices, currency)
        case .stored(let series):
            let points: [PricePoint]
            do { points = try store.prices(series: series, from: start, to: terms.end) } catch { throw .store(error) }
            do {
                (terms.prices, terms.currency) = try PricePoint.prices(points, start: start, intervalMinutes: intervalMinutes, intervals: intervals)
            } catch {
                throw .noPrices(series: series, error)
            }
        }
        let sessions: [SessionState]
        let limits: [GridLimit]
        let caps: [ProblemAssembly.ChargerCap]
        do {
            sessions = try store.sessions(overlappingFrom: start, to: terms.end)
            limits = try store.utilityLimits(feederIds: feederIds, from: start, to: terms.end).map(\.gridLimit)
            caps = try store.maintenanceAlerts(at: start).map(Self.cap)
        } catch {
            throw .store(error)
        }
        let live: ProblemAssembly.LiveProblem
        do {
            live = try ProblemAssembly.live(
                terms, registry: registry, feederIds: feederIds, sessions: sessions, limits: limits, defaults: defaults, caps: caps,
                expected: expected)
        } catch {
            switch error {
            case .unknownFeeders(let ids): throw .unknownFeeders(ids)
            }
        }
        do { _ = try ProblemReader.read(live.problem.json) } catch { throw .invalidAssembled(error) }
        return Assembled(live: live, limits: limits)
    }

    /// The cap of a maintenance alert: its `maxChargeKw`, with the risk and main features as the reason.
    static func cap(_ alert: MaintenanceScore) -> ProblemAssembly.ChargerCap {
        let features = (try? JSONReader.parse(Array(alert.topFeatures.utf8)))?.arrayValue?.compactMap { $0["feature"]?.stringValue } ?? []
        let why = features.isEmpty ? "" : " (\(features.joined(separator: ", ")))"
        return ProblemAssembly.ChargerCap(
            chargerId: alert.chargerId, maxKw: alert.maxChargeKw ?? 0,
            reason:
                "maintenance alert scored \(alert.asOf.rfc3339Seconds), failure risk \(JSONWriter.format((alert.risk * 1000).rounded() / 1000))\(why)"
        )
    }
}
