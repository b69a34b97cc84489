public import ChargeShareDomain

/// A stored program or event: the document as `GET` returns it (the body as written plus `id`,
/// `createdDateTime`, `modificationDateTime` and `objectType`), and who owns it.
public struct OpenADRObject: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case program = "PROGRAM"
        case event = "EVENT"
    }

    public let kind: Kind
    public let id: String
    /// The client id that owns it: a program's creator; an event's program's owner.
    public let owner: String
    public let created: Timestamp
    public let modified: Timestamp
    /// The full object as the 3.0.1 schema defines it.
    public let document: JSONValue

    public init(kind: Kind, id: String, owner: String, created: Timestamp, modified: Timestamp, body: JSONValue) {
        self.kind = kind
        self.id = id
        self.owner = owner
        self.created = created
        self.modified = modified
        let server: [(key: String, value: JSONValue)] = [
            ("id", .string(id)), ("createdDateTime", .string(created.description)),
            ("modificationDateTime", .string(modified.description)), ("objectType", .string(kind.rawValue)),
        ]
        document = .object(server + (body.objectValue ?? []).filter { !OpenADRReader.serverFields.contains($0.key) })
    }

    /// The document as compact JSON text.
    public var json: String { JSONWriter().string(document) }
}
