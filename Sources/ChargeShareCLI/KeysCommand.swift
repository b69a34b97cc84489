public import ArgumentParser
import ChargeShareDomain
import Foundation
import TariffEdge
import TariffPublishing

/// `chargeshare keys`: the publisher's signing keys and the keysets edges trust.
public struct KeysCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Generate, rotate and revoke tariff signing keys (docs/tariff-envelope.md).",
        subcommands: [KeysGenerateCommand.self, KeysRotateCommand.self, KeysRevokeCommand.self, KeysAcceptCommand.self]
    )

    public init() {}
}

/// Parses `--now`-style options: RFC 3339 (`2026-11-21T12:00:00Z`); `clock` when absent.
enum TimeOption {
    static func timestamp(_ text: String?, option: String, clock: any WallClock = SystemWallClock()) throws -> Timestamp {
        guard let text else { return clock.now }
        guard let t = Timestamp(rfc3339: text) else {
            throw ValidationError("\(option): malformed timestamp \"\(text)\" (expected RFC 3339, e.g. 2026-11-21T12:00:00Z)")
        }
        return t
    }

    /// `timestamp` rounded down to a whole second: keys, keysets and tables carry whole seconds.
    static func wholeSeconds(_ text: String?, option: String, clock: any WallClock = SystemWallClock()) throws -> Timestamp {
        try timestamp(text, option: option, clock: clock).wholeSeconds
    }
}

struct KeysGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Create DIR/keyset.json (public) and DIR/private/<kid>.jwk (mode 0600) with one new Ed25519 key."
    )

    @Option(name: .long, help: ArgumentHelp("Key directory to create.", valueName: "dir")) var out: String
    @Option(name: .long, help: "Issuer name tables carry in iss.") var issuer = "chargeshare"
    @Option(name: .long, help: ArgumentHelp("Comma-separated site ids the key may sign for, or *.", valueName: "ids")) var sites = "*"
    @Option(name: .customLong("valid-from"), help: ArgumentHelp("First instant the key may sign (default now).", valueName: "time")) var validFrom:
        String?
    @Option(name: .customLong("valid-until"), help: ArgumentHelp("Instant it stops (default: no end).", valueName: "time")) var validUntil: String?

    func run() throws {
        let from = try TimeOption.wholeSeconds(validFrom, option: "--valid-from")
        let until = try validUntil.map { try TimeOption.wholeSeconds($0, option: "--valid-until") }
        let siteList = sites.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !siteList.isEmpty else { throw ValidationError("--sites: give at least one site id, or *") }
        let key = try IO.failingWithExitOne {
            try KeyStore(directory: out).generate(issuer: issuer, sites: siteList, validFrom: from, validUntil: until)
        }
        IO.print("generated key \(key.kid) in \(out) (public keyset: \(out)/keyset.json)")
    }
}

struct KeysRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Add a new key from now on; the old one stops signing now. The new keyset.jws is signed by old and new."
    )

    @Option(name: .long, help: ArgumentHelp("Key directory.", valueName: "dir")) var keys: String
    @Option(name: .long, help: ArgumentHelp("Rotation instant (default now).", valueName: "time")) var now: String?

    func run() throws {
        let at = try TimeOption.wholeSeconds(now, option: "--now")
        let key = try IO.failingWithExitOne { try KeyStore(directory: keys).rotate(now: at) }
        IO.print("rotated: new key \(key.kid); keyset.jws signed by the previous key(s) and the new one")
    }
}

struct KeysRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Publish a keyset without KID, signed by the remaining keys, and delete its private key."
    )

    @Option(name: .long, help: ArgumentHelp("Key directory.", valueName: "dir")) var keys: String
    @Option(name: .long, help: "The kid to revoke.") var kid: String
    @Option(name: .long, help: ArgumentHelp("Revocation instant (default now); a remaining key must be valid then.", valueName: "time")) var now:
        String?

    func run() throws {
        let at = try TimeOption.wholeSeconds(now, option: "--now")
        try IO.failingWithExitOne { try KeyStore(directory: keys).revoke(kid: kid, now: at) }
        IO.print("revoked \(MessageText.quote(kid))")
    }
}

struct KeysAcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "At an edge: adopt a keyset update (keyset.jws) if the trusted keyset vouches for it.",
        discussion: "Exit codes: 0 adopted (written to --out); 3 rejected; 2 unreadable input or bad arguments; 1 write failure."
    )

    @Option(name: .long, help: ArgumentHelp("The keyset the edge trusts now.", valueName: "file")) var keyset: String
    @Option(name: .long, help: ArgumentHelp("The signed update (keyset.jws).", valueName: "file")) var update: String
    @Option(name: .long, help: ArgumentHelp("Where to write the adopted keyset (may be --keyset).", valueName: "file")) var out: String
    @Option(name: .long, help: ArgumentHelp("The edge's current time (default: the system clock).", valueName: "time")) var now: String?

    func run() throws {
        let at = try TimeOption.wholeSeconds(now, option: "--now")
        let trustedBytes = try IO.readOrExit(keyset, what: "keyset")
        let bytes = try IO.readOrExit(update, what: "update")
        let trusted = try IO.failingWithExitOne { try Keyset.read(trustedBytes) }
        do {
            let adopted = try trusted.accepting(update: bytes, now: at)
            try IO.write(try CanonicalJSON.bytes(adopted.json) + [0x0A], to: out)
            IO.print("adopted keyset version \(adopted.version) (\(adopted.keys.map { MessageText.quote($0.kid) }.joined(separator: ", ")))")
        } catch let error as Keyset.Invalid {
            IO.printError("rejected: \(error)")
            throw ExitCode(3)
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
