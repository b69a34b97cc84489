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

    @Test("v11: a rotated secret or a removed client revokes that client's tokens, nobody else's")
    func rotatedSecretsRevokeTokens() throws {
        let path = SampleIndexTests.path()
        let store = try SQLiteStore(path: path, schema: .engine)
        func token(_ byte: UInt8, _ client: String) throws {
            try store.insertAccessToken(
                AccessTokenRecord(
                    sha256: [UInt8](repeating: byte, count: 32), clientId: client, scopes: "read_all", created: Self.t0,
                    expires: Self.t0.adding(milliseconds: 3_600_000)), now: Self.t0)
        }
        func holders() throws -> [String] {
            try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT client_id FROM access_tokens ORDER BY token_sha256") }
        }
        try token(1, "a")
        try token(2, "b")
        try token(3, "gone")
        // First start: tags recorded; only the client missing from the config loses its tokens.
        #expect(try store.revokeTokensOfChangedSecrets(["a": [1, 1, 1, 1], "b": [2, 2, 2, 2]]) == ["gone"])
        #expect(try holders() == ["a", "b"])
        // The same secrets again: nothing revoked.
        #expect(try store.revokeTokensOfChangedSecrets(["a": [1, 1, 1, 1], "b": [2, 2, 2, 2]]) == [])
        #expect(try holders() == ["a", "b"])
        // a's secret rotated: a's tokens go, b's stay.
        #expect(try store.revokeTokensOfChangedSecrets(["a": [9, 9, 9, 9], "b": [2, 2, 2, 2]]) == ["a"])
        #expect(try holders() == ["b"])
        #expect(try store.accessToken(sha256: [UInt8](repeating: 1, count: 32), now: Self.t0) == nil)
        #expect(try store.accessToken(sha256: [UInt8](repeating: 2, count: 32), now: Self.t0)?.clientId == "b")
    }
}
