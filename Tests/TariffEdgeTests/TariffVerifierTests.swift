import Crypto
import StrictJSON
import Foundation
import Testing
@testable import TariffEdge

@Suite("Edge verification: every rejection reason, the high-water mark and the price lookup")
struct TariffVerifierTests {
    let f = Fixture()
    let now = Fixture.start + 1800

    func reason(_ bytes: [UInt8], site: String = "site-a", at time: Timestamp? = nil, maximumBytes: Int = 1 << 20) -> TariffRejection.Reason? {
        do {
            _ = try TariffVerifier(keyset: f.keyset, maximumBytes: maximumBytes).check(bytes, site: site, now: time ?? now)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func aGoodTableIsAccepted() throws {
        let table = try TariffVerifier(keyset: f.keyset).check(try f.sign(f.payload()), site: "site-a", now: now)
        #expect(table.seq == 7)
        #expect(table.elements.count == 3)
        #expect(table.limits.importKw == [11, 7.5, nil, 0])
    }

    @Test func eachRuleHasItsOwnReason() throws {
        var tampered = try f.sign(f.payload())
        let payloadStart = tampered.firstIndex(of: UInt8(ascii: "."))! + 5
        tampered[payloadStart] = tampered[payloadStart] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(reason(tampered) == .badSignature)
        #expect(reason(try f.sign(f.payload(), with: f.otherKey)) == .badSignature)
        #expect(reason(try f.sign(f.payload(), kid: "revoked-or-never-issued")) == .unknownKey)
        #expect(reason(try f.sign(f.payload(), alg: "EdDSA")) == .wrongAlgorithm)
        #expect(reason(try f.sign(f.payload(), alg: "none")) == .wrongAlgorithm)
        #expect(reason(try f.sign(f.payload(), typ: "JWT")) == .wrongType)
        #expect(reason(try f.sign(f.payload()), site: "site-b") == .wrongSite)
        #expect(reason(try f.sign(f.payload(site: "site-c"))) == .keyNotAuthorised)  // key covers site-a and site-b only
        #expect(reason(try f.sign(f.payload(iat: Fixture.start - 2 * 86_400))) == .keyNotAuthorised)  // before the key's validity
        #expect(reason(try f.sign(f.payload(changes: ["iss": .string("someone-else")]))) == .keyNotAuthorised)
        #expect(reason(try f.sign(f.payload()), at: Fixture.start - 1) == .notYetValid)
        #expect(reason(try f.sign(f.payload()), at: Fixture.end) == .expired)
        #expect(reason(try f.sign(f.payload()), maximumBytes: 100) == .oversized)
        #expect(reason(Array("not.a-jws".utf8)) == .malformed)
        #expect(reason(try f.sign(f.payload(changes: ["seq": .string("7")]))) == .malformed)
    }

    @Test(arguments: [
        ("seq", JSONValue.number(-1), "payload.seq"), ("valid_until", .string("2026-03-02T16:00:00Z"), "payload.valid_until"),
        ("tz", .string("Mars/Olympus"), "payload.tz"), ("currency", .string("eur"), "payload.currency"),
        ("prev", .string("abc"), "payload.prev"), ("extra", .number(1), "payload.extra"), ("limits", .object([:]), "payload.limits.start"),
    ])
    func malformedPayloadsNameTheField(key: String, value: JSONValue, path: String) throws {
        #expect {
            _ = try TariffVerifier(keyset: f.keyset).check(try f.sign(f.payload(changes: [key: value])), site: "site-a", now: now)
        } throws: { error in
            guard let rejection = error as? TariffRejection else { return false }
            return rejection.reason == .malformed && rejection.message.hasPrefix(path)
        }
    }

    /// The rules an OCPI model does not check: elements non-empty, the HH:MM pattern, non-negative prices.
    @Test(arguments: [
        (JSONValue.array([]), "payload.tariff.elements"),
        (
            .array([.object(["price_components": .array([.object(["type": .string("ENERGY"), "price": .string("-0.1000")])])])]),
            "payload.tariff.elements[0].price_components[0].price"
        ),
        (
            .array([.object(["price_components": .array([.object(["type": .string("ENERGY"), "price": .string("0.12345")])])])]),
            "payload.tariff.elements[0].price_components[0].price"
        ),
        (
            .array([
                .object([
                    "price_components": .array([.object(["type": .string("ENERGY"), "price": .string("0.1")])]),
                    "restrictions": .object(["start_time": .string("24:00")]),
                ])
            ]), "payload.tariff.elements[0].restrictions.start_time"
        ),
        (
            .array([
                .object([
                    "price_components": .array([.object(["type": .string("ENERGY"), "price": .string("0.1")])]),
                    "restrictions": .object(["max_power": .number(3)]),
                ])
            ]), "payload.tariff.elements[0].restrictions.max_power"
        ),
    ])
    func tariffRulesBeyondTheOCPIModel(elements: JSONValue, path: String) throws {
        var tariff = Dictionary(uniqueKeysWithValues: (f.payload()["tariff"]?.objectValue ?? []).map { ($0.key, $0.value) })
        tariff["elements"] = elements
        #expect {
            _ = try TariffVerifier(keyset: f.keyset).check(try f.sign(f.payload(changes: ["tariff": .object(tariff)])), site: "site-a", now: now)
        } throws: { error in
            (error as? TariffRejection).map { $0.reason == .malformed && $0.message.hasPrefix(path) } ?? false
        }
    }

    @Test func highWaterMarkAcceptsRedeliveryAndRejectsReplayAndRollback() throws {
        let state = try HighWaterMarkStore(directory: Fixture.temporaryDirectory())
        let verifier = TariffVerifier(keyset: f.keyset)
        let seven = try f.sign(f.payload(seq: 7))
        let eight = try f.sign(f.payload(seq: 8))
        #expect(try verifier.verify(seven, site: "site-a", now: now, state: state).redelivery == false)
        #expect(try verifier.verify(seven + [0x0A], site: "site-a", now: now, state: state).redelivery == true)
        let accepted = try verifier.verify(eight, site: "site-a", now: now, state: state)
        #expect(accepted.chainContinuous == false)  // prev is "" in the fixture
        #expect(try state.mark(site: "site-a") == HighWaterMarkStore.Mark(seq: 8, hash: TariffVerifier.hash(eight)))
        #expect(throws: TariffRejection.Reason.staleSequence) {
            do { _ = try verifier.verify(seven, site: "site-a", now: now, state: state) } catch let e as TariffRejection { throw e.reason }
        }
        let otherEight = try f.sign(f.payload(seq: 8, changes: ["table_id": .string("t-2")]))
        #expect(throws: TariffRejection.Reason.staleSequence) {
            do { _ = try verifier.verify(otherEight, site: "site-a", now: now, state: state) } catch let e as TariffRejection { throw e.reason }
        }
        // A rejected table leaves the mark alone.
        #expect(try state.mark(site: "site-a")?.seq == 8)
    }

    @Test func aCorruptMarkIsAStateErrorNotAReset() throws {
        let directory = Fixture.temporaryDirectory()
        let state = try HighWaterMarkStore(directory: directory)
        try Data("{\"seq\":".utf8).write(to: URL(fileURLWithPath: directory + "/site-a.hwm"))
        #expect(throws: TariffRejection.Reason.stateError) {
            do { _ = try TariffVerifier(keyset: f.keyset).verify(try f.sign(f.payload()), site: "site-a", now: now, state: state) } catch let e
                as TariffRejection
            { throw e.reason }
        }
    }

    @Test func siteIdsCannotEscapeTheStateDirectory() {
        #expect(HighWaterMarkStore.fileStem("../etc/passwd") == "%2E%2E%2Fetc%2Fpasswd")
        #expect(HighWaterMarkStore.fileStem("farm-7_b") == "farm-7_b")
    }

    /// Local time Europe/Amsterdam is UTC+1 on 2 March 2026: 16:00Z is 17:00 local.
    @Test func priceLookupFollowsLocalTimeAndFirstMatch() throws {
        let table = try TariffVerifier(keyset: f.keyset).check(try f.sign(f.payload()), site: "site-a", now: now)
        #expect(table.price(at: Fixture.start)?.energyPerKwh == Decimal(string: "0.3"))
        #expect(table.price(at: Fixture.start + 2 * 3600 - 1)?.energyPerKwh == Decimal(string: "0.3"))
        #expect(table.price(at: Fixture.start + 2 * 3600)?.energyPerKwh == Decimal(string: "0.45"))
        #expect(table.price(at: Fixture.start + 2 * 3600)?.v2gPerKwh == Decimal(string: "0.1"))
        #expect(table.price(at: Fixture.end) == nil)
        #expect(table.limits.limits(at: Fixture.start + 3600)?.importKw == 7.5)
        #expect(table.limits.limits(at: Fixture.start + 2 * 3600)?.importKw == nil)
    }

    @Test func wholeDayAndWrapAroundRestrictions() {
        let wrap = TariffRule(energyPricePerKwh: 1, startMinute: 22 * 60, endMinute: 0)
        #expect(wrap.matches(minuteOfDay: 23 * 60, weekday: "MONDAY", date: "2026-03-02"))
        #expect(!wrap.matches(minuteOfDay: 60, weekday: "MONDAY", date: "2026-03-02"))
        let allDay = TariffRule(energyPricePerKwh: 1, startMinute: 0, endMinute: 0, daysOfWeek: ["MONDAY"])
        #expect(allDay.matches(minuteOfDay: 600, weekday: "MONDAY", date: "2026-03-02"))
        #expect(!allDay.matches(minuteOfDay: 600, weekday: "TUESDAY", date: "2026-03-03"))
    }
}

extension TariffRejection.Reason: Error {}
