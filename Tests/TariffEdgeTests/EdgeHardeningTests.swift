import Crypto
import StrictJSON
import Foundation
import Testing
@testable import TariffEdge

/// Issue 10: each test reproduces one defect found by the adversarial probe of the edge verifier.
@Suite("Edge hardening: state files, canonical envelopes, check order, safe messages, file names")
struct EdgeHardeningTests {
    let f = Fixture()
    let now = Fixture.start + 1800

    func rejection(_ body: () throws -> Void) -> TariffRejection? {
        do {
            try body()
            return nil
        } catch let rejection as TariffRejection {
            return rejection
        } catch {
            return TariffRejection(.malformed, "unexpected error type \(error)")
        }
    }

    /// A compact JWS over exactly these header and payload bytes (no canonicalisation).
    func signRaw(header: String, payload: [UInt8]) throws -> [UInt8] {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(payload)
        let signature = try f.key.signature(for: Array(input.utf8))
        return Array((input + "." + Base64URL.encode(Array(signature))).utf8)
    }

    var canonicalHeader: String { "{\"alg\":\"Ed25519\",\"kid\":\"\(f.kid)\",\"typ\":\"tariff-table+jws\"}" }

    // MARK: 2a: a high-water mark of 1e19 used to trap converting Double to Int64.

    @Test(arguments: ["1e19", "9007199254740992", "-0.5", "1e308"])
    func anOutOfRangeMarkIsAStateError(seq: String) throws {
        let directory = Fixture.temporaryDirectory()
        let state = try HighWaterMarkStore(directory: directory)
        let hash = String(repeating: "A", count: 43)
        try Data("{\"hash\":\"\(hash)\",\"seq\":\(seq),\"site_id\":\"site-a\"}\n".utf8).write(to: URL(fileURLWithPath: directory + "/site-a.hwm"))
        let r = rejection { _ = try TariffVerifier(keyset: f.keyset).verify(try f.sign(f.payload()), site: "site-a", now: now, state: state) }
        #expect(r?.reason == .stateError)
        #expect(r?.message.contains("is corrupt (expected {hash, seq: an integer from 0 to 2^53-1, site_id})") == true, "\(String(describing: r))")
    }

    // MARK: 8: header and payload must be exactly canonical, as documented.

    @Test func aSignedNonCanonicalHeaderIsMalformed() throws {
        let reordered = "{\"typ\":\"tariff-table+jws\",\"alg\":\"Ed25519\",\"kid\":\"\(f.kid)\"}"
        let spaced = "{\"alg\": \"Ed25519\",\"kid\":\"\(f.kid)\",\"typ\":\"tariff-table+jws\"}"
        for header in [reordered, spaced] {
            let bytes = try signRaw(header: header, payload: try CanonicalJSON.bytes(f.payload()))
            let r = rejection { _ = try TariffVerifier(keyset: f.keyset).check(bytes, site: "site-a", now: now) }
            #expect(
                r == TariffRejection(.malformed, "protected header is not canonical JSON (RFC 8785: sorted members, no whitespace, minimal escapes)"))
        }
        // The canonical form of the same header is accepted.
        let good = try signRaw(header: canonicalHeader, payload: try CanonicalJSON.bytes(f.payload()))
        #expect(try TariffVerifier(keyset: f.keyset).check(good, site: "site-a", now: now).seq == 7)
    }

    @Test func aSignedNonCanonicalPayloadIsMalformed() throws {
        let canonical = String(decoding: try CanonicalJSON.bytes(f.payload()), as: UTF8.self)
        let variants = [
            " " + canonical,  // whitespace
            canonical.replacingOccurrences(of: "\"seq\":7", with: "\"seq\":7.0"),  // non-ECMAScript number
            canonical.replacingOccurrences(of: "\"fmt\":\"chargeshare", with: "\"fmt\":\"\\u0063hargeshare"),  // needless escape
        ]
        for text in variants {
            #expect(text != canonical)
            let bytes = try signRaw(header: canonicalHeader, payload: Array(text.utf8))
            let r = rejection { _ = try TariffVerifier(keyset: f.keyset).check(bytes, site: "site-a", now: now) }
            #expect(
                r
                    == TariffRejection(
                        .malformed, "payload: is not canonical JSON (RFC 8785: sorted members, no whitespace, minimal escapes, ECMAScript numbers)"),
                "\(text.prefix(40))")
        }
    }

    /// Documented order: `alg` (check 3) before the kid and the other header members (check 5).
    @Test func algNoneWithoutAKidIsWrongAlg() throws {
        let payload = try CanonicalJSON.bytes(f.payload())
        let noneNoKid = try signRaw(header: "{\"alg\":\"none\",\"typ\":\"tariff-table+jws\"}", payload: payload)
        #expect(
            rejection { _ = try TariffVerifier(keyset: f.keyset).check(noneNoKid, site: "site-a", now: now) }
                == TariffRejection(.wrongAlgorithm, "header.alg is none, only Ed25519 is accepted"))
        let noAlg = try signRaw(header: "{\"typ\":\"tariff-table+jws\"}", payload: payload)
        #expect(rejection { _ = try TariffVerifier(keyset: f.keyset).check(noAlg, site: "site-a", now: now) }?.reason == .wrongAlgorithm)
        let noKid = try signRaw(header: "{\"alg\":\"Ed25519\",\"typ\":\"tariff-table+jws\"}", payload: payload)
        #expect(
            rejection { _ = try TariffVerifier(keyset: f.keyset).check(noKid, site: "site-a", now: now) }
                == TariffRejection(.malformed, "header.kid must be a non-empty string"))
        let crit = try signRaw(header: "{\"alg\":\"Ed25519\",\"crit\":[\"exp\"],\"kid\":\"\(f.kid)\",\"typ\":\"tariff-table+jws\"}", payload: payload)
        #expect(
            rejection { _ = try TariffVerifier(keyset: f.keyset).check(crit, site: "site-a", now: now) }
                == TariffRejection(.malformed, "header.crit is not allowed (the header is exactly alg, kid, typ)"))
    }

    // MARK: 7: ids are escaped and truncated in messages.

    @Test func messageTextEscapesControlsAndTruncates() {
        #expect(MessageText.quote("a\nrejected (ok): forged") == "a\\nrejected (ok): forged")
        #expect(MessageText.quote("\u{1B}[31mred\u{7}") == "\\u{1B}[31mred\\u{7}")
        #expect(MessageText.quote("back\\slash\u{2028}\u{202E}") == "back\\\\slash\\u{2028}\\u{202E}")
        let long = String(repeating: "é", count: 1000)
        #expect(MessageText.quote(long) == String(repeating: "é", count: 80) + "…(2000 bytes)")
        #expect(MessageText.quote("F0-H0") == "F0-H0")
    }

    @Test func aForgedLineInASiteIdStaysOnOneLine() throws {
        let forged = "site-c\nrejected (bad-signature): \u{1B}[2J"
        let r = rejection { _ = try TariffVerifier(keyset: f.keyset).check(try f.sign(f.payload(site: forged)), site: "site-a", now: now) }
        #expect(r?.reason == .keyNotAuthorised)
        #expect(r?.message.contains("\n") == false && r?.message.contains("\u{1B}") == false)
        #expect(r?.message.contains("site-c\\nrejected (bad-signature): \\u{1B}[2J") == true, "\(String(describing: r))")
    }

    @Test func aHugeUnknownMemberNameIsTruncated() throws {
        let name = String(repeating: "x", count: 1_000_000)
        let r = rejection {
            _ = try TariffVerifier(keyset: f.keyset, maximumBytes: 4 << 20).check(
                try f.sign(f.payload(changes: [name: .number(1)])), site: "site-a", now: now)
        }
        #expect(r == TariffRejection(.malformed, "payload.\(String(repeating: "x", count: 80))…(1000000 bytes): unknown member"))
        let duplicate = Array("{\"\(name)\":1,\"\(name)\":2}".utf8)
        do {
            _ = try JSONReader.parse(duplicate, options: .edge)
            Issue.record("duplicate accepted")
        } catch {
            #expect(error.edgeMessage.utf8.count < 200, "\(error.edgeMessage.prefix(100))")
        }
    }

    // MARK: 6: every site id has a file name that fits NAME_MAX.

    @Test func longSiteIdsGetAHashedStemThatFits() throws {
        let dots = String(repeating: ".", count: 100)
        let stem = HighWaterMarkStore.fileStem(dots)
        #expect(stem.utf8.count <= HighWaterMarkStore.maximumStemBytes)
        #expect(stem.hasPrefix("%2E%2E") && stem.contains("~"))
        #expect(stem != HighWaterMarkStore.fileStem(String(repeating: ".", count: 99)))
        #expect(HighWaterMarkStore.fileStem(".") == "%2E" && HighWaterMarkStore.fileStem("..") == "%2E%2E")
        #expect(HighWaterMarkStore.fileStem("") == "%")
        // 255 multi-byte characters, and the state store really writes and reads the mark.
        let state = try HighWaterMarkStore(directory: Fixture.temporaryDirectory())
        for site in [dots, String(repeating: "€", count: 255)] {
            #expect(HighWaterMarkStore.fileStem(site).utf8.count <= 200)
            let mark = HighWaterMarkStore.Mark(seq: 9, hash: String(repeating: "A", count: 43))
            try state.withLock(site: site) { () throws(TariffRejection) in try state.store(mark, site: site) }
            #expect(try state.mark(site: site) == mark)
        }
    }
}
