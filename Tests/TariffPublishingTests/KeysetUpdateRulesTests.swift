import ChargeShareDomain
import Crypto
import Foundation
import Testing
import TariffEdge
@testable import TariffPublishing

/// Issue 10, point 5: one test per attack on keyset updates at the edge, and rotations that
/// would leave an unusable key directory. Rules: docs/tariff-envelope.md, "Keyset updates".
@Suite("Keyset updates: who may sign, what may change, which versions; rotation always usable")
struct KeysetUpdateRulesTests {
    let t0 = PublishingFixture.start.wholeSeconds

    func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// A store with key A (valid from a day before t0) rotated at t0 − 1800 to key B; the edge
    /// has adopted the rotation. Returns the store, the trusted keyset, A and B.
    func rotatedEdge() throws -> (KeyStore, Keyset, SigningKey, SigningKey) {
        let store = try PublishingFixture.keys()
        let v1 = try store.keyset()
        let a = try store.signingKeys()[0]
        let b = try store.rotate(now: t0 - 1800)
        let v2 = try v1.accepting(update: try read(store.directory + "/keyset.jws"), now: t0 - 1800)
        let keys = try store.signingKeys()
        return (store, v2, keys.first { $0.kid == a.kid } ?? a, keys.first { $0.kid == b.kid } ?? b)
    }

    func signed(_ keyset: Keyset, by signers: [SigningKey]) throws -> [UInt8] {
        Array(try KeysetSignature.sign(try CanonicalJSON.bytes(keyset.json), with: signers).utf8)
    }

    func rejection(_ body: () throws -> Void) -> Keyset.Invalid? {
        do {
            try body()
            return nil
        } catch let invalid as Keyset.Invalid {
            return invalid
        } catch {
            return Keyset.Invalid(path: "?", message: "\(error)")
        }
    }

    @Test func aRetiredKeyCannotReviveItselfAndDropTheCurrentOne() throws {
        let (_, trusted, a, b) = try rotatedEdge()
        var revived = trusted
        revived.version += 1
        revived.keys = trusted.keys.filter { $0.kid != b.kid }.map {
            var k = $0; k.validUntil = nil; return k
        }
        let r = rejection { _ = try trusted.accepting(update: try signed(revived, by: [a]), now: t0) }
        #expect(r == Keyset.Invalid(path: "signatures", message: "no signature from a key trusted in version 2 and valid at 2026-03-28T23:00:00Z"))
        // Even the current key cannot extend a retired key's validity.
        var extended = trusted
        extended.version += 1
        extended.keys = trusted.keys.map {
            var k = $0; k.validUntil = nil; return k
        }
        let s = rejection { _ = try trusted.accepting(update: try signed(extended, by: [b]), now: t0) }
        #expect(
            s
                == Keyset.Invalid(
                    path: "payload.keys[0]",
                    message: "key \(a.kid) may not be valid for longer than version 2 allows (a key's validity can only shrink)"))
    }

    @Test func theKeyMaterialOfAKnownKidCannotBeReplaced() throws {
        let (_, trusted, _, b) = try rotatedEdge()
        let stranger = SigningKey.generate(validFrom: t0, validUntil: nil, sites: ["*"])
        var swapped = trusted
        swapped.version += 1
        swapped.keys[1].publicKey = stranger.entry.publicKey  // b's kid, the stranger's x
        let r = rejection { _ = try trusted.accepting(update: try signed(swapped, by: [b, stranger]), now: t0) }
        #expect(r == Keyset.Invalid(path: "payload.keys[1].kid", message: "\(b.kid) is not the RFC 7638 thumbprint of x (\(stranger.kid))"))
    }

    @Test func aKidMustBeTheThumbprint() throws {
        let (_, trusted, _, b) = try rotatedEdge()
        var stranger = SigningKey.generate(validFrom: t0, validUntil: nil, sites: ["*"])
        stranger.entry.kid = "../../etc/passwd"
        var added = trusted
        added.version += 1
        added.keys.append(stranger.entry)
        let r = rejection { _ = try trusted.accepting(update: try signed(added, by: [b, stranger]), now: t0) }
        #expect(
            r
                == Keyset.Invalid(
                    path: "payload.keys[2].kid",
                    message: "../../etc/passwd is not the RFC 7638 thumbprint of x (\(Keyset.thumbprint(of: stranger.entry.publicKey)))"))
        // The same rule applies to the keyset.json an edge starts from.
        #expect(throws: Keyset.Invalid.self) { _ = try Keyset.read(try CanonicalJSON.bytes(added.json)) }
    }

    @Test func anEmptyKeysetIsNotAdopted() throws {
        let (_, trusted, _, b) = try rotatedEdge()
        var empty = trusted
        empty.version += 1
        empty.keys = []
        let r = rejection { _ = try trusted.accepting(update: try signed(empty, by: [b]), now: t0) }
        #expect(r == Keyset.Invalid(path: "payload.keys", message: "no key is valid at 2026-03-28T23:00:00Z; adopting it would lock this edge out"))
    }

    @Test func aVersionJumpToTheMaximumIsNotAdopted() throws {
        let (_, trusted, _, b) = try rotatedEdge()
        var jump = trusted
        jump.version = 9_007_199_254_740_991
        let r = rejection { _ = try trusted.accepting(update: try signed(jump, by: [b]), now: t0) }
        #expect(r == Keyset.Invalid(path: "payload.version", message: "version 9007199254740991 is more than 1000 above the trusted version 2"))
        jump.version = trusted.version + Keyset.maximumVersionStep
        #expect(try trusted.accepting(update: try signed(jump, by: [b]), now: t0).version == 1002)
    }

    @Test func aCritHeaderIsRefused() throws {
        let (_, trusted, _, b) = try rotatedEdge()
        var next = trusted
        next.version += 1
        let payload = Base64URL.encode(try CanonicalJSON.bytes(next.json))
        let header = Base64URL.encode(
            Array("{\"alg\":\"Ed25519\",\"crit\":[\"x-unknown\"],\"kid\":\"\(b.kid)\",\"typ\":\"keyset+jws\",\"x-unknown\":1}".utf8))
        let signature = Base64URL.encode(Array(try b.privateKey.signature(for: Array((header + "." + payload).utf8))))
        let document = "{\"payload\":\"\(payload)\",\"signatures\":[{\"protected\":\"\(header)\",\"signature\":\"\(signature)\"}]}"
        let r = rejection { _ = try trusted.accepting(update: Array(document.utf8), now: t0) }
        #expect(
            r
                == Keyset.Invalid(
                    path: "signatures[0].protected", message: "header must be exactly {alg: Ed25519, kid, typ: keyset+jws} (no crit or other members)"
                ))
    }

    // MARK: rotation

    @Test func rotationInTheSameSecondAsGenerationIsRefusedAndChangesNothing() throws {
        let store = KeyStore(directory: PublishingFixture.temporaryDirectory() + "/keys")
        try store.generate(issuer: "chargeshare", sites: ["*"], validFrom: t0, validUntil: nil)
        let before = (try read(store.directory + "/keyset.json"), try read(store.directory + "/keyset.jws"))
        for at in [t0, t0 - 3600] {
            #expect(
                throws: KeyStore.Failure(
                    "cannot rotate at \(at.rfc3339Seconds): key \(try store.keyset().keys[0].kid) is only valid from 2026-03-28T23:00:00Z, so retiring it then would leave it no validity; rotate after that instant (nothing was changed)"
                )
            ) {
                try store.rotate(now: at)
            }
        }
        #expect(try read(store.directory + "/keyset.json") == before.0 && read(store.directory + "/keyset.jws") == before.1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory + "/private").count == 1)
        // One second later it works, and the edge adopts it.
        let v1 = try store.keyset()
        try store.rotate(now: t0 + 1)
        let v2 = try v1.accepting(update: try read(store.directory + "/keyset.jws"), now: t0 + 1)
        #expect(v2.version == 2 && v2.keys.allSatisfy { k in k.validUntil.map { $0 > k.validFrom } ?? true })
        #expect(throws: KeyStore.Failure.self) { try store.rotate(now: t0 + 2, validUntil: t0 + 2) }
    }

    @Test func generatingAKeyWithNoValidityIsRefused() throws {
        let store = KeyStore(directory: PublishingFixture.temporaryDirectory() + "/keys")
        #expect(throws: KeyStore.Failure("valid_until 2026-03-28T23:00:00Z must be after valid_from 2026-03-28T23:00:00Z")) {
            try store.generate(issuer: "chargeshare", sites: ["*"], validFrom: t0, validUntil: t0)
        }
        #expect(!FileManager.default.fileExists(atPath: store.directory))
    }

    @Test func revokingTheOnlyCurrentKeyIsRefused() throws {
        let (store, trusted, _, b) = try rotatedEdge()
        let r = #expect(throws: KeyStore.Failure.self) { try store.revoke(kid: b.kid, now: t0) }
        #expect(
            r?.message.hasPrefix("the new keyset would not be usable (signatures: no signature from a key trusted in version 2 and valid at") == true,
            "\(String(describing: r))")
        #expect(try store.keyset() == trusted)
    }
}
