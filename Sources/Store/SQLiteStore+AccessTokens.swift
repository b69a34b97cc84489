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

    /// `v11-client-secret-tags`: a short tag of each configured client's secret, so that a
    /// service started with a rotated secret revokes the tokens issued under the old one.
    static func registerClientSecretTagMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-client-secret-tags") { db in
            try db.execute(
                sql: """
                    CREATE TABLE client_secret_tags (
                        client_id TEXT PRIMARY KEY NOT NULL,
                        tag BLOB NOT NULL) WITHOUT ROWID;
                    """)
        }
    }

    public func revokeTokensOfChangedSecrets(_ tags: [String: [UInt8]]) throws(StoreError) -> [String] {
        try writingState { db in
            var revoked: Set<String> = []
            var known: [String: Data] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT client_id, tag FROM client_secret_tags") { known[row["client_id"]] = row["tag"] }
            for (client, tag) in tags where known[client].map({ $0 != Data(tag) }) ?? false { revoked.insert(client) }
            // Tokens of clients no longer configured: refused already (unknown client), removed here.
            for client in try String.fetchAll(db, sql: "SELECT DISTINCT client_id FROM access_tokens") where tags[client] == nil {
                revoked.insert(client)
            }
            for client in revoked { try db.execute(sql: "DELETE FROM access_tokens WHERE client_id = ?", arguments: [client]) }
            try db.execute(sql: "DELETE FROM client_secret_tags")
            for (client, tag) in tags {
                try db.execute(sql: "INSERT INTO client_secret_tags (client_id, tag) VALUES (?, ?)", arguments: [client, Data(tag)])
            }
            return revoked.sorted()
        }
    }

    public func insertAccessToken(_ token: AccessTokenRecord, now: Timestamp) throws(StoreError) {
        try writingState { db in
            try db.execute(sql: "DELETE FROM access_tokens WHERE expires_ms <= ?", arguments: [now.millisecondsSinceEpoch])
            try db.execute(
                sql: "INSERT INTO access_tokens (token_sha256, client_id, scopes, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    Data(token.sha256), token.clientId, token.scopes, token.created.millisecondsSinceEpoch, token.expires.millisecondsSinceEpoch,
                ])
        }
    }

    public func accessToken(sha256: [UInt8], now: Timestamp) throws(StoreError) -> AccessTokenRecord? {
        try readingState { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT client_id, scopes, created_ms, expires_ms FROM access_tokens WHERE token_sha256 = ? AND expires_ms > ?",
                    arguments: [Data(sha256), now.millisecondsSinceEpoch])
            else { return nil }
            return AccessTokenRecord(
                sha256: sha256, clientId: row["client_id"], scopes: row["scopes"],
                created: Timestamp(millisecondsSinceEpoch: row["created_ms"]), expires: Timestamp(millisecondsSinceEpoch: row["expires_ms"]))
        }
    }
}
