public import ChargeShareDomain

/// Bearer tokens the service issued (`chargeshare serve`), kept by their SHA-256 only, so a copy
/// of the database lets nobody in. In the store rather than in memory, so that several service
/// instances on one database accept each other's tokens.
public protocol AccessTokenStore {
    /// Records a token (by its digest); removes tokens that expired before `now`.
    func insertAccessToken(_ token: AccessTokenRecord, now: Timestamp) throws(StoreError)
    /// The token with this digest, if it is stored and has not expired at `now`.
    func accessToken(sha256: [UInt8], now: Timestamp) throws(StoreError) -> AccessTokenRecord?
}

/// One issued token.
public struct AccessTokenRecord: Sendable, Equatable {
    /// SHA-256 of the token text.
    public var sha256: [UInt8]
    public var clientId: String
    /// Granted scopes, space-separated as OAuth 2 writes them.
    public var scopes: String
    public var created: Timestamp
    public var expires: Timestamp
    /// The tag of the client secrets the token was issued under (empty for tokens from before
    /// `v11-token-secret-tags`).
    public var secretTag: [UInt8]

    public init(sha256: [UInt8], clientId: String, scopes: String, created: Timestamp, expires: Timestamp, secretTag: [UInt8] = []) {
        self.sha256 = sha256
        self.clientId = clientId
        self.scopes = scopes
        self.created = created
        self.expires = expires
        self.secretTag = secretTag
    }
}
