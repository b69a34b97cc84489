import ChargeShareDomain
import Foundation
import Testing
import TariffEdge
@testable import TariffPublishing

@Suite("Keys: generation, rotation signed by old and new, revocation, edge adoption rules")
struct KeyLifecycleTests {
    let problem = PublishingFixture.problem()
    let t0 = PublishingFixture.start.wholeSeconds

    func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test func privateKeyIsOwnerOnlyAndNeverInThePublicFiles() throws {
        let store = try PublishingFixture.keys()
        let key = try store.signingKeys()[0]
        let file = store.directory + "/private/\(key.kid).jwk"
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let directoryMode = try FileManager.default.attributesOfItem(atPath: store.directory + "/private")[.posixPermissions] as? Int
        #expect(directoryMode == 0o700)
        let d = try JSONReader.parse(try read(file))["d"]?.stringValue ?? "missing"
        #expect(d.count == 43)
        for name in ["keyset.json", "keyset.jws"] {
            #expect(!String(decoding: try read(store.directory + "/" + name), as: UTF8.self).contains(d))
        }
        #expect("\(key)" == "SigningKey(kid: \(key.kid))")
        #expect(String(reflecting: key) == "SigningKey(kid: \(key.kid))")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(dumped.contains(key.kid) && !dumped.contains("seed"))
        // The kid is the RFC 7638 thumbprint.
        #expect(key.kid == Keyset.thumbprint(of: key.entry.publicKey))
        #expect(throws: KeyStore.Failure.self) {
            try store.generate(issuer: "chargeshare", sites: ["*"], validFrom: Timestamp(seconds: 0), validUntil: nil)
        }
    }

    @Test func rotationIsAdoptedAndOldTablesKeepVerifying() throws {
        let store = try PublishingFixture.keys()
        let v1 = try store.keyset()
        let flows = PublishingFixture.flows(problem)
        let before = try TariffPublisher().publish(
            problem: problem, flows: flows, keys: store, now: PublishingFixture.start.adding(milliseconds: -3_600_000), history: nil)[0]
        let rotatedAt = t0 - 1800
        let newKey = try store.rotate(now: rotatedAt)
        let update = try read(store.directory + "/keyset.jws")
        let signers = try JSONReader.parse(update)["signatures"]?.arrayValue?.count
        #expect(signers == 2)
        let v2 = try v1.accepting(update: update, now: t0)
        #expect(v2.version == 2)
        let published = try store.keyset()
        #expect(v2 == published)
        let after = try TariffPublisher().publish(
            problem: problem, flows: flows, keys: store, now: PublishingFixture.start.adding(milliseconds: -600_000), history: nil)[0]
        let afterHeader = try CompactJWS.parse(Array(after.jws.utf8)).header
        #expect(afterHeader["kid"] == .string(newKey.kid))
        let verifier = TariffVerifier(keyset: v2)
        #expect(try verifier.check(Array(before.jws.utf8), site: "a", now: t0 + 60).siteId == "a")  // signed before the rotation
        #expect(try verifier.check(Array(after.jws.utf8), site: "a", now: t0 + 60).siteId == "a")
        // The retired key can no longer sign new tables: one it signed after the rotation is refused.
        let retired = try SigningKey.restore(from: store, kid: v1.keys[0].kid)
        let late = try retired.compactJWS(payload: try CompactJWS.parse(Array(after.jws.utf8)).payload, type: SignedTariffTable.mediaType)
        #expect(throws: TariffRejection(.keyNotAuthorised, "key \(v1.keys[0].kid) may not sign for site a at 2026-03-28T22:50:00Z")) {
            _ = try verifier.check(Array(late.utf8), site: "a", now: t0 + 60)
        }
    }

    @Test func revocationRemovesTheKidAndCannotBeUndoneByReplay() throws {
        let store = try PublishingFixture.keys()
        let v1 = try store.keyset()
        let oldKid = v1.keys[0].kid
        let flows = PublishingFixture.flows(problem)
        let oldTable = try TariffPublisher().publish(
            problem: problem, flows: flows, keys: store, now: PublishingFixture.start.adding(milliseconds: -3_600_000), history: nil)[0]
        try store.rotate(now: t0 - 1800)
        let rotation = try read(store.directory + "/keyset.jws")
        try store.revoke(kid: oldKid, now: t0)
        let revocation = try read(store.directory + "/keyset.jws")
        #expect(!FileManager.default.fileExists(atPath: store.directory + "/private/\(oldKid).jwk"))
        let v2 = try v1.accepting(update: rotation, now: t0)
        let v3 = try v2.accepting(update: revocation, now: t0)
        #expect(v3.key(oldKid) == nil)
        #expect(throws: TariffRejection(.unknownKey, "kid \(oldKid) is not in keyset version 3 (unknown or revoked)")) {
            _ = try TariffVerifier(keyset: v3).check(Array(oldTable.jws.utf8), site: "a", now: t0 + 60)
        }
        // Replaying the rotation (version 2) after the revocation is refused.
        #expect(throws: Keyset.Invalid(path: "payload.version", message: "version 2 is not above the trusted version 3")) {
            _ = try v3.accepting(update: rotation, now: t0)
        }
        #expect(throws: KeyStore.Failure.self) { try store.revoke(kid: oldKid, now: t0) }
    }

    @Test func updatesNotVouchedForByATrustedKeyAreRefused() throws {
        let edge = try PublishingFixture.keys()
        let attacker = try PublishingFixture.keys()  // a different store: its keys are unknown to the edge
        try attacker.rotate(now: t0)
        let forged = try read(attacker.directory + "/keyset.jws")
        let trustedNow = try edge.keyset()
        #expect(throws: Keyset.Invalid(path: "signatures", message: "no signature from a key trusted in version 1 and valid at 2026-03-28T23:00:00Z"))
        {
            _ = try trustedNow.accepting(update: forged, now: t0)
        }
        // An update adding a key that has not signed it (no proof of possession) is refused.
        let trusted = try edge.keyset()
        let stranger = SigningKey.generate(validFrom: t0, validUntil: nil, sites: ["*"])
        var proposed = trusted
        proposed.version += 1
        proposed.keys.append(stranger.entry)
        let payload = try CanonicalJSON.bytes(proposed.json)
        let unvouched = try KeysetSignature.sign(payload, with: try edge.signingKeys())
        #expect(throws: Keyset.Invalid(path: "signatures", message: "new key \(stranger.kid) has not signed the update")) {
            _ = try trusted.accepting(update: Array(unvouched.utf8), now: t0)
        }
        let vouched = try KeysetSignature.sign(payload, with: try edge.signingKeys() + [stranger])
        #expect(try trusted.accepting(update: Array(vouched.utf8), now: t0).keys.count == 2)
    }
}

extension SigningKey {
    /// Reads one private key back from a store (for tests of retired keys).
    static func restore(from store: KeyStore, kid: String) throws -> SigningKey {
        guard let key = try store.signingKeys().first(where: { $0.kid == kid }) else { throw KeyStore.Failure("no key \(kid)") }
        return key
    }
}
