public import ChargeShareDomain
public import OpenADR

/// OpenADR 3.0.1 programs and events (migration `v7-openadr`, docs/openadr.md): what the VTN
/// routes read and write. Every write is one transaction: on any error nothing is written.
///
/// Ownership: a program is owned by the client that created it, an event by its program's
/// owner. A utility (`OpenADRCaller.utility`) reads, replaces and deletes only what it owns
/// (another's object is `StoreError.notFound`, as if absent), attaches events only to its own
/// programs, and targets only the feeders it was granted (`.forbidden`); an administrator reads
/// and writes everything (a replaced program keeps its owner).
public protocol OpenADRStore {
    /// Stores a new program under a server-assigned id (`program-<n>`).
    /// - Throws: `.duplicate` when the owner has a program of that `programName`.
    func createProgram(_ draft: ProgramDraft, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADRObject
    /// Replaces the program's body, keeping its id, owner and `createdDateTime`.
    /// - Throws: `.notFound` when absent or not the caller's, `.duplicate` as `createProgram`.
    func replaceProgram(id: String, _ draft: ProgramDraft, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADRObject
    /// Deletes the program and returns it as it was.
    /// - Throws: `.notFound`; `.conflict` while any event belongs to it (delete them first, so
    ///   that no limit disappears as a side effect).
    func deleteProgram(id: String, by caller: OpenADRCaller) throws(StoreError) -> OpenADRObject
    /// The program, if it exists and the caller may read it.
    func program(id: String, by caller: OpenADRCaller) throws(StoreError) -> OpenADRObject?
    /// The programs the caller may read that match `query` (`programID` ignored), in creation order.
    func programs(_ query: OpenADRQuery, by caller: OpenADRCaller) throws(StoreError) -> [OpenADRObject]

    /// Stores a new event (`event-<n>`), its `utility_limits` rows and the stale marks.
    /// - Throws: `.unknownReference` when its program is absent or not the caller's, or a
    ///   `GROUP` target names an unregistered feeder; `.forbidden` when a utility targets a
    ///   feeder it was not granted.
    func createEvent(_ draft: EventDraft, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADREventWrite
    /// Replaces the event (keeping id, owner and `createdDateTime`) and its limits.
    /// - Throws: `.notFound`, and what `createEvent` throws.
    func replaceEvent(id: String, _ draft: EventDraft, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADREventWrite
    /// Deletes the event and its limits; `object` is the event as it was.
    /// - Throws: `.notFound`.
    func deleteEvent(id: String, by caller: OpenADRCaller, at time: Timestamp) throws(StoreError) -> OpenADREventWrite
    /// The event, if it exists and the caller may read it.
    func event(id: String, by caller: OpenADRCaller) throws(StoreError) -> OpenADRObject?
    /// The events the caller may read that match `query`, in creation order.
    func events(_ query: OpenADRQuery, by caller: OpenADRCaller) throws(StoreError) -> [OpenADRObject]
}

/// What an event write did.
public struct OpenADREventWrite: Sendable, Equatable {
    /// The event as stored (for a delete: as it was).
    public var object: OpenADRObject
    /// Limit rows (`utility_limits`) written and removed.
    public var limitsWritten: Int
    public var limitsRemoved: Int
    /// Dispatch windows marked stale by this write, by id: those overlapping a changed limit's
    /// span on one of their feeders.
    public var staleWindowIds: [String]

    public init(object: OpenADRObject, limitsWritten: Int, limitsRemoved: Int, staleWindowIds: [String]) {
        self.object = object
        self.limitsWritten = limitsWritten
        self.limitsRemoved = limitsRemoved
        self.staleWindowIds = staleWindowIds
    }
}
