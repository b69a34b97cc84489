import ChargeShareDomain
import Service
import Testing

@Suite("Service config: every rule with its JSON path; the secret never in a message")
struct ServiceConfigTests {
    func issues(_ text: String) -> [String] {
        do {
            _ = try ServiceConfig.read(Array(text.utf8))
            return []
        } catch { return error.issues.map(\.description) }
    }

    @Test func aGoodConfigReads() throws {
        let config = try ServiceConfig.read(
            Array(
                #"{"clients": [{"clientId": "coop", "clientSecret": "s3cret-s3cret-s3cret", "role": "utility", "feeders": ["F0", "F1"]}, {"clientId": "ops", "clientSecret": "0123456789abcdef", "role": "admin"}], "maxBodyBytes": 2048, "tokenLifetimeSeconds": 600}"#
                    .utf8))
        #expect(config.clients.map(\.clientId) == ["coop", "ops"])
        #expect(config.clients[0].feeders == ["F0", "F1"] && config.clients[0].role == .utility)
        #expect(config.maxBodyBytes == 2048 && config.tokenLifetimeSeconds == 600 && !config.metricsRequireAuth)
    }

    @Test func eachRuleNamesItsPath() {
        #expect(issues("[]") == ["$: expected an object"])
        #expect(issues("{}") == ["clients: is required"])
        #expect(issues(#"{"clients": [], "x": 1}"#) == ["x: unknown field", "clients: must name at least one client"])
        #expect(
            issues(#"{"clients": [{"clientId": "a", "clientSecret": "short", "role": "admin"}]}"#) == [
                "clients[0].clientSecret: must be at least 16 characters"
            ])
        #expect(
            issues(#"{"clients": [{"clientId": "a", "clientSecret": "0123456789abcdef", "role": "utility"}]}"#) == [
                "clients[0].feeders: a utility must name the feeders it sets limits on"
            ])
        #expect(
            issues(#"{"clients": [{"clientId": "a", "clientSecret": "0123456789abcdef", "role": "cloud", "feeders": ["F"]}]}"#) == [
                "clients[0].feeders: only a utility has feeders"
            ])
        #expect(
            issues(#"{"clients": [{"clientId": "a", "clientSecret": "0123456789abcdef", "role": "root"}]}"#) == [
                "clients[0].role: must be one of admin, cloud, monitor, utility"
            ])
        #expect(
            issues(
                #"{"clients": [{"clientId": "a", "clientSecret": "0123456789abcdef", "role": "admin"}, {"clientId": "a", "clientSecret": "0123456789abcdef", "role": "cloud"}]}"#
            ) == ["clients[1].clientId: \"a\" is already clients[0]"])
        #expect(
            issues(#"{"clients": [{"clientId": "a", "clientSecret": "0123456789abcdef", "role": "utility", "feeders": ["F", ""]}]}"#) == [
                "clients[0].feeders: must be an array of non-empty feeder ids",
                "clients[0].feeders: a utility must name the feeders it sets limits on",
            ])
        #expect(
            issues(#"{"clients": [{"clientId": "a", "clientSecret": "0123456789abcdef", "role": "utility", "feeders": ["F", "F"]}]}"#) == [
                "clients[0].feeders: names a feeder twice"
            ])
        #expect(
            issues(#"{"clients": [{"clientId": "a", "clientSecret": "0123456789abcdef", "role": "admin"}], "maxBodyBytes": 10}"#) == [
                "maxBodyBytes: must be an integer from 1024 to 67108864"
            ])
    }

    @Test func aSecretIsNeverEchoed() {
        let secret = "tiny-secret"
        let all = issues(#"{"clients": [{"clientId": "a", "clientSecret": "\#(secret)", "role": "admin", "extra": 1}]}"#).joined()
        #expect(!all.contains(secret) && !all.isEmpty)
    }
}
