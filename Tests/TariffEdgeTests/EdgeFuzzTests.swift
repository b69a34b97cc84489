import Crypto
import StrictJSON
import Foundation
import Synthetic
import Testing
@testable import TariffEdge

/// Seeded fuzzing of every parser the edge runs on untrusted bytes: signed tables (compact JWS
/// and, re-signed so mutations get past the signature, header and payload), keysets and keyset
/// updates, high-water-mark files. Each case must end in an acceptance or a typed rejection with
/// a non-empty one-line message of bounded length, never a trap.
@Suite("Edge fuzzing: tables, keysets, keyset updates, high-water marks")
struct EdgeFuzzTests {
    /// 2,000 cases per parser by default (a few seconds in debug); `TARIFF_FUZZ_CASES` and
    /// `TARIFF_FUZZ_SEED` run a longer or different campaign.
    static let cases = ProcessInfo.processInfo.environment["TARIFF_FUZZ_CASES"].flatMap { Int($0) } ?? 2000
    static let seedOffset = ProcessInfo.processInfo.environment["TARIFF_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0
    let f = Fixture()
    let now = Fixture.start + 1800

    func checkMessage(_ message: String, _ context: @autoclosure () -> String) {
        #expect(!message.isEmpty, "\(context())")
        #expect(!message.contains("\n") && !message.contains("\u{1B}"), "\(context()): \(message.prefix(200))")
        #expect(message.utf8.count < 1000, "\(context()): \(message.prefix(200))")
    }

    func checkTable(_ bytes: [UInt8], _ context: String) {
        do {
            let table = try TariffVerifier(keyset: f.keyset).check(bytes, site: "site-a", now: now)
            #expect(table.seq >= 0 && Double(table.seq) <= HighWaterMarkStore.maximumSeq, "\(context)")
            _ = table.price(at: now)
            _ = table.limits.limits(at: now)
        } catch {
            checkMessage(error.message, context)
        }
    }

    func sign(header: [UInt8], payload: [UInt8]) throws -> [UInt8] {
        let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        return Array((input + "." + Base64URL.encode(Array(try f.key.signature(for: Array(input.utf8))))).utf8)
    }

    @Test func signedTables() throws {
        var rng = SeededGenerator(seed: 0x7A81_FF01 &+ Self.seedOffset)
        let header = try CanonicalJSON.bytes(.object(["alg": .string("Ed25519"), "kid": .string(f.kid), "typ": .string("tariff-table+jws")]))
        let payload = try CanonicalJSON.bytes(f.payload())
        let valid = try sign(header: header, payload: payload)
        checkTable(valid, "valid")
        var outcomes: [String: Int] = [:]
        for i in 0..<Self.cases {
            let bytes: [UInt8]
            switch i % 3 {
            case 0: bytes = Mutator.mutateSeveral(valid, using: &rng)
            case 1: bytes = try sign(header: header, payload: Mutator.mutateSeveral(payload, using: &rng))
            default: bytes = try sign(header: Mutator.mutateSeveral(header, using: &rng), payload: payload)
            }
            do {
                _ = try TariffVerifier(keyset: f.keyset).check(bytes, site: "site-a", now: now)
                outcomes["accepted", default: 0] += 1
            } catch {
                outcomes[error.reason.rawValue, default: 0] += 1
            }
            checkTable(bytes, "case \(i)")
        }
        #expect(outcomes.values.reduce(0, +) == Self.cases)
        #expect(outcomes["malformed", default: 0] > 0)
    }

    /// A keyset update a publisher would send: version 2 adds `otherKey` and retires `key`;
    /// signed by both.
    func update(payload: [UInt8]) throws -> [UInt8] {
        let encoded = Base64URL.encode(payload)
        let signatures: [JSONValue] = try [f.key, f.otherKey].map { key in
            let kid = Keyset.thumbprint(of: Array(key.publicKey.rawRepresentation))
            let header = Base64URL.encode(
                try CanonicalJSON.bytes(.object(["alg": .string("Ed25519"), "kid": .string(kid), "typ": .string(Keyset.updateType)])))
            let signature = try key.signature(for: Array((header + "." + encoded).utf8))
            return .object(["protected": .string(header), "signature": .string(Base64URL.encode(Array(signature)))])
        }
        return try CanonicalJSON.bytes(.object(["payload": .string(encoded), "signatures": .array(signatures)]))
    }

    var rotated: Keyset {
        var next = f.keyset
        next.version = 2
        next.keys[0].validUntil = now - 60
        let x = Array(f.otherKey.publicKey.rawRepresentation)
        next.keys.append(Keyset.Key(kid: Keyset.thumbprint(of: x), publicKey: x, validFrom: now - 60, validUntil: nil, sites: ["*"]))
        return next
    }

    @Test func keysetsAndKeysetUpdates() throws {
        var rng = SeededGenerator(seed: 0x6B65_7973 &+ Self.seedOffset)
        let trusted = f.keyset
        let keysetBytes = try CanonicalJSON.bytes(trusted.json)
        #expect(try Keyset.read(keysetBytes) == trusted)
        let payload = try CanonicalJSON.bytes(rotated.json)
        let valid = try update(payload: payload)
        #expect(try trusted.accepting(update: valid, now: now).version == 2)
        var adopted = 0
        for i in 0..<Self.cases {
            do {
                let keyset = try Keyset.read(Mutator.mutateSeveral(keysetBytes, using: &rng))
                #expect(keyset.keys.allSatisfy { $0.kid == Keyset.thumbprint(of: $0.publicKey) }, "keyset case \(i)")
            } catch {
                checkMessage(error.description, "keyset case \(i)")
            }
            let document = i % 2 == 0 ? Mutator.mutateSeveral(valid, using: &rng) : try update(payload: Mutator.mutateSeveral(payload, using: &rng))
            do {
                let next = try trusted.accepting(update: document, now: now)
                adopted += 1
                // Whatever got through keeps the rules: a higher, bounded version, a key valid now,
                // kids that are thumbprints, no revived validity.
                #expect(next.version > trusted.version && next.version <= trusted.version + Keyset.maximumVersionStep, "update case \(i)")
                #expect(next.keys.contains { $0.isValid(at: now) }, "update case \(i)")
                #expect(next.keys.allSatisfy { $0.kid == Keyset.thumbprint(of: $0.publicKey) }, "update case \(i)")
                if let old = next.key(f.kid) { #expect(old.validFrom >= trusted.keys[0].validFrom, "update case \(i)") }
            } catch {
                checkMessage(error.description, "update case \(i)")
            }
        }
        #expect(adopted < Self.cases)
    }

    @Test func highWaterMarkFiles() throws {
        var rng = SeededGenerator(seed: 0x6877_6D21 &+ Self.seedOffset)
        let directory = Fixture.temporaryDirectory()
        let state = try HighWaterMarkStore(directory: directory)
        let mark = HighWaterMarkStore.Mark(seq: 1_772_466_600_001, hash: TariffVerifier.hash(Array("x".utf8)))
        try state.store(mark, site: "site-a")
        let file = directory + "/site-a.hwm"
        let valid = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(try state.mark(site: "site-a") == mark)
        for i in 0..<Self.cases {
            try Data(Mutator.mutateSeveral(valid, using: &rng)).write(to: URL(fileURLWithPath: file))
            do {
                if let read = try state.mark(site: "site-a") {
                    #expect(read.seq >= 0 && Double(read.seq) <= HighWaterMarkStore.maximumSeq, "case \(i)")
                    #expect(read.hash.utf8.count == 43, "case \(i)")
                }
            } catch {
                #expect(error.reason == .stateError, "case \(i)")
                checkMessage(error.message, "case \(i)")
            }
        }
    }
}
