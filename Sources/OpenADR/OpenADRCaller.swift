/// Who calls the OpenADR VTN: a utility, which owns what it creates and may limit only its own
/// feeders, or an administrator, who sees and may change everything.
///
/// The HTTP layer builds it from the authenticated client (its client id and the feeders its
/// configuration grants); the store enforces it (docs/openadr.md, "Ownership").
public enum OpenADRCaller: Sendable, Equatable {
    /// An operator of the engine: reads all programs and events, may write any, on any feeder.
    case admin(id: String)
    /// A utility: reads and writes only the programs and events it created, and may target only
    /// `feederIds`.
    case utility(id: String, feederIds: Set<String>)

    /// The client id, recorded as the owner of what it creates.
    public var id: String {
        switch self {
        case .admin(let id), .utility(let id, _): id
        }
    }

    /// The owner reads are restricted to: `nil` for an administrator (all owners).
    public var ownerFilter: String? {
        switch self {
        case .admin: nil
        case .utility(let id, _): id
        }
    }

    /// True when the caller may set limits on `feederId`.
    public func mayTarget(feederId: String) -> Bool {
        switch self {
        case .admin: true
        case .utility(_, let feeders): feeders.contains(feederId)
        }
    }
}
