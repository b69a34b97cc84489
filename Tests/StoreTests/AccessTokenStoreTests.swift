import ChargeShareDomain
import Foundation
import GRDB
import Store
import Testing

@Suite("v9-access-tokens: tokens by digest, expiry, purge")
struct AccessTokenStoreTests {
    static let t0 = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!

    @Test func aTokenIsFoundUntilItExpiresThenPurged() throws {
        let path = SampleIndexTests.path()
        let store = try SQLiteStore(path: path, schema: .engine)
        let digest = [UInt8](repeating: 7, count: 32)
        try store.insertAccessToken(
            AccessTokenRecord(sha256: digest, clientId: "coop", scopes: "read_all", created: Self.t0, expires: Self.t0.adding(milliseconds: 1000)),
            now: Self.t0)
        #expect(try store.accessToken(sha256: digest, now: Self.t0.adding(milliseconds: 999))?.clientId == "coop")
        #expect(try store.accessToken(sha256: digest, now: Self.t0.adding(milliseconds: 1000)) == nil)
        #expect(try store.accessToken(sha256: [UInt8](repeating: 8, count: 32), now: Self.t0) == nil)
        // The next token issued removes the expired one.
        try store.insertAccessToken(
            AccessTokenRecord(
                sha256: [UInt8](repeating: 9, count: 32), clientId: "ops", scopes: "admin", created: Self.t0.adding(milliseconds: 2000),
                expires: Self.t0.adding(milliseconds: 9000)), now: Self.t0.adding(milliseconds: 2000))
        let rows = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM access_tokens") }
        #expect(rows == 1)
    }

    @Test func aDigestOfTheWrongLengthIsRefused() throws {
        let store = try SQLiteStore(path: SampleIndexTests.path(), schema: .engine)
        #expect(throws: StoreError.self) {
            try store.insertAccessToken(
                AccessTokenRecord(sha256: [1, 2, 3], clientId: "c", scopes: "", created: Self.t0, expires: Self.t0.adding(milliseconds: 1)),
                now: Self.t0)
        }
    }

    @Test("v11: a token keeps the secret tag it was issued under; a token from before v11 has none")
    func tokensKeepTheirSecretTag() throws {
        let path = SampleIndexTests.path()
        let store = try SQLiteStore(path: path, schema: .engine)
        let tag: [UInt8] = Array(repeating: 5, count: 16)
        try store.insertAccessToken(
            AccessTokenRecord(
                sha256: [UInt8](repeating: 1, count: 32), clientId: "a", scopes: "read_all", created: Self.t0,
                expires: Self.t0.adding(milliseconds: 3_600_000), secretTag: tag), now: Self.t0)
        #expect(try store.accessToken(sha256: [UInt8](repeating: 1, count: 32), now: Self.t0)?.secretTag == tag)
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: "INSERT INTO access_tokens (token_sha256, client_id, scopes, created_ms, expires_ms) VALUES (?, 'old', 'read_all', ?, ?)",
                arguments: [Data(repeating: 2, count: 32), Self.t0.millisecondsSinceEpoch, Self.t0.millisecondsSinceEpoch + 3_600_000])
        }
        #expect(try store.accessToken(sha256: [UInt8](repeating: 2, count: 32), now: Self.t0)?.secretTag == [])
    }
}
