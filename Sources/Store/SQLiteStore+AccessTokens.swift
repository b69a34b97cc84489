public import ChargeShareDomain
import Foundation
import GRDB

extension SQLiteStore: AccessTokenStore {
    /// `v9-access-tokens`: the service's bearer tokens, by digest.
    static func registerAccessTokenMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-access-tokens") { db in
            try db.execute(
                sql: """
                    CREATE TABLE access_tokens (
                        token_sha256 BLOB PRIMARY KEY NOT NULL CHECK (length(token_sha256) = 32),
                        client_id TEXT NOT NULL,
                        scopes TEXT NOT NULL,
                        created_ms INTEGER NOT NULL,
                        expires_ms INTEGER NOT NULL CHECK (expires_ms > created_ms)) WITHOUT ROWID;
                    CREATE INDEX access_tokens_by_expiry ON access_tokens (expires_ms);
                    """)
        }
    }

    /// `v11-token-secret-tags`: each token keeps the tag of the client secrets it was issued
    /// under (`AccessTokenRecord.secretTag`); a token whose tag is not the service's current one
    /// is refused, so a rotated secret takes the old tokens with it at once, in every instance.
    /// Tokens from before the column have none and are refused (they live an hour at most).
    static func registerTokenSecretTagMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-token-secret-tags") { db in
            try db.execute(sql: "ALTER TABLE access_tokens ADD COLUMN secret_tag BLOB")
        }
    }

    public func insertAccessToken(_ token: AccessTokenRecord, now: Timestamp) throws(StoreError) {
        try writingState { db in
            try db.execute(sql: "DELETE FROM access_tokens WHERE expires_ms <= ?", arguments: [now.millisecondsSinceEpoch])
            try db.execute(
                sql: "INSERT INTO access_tokens (token_sha256, client_id, scopes, created_ms, expires_ms, secret_tag) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    Data(token.sha256), token.clientId, token.scopes, token.created.millisecondsSinceEpoch, token.expires.millisecondsSinceEpoch,
                    Data(token.secretTag),
                ])
        }
    }

    public func accessToken(sha256: [UInt8], now: Timestamp) throws(StoreError) -> AccessTokenRecord? {
        try readingState { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT client_id, scopes, created_ms, expires_ms, secret_tag FROM access_tokens WHERE token_sha256 = ? AND expires_ms > ?",
                    arguments: [Data(sha256), now.millisecondsSinceEpoch])
            else { return nil }
            return AccessTokenRecord(
                sha256: sha256, clientId: row["client_id"], scopes: row["scopes"],
                created: Timestamp(millisecondsSinceEpoch: row["created_ms"]), expires: Timestamp(millisecondsSinceEpoch: row["expires_ms"]),
                secretTag: (row["secret_tag"] as Data?).map { Array($0) } ?? [])
        }
    }
}
