import ArgumentParser
import ChargeShareDomain
import Foundation
import Pricing
import TariffEdge

/// `chargeshare tariff verify`: what an offline edge runs on each table it receives.
struct TariffVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a signed tariff table as an edge would, and advance the site's high-water mark.",
        discussion: """
            Exit codes: 0 accepted (or an identical re-delivery); 10 bad signature; 11 unknown or revoked kid; \
            12 key not authorised for the site or time; 13 wrong alg; 14 wrong typ; 15 wrong site; 16 expired; \
            17 not yet valid; 18 seq not above the high-water mark (replay, rollback); 19 oversized; 20 malformed; \
            21 state directory error; 2 unreadable file or bad arguments; 1 other failure.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The compact JWS (<siteId>.jws).", valueName: "file")) var table: String
    @Option(name: .long, help: ArgumentHelp("The keyset the edge trusts.", valueName: "file")) var keyset: String
    @Option(name: .long, help: "This edge's site id.") var site: String
    @Option(name: .long, help: ArgumentHelp("Directory holding the high-water marks.", valueName: "dir")) var state: String
    @Option(name: .long, help: ArgumentHelp("Current time (default: the system clock).", valueName: "time")) var now: String?
    @Option(name: .customLong("max-bytes"), help: "Largest table accepted.") var maxBytes = TariffVerifier.defaultMaximumBytes

    func validate() throws {
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
    }

    func run() throws {
        let at = try TimeOption.wholeSeconds(now, option: "--now")
        let trusted: Keyset
        let keysetBytes = try IO.readOrExit(keyset, what: "keyset")
        do {
            trusted = try Keyset.read(keysetBytes)
        } catch {
            IO.printError("error: keyset \(keyset): \(error)")
            throw ExitCode(1)
        }
        do {
            let bytes = try Self.read(table, limit: maxBytes)
            let verifier = TariffVerifier(keyset: trusted, maximumBytes: maxBytes)
            let accepted = try verifier.verify(bytes, site: site, now: at, state: try HighWaterMarkStore(directory: state))
            let t = accepted.table
            var line = "accepted: site \(MessageText.quote(t.siteId)) seq \(t.seq)\(accepted.redelivery ? " (identical re-delivery)" : "")"
            line += ", valid \(t.validFrom.rfc3339Seconds) to \(t.validUntil.rfc3339Seconds)"
            if let continuous = accepted.chainContinuous { line += continuous ? ", chain continuous" : ", chain gap (missed tables)" }
            IO.print(line)
            if let price = t.price(at: at) {
                var now = "price now: \(Money.text(price.energyPerKwh)) \(t.currency)/kWh"
                if let v2g = price.v2gPerKwh { now += ", V2G pays \(Money.text(v2g)) \(t.currency)/kWh" }
                if let limits = t.limits.limits(at: at) {
                    now += ", import limit \(limits.importKw.map { "\($0) kW" } ?? "none")"
                }
                IO.print(now)
            }
        } catch let rejection as TariffRejection {
            IO.printError("rejected (\(rejection.reason.rawValue)): \(rejection.message)")
            throw ExitCode(rejection.reason.exitCode)
        } catch let error as ExitCode {
            throw error
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Reads at most `limit` bytes (in 64 KiB chunks, so an oversized input is refused without
    /// loading it): a larger table is the `oversized` rejection; a missing file or a directory
    /// exits with `IO.unreadableInputExitCode` like every other unreadable input.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        do {
            return try IO.read(path, limit: max(0, limit))
        } catch  where error.tooLarge {
            throw TariffRejection(.oversized, "\(MessageText.quote(path)) is larger than the limit of \(limit) bytes")
        } catch {
            IO.printError("error: cannot read table \(error)")
            throw ExitCode(IO.unreadableInputExitCode)
        }
    }
}
