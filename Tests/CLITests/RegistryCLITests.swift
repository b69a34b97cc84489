import Foundation
import Testing

@Suite("Registry CLI: import, idempotent, with paths and exit codes")
struct RegistryCLITests {
    static func temporary() -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("chargeshare-registry-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func importTwiceChangesNothingTheSecondTime() throws {
        let db = Self.temporary() + "/engine.sqlite"
        let args = ["registry", "import", "--db", db, "--file", "Datasets/examples/registry.json", "--json"]
        let first = try CLITests.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout
                == "registry: 1 feeder(s), 6 site(s), 6 charger(s): 13 inserted, 0 updated, 0 unchanged\n{\"inserted\":13,\"updated\":0,\"unchanged\":0}\n"
        )
        let second = try CLITests.run(args)
        #expect(second.stdout.hasSuffix("{\"inserted\":0,\"updated\":0,\"unchanged\":13}\n"))
    }

    @Test func invalidRegistryExitsTwoWithPathsAndWritesNothing() throws {
        let db = Self.temporary() + "/engine.sqlite"
        let bad = """
            {"feeders": [{"id": "F"}], "sites": [{"id": "S", "feederId": "G"}],
             "chargers": [{"id": "C", "siteId": "S", "evseId": 1, "maxChargeKw": 7.4}]}
            """
        let r = try CLITests.run(["registry", "import", "--db", db, "--file", "-"], stdin: bad)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "chargers[0].stationId: is required\n")
        let fixed = bad.replacingOccurrences(of: "\"evseId\": 1,", with: "\"evseId\": 1, \"stationId\": \"CS\",")
        let again = try CLITests.run(["registry", "import", "--db", db, "--file", "-"], stdin: fixed)
        #expect(again.status == 2)
        #expect(again.stderr == "sites[0].feederId: unknown feeder \"G\" (not in this file or the store)\n")
        let stored = try CLITests.run(["registry", "import", "--db", db, "--file", "-", "--json"], stdin: "{}")
        #expect(stored.stdout.hasSuffix("{\"inserted\":0,\"updated\":0,\"unchanged\":0}\n"), "nothing was written before")
    }

    @Test func unusableDatabaseExitsOneAndAMissingFileTwo() throws {
        let dir = Self.temporary()
        let notADatabase = dir + "/text.sqlite"
        try Data(String(repeating: "not a database ", count: 20).utf8).write(to: URL(fileURLWithPath: notADatabase))
        let r = try CLITests.run(["registry", "import", "--db", notADatabase, "--file", "Datasets/examples/registry.json"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: cannot open the database \"\(notADatabase)\": "), "\(r.stderr)")
        let missing = try CLITests.run(["registry", "import", "--db", dir + "/e.sqlite", "--file", dir + "/none.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: cannot read registry \"\(dir)/none.json\": no such file\n")
    }
}
