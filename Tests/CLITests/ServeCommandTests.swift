import DHIS2StandIn
import Foundation
import Server
import Sync
import TestSupport
import Testing

@testable import CLI

/// `serve`'s flags: what is refused before anything starts, and a port in use.
@Suite struct ServeOptionTests {
    func config() throws -> String {
        let dir = temporaryDirectory()
        var settings = try SyncSettings.sample(raster: sample("abw_ppp_2020_UNadj_constrained.tif"), in: dir)
        settings.dhis2.url = "http://127.0.0.1:9"
        settings.dhis2.token = "t"
        try settings.write(to: dir.appendingPathComponent("sync.yaml"))
        return dir.appendingPathComponent("sync.yaml").path
    }

    @Test func emptyAndShortAccessKeysAreRefused() throws {
        let config = try config()
        for key in ["", "short", "fifteen-chars15"] {
            let error = #expect(throws: (any Error).self) { try ServeCommand.parse(["--config", config, "--access-key", key]) }
            let message = WorldPopDHIS2.message(for: error!)
            #expect(message.contains("--access-key has \(key.count) characters"), "\(message)")
            #expect(message.contains("at least 16"))
            #expect(WorldPopDHIS2.exitStatus(for: error!).rawValue == 64)
        }
        // The environment follows the same rule; empty counts as unset.
        let command = try ServeCommand.parse(["--config", config])
        #expect(throws: (any Error).self) { try command.accessKey(environment: ["WORLDPOP_DHIS2_ACCESS_KEY": "short"]) }
        #expect(try command.accessKey(environment: ["WORLDPOP_DHIS2_ACCESS_KEY": ""]) == nil)
        #expect(try command.accessKey(environment: ["WORLDPOP_DHIS2_ACCESS_KEY": "0123456789abcdef"]) == "0123456789abcdef")
        #expect(
            try ServeCommand.parse(["--config", config, "--access-key", "0123456789abcdef"]).accessKey(environment: [:])
                == "0123456789abcdef")
        // Beyond loopback without a key: a usage error too.
        let open = #expect(throws: (any Error).self) { try ServeCommand.parse(["--config", config, "--host", "0.0.0.0"]) }
        #expect(WorldPopDHIS2.message(for: open!).contains("set an access key"))
        #expect(WorldPopDHIS2.exitStatus(for: open!).rawValue == 64)
    }

    @Test(.timeLimit(.minutes(HangGuard.minutes))) func aPortInUseEndsServeWithAMessageAndExit1() async throws {
        // A port someone else listens on: a DHIS2 stand-in's.
        let standIn = DHIS2StandIn()
        let port = try await standIn.start().port!
        let config = try config()
        let command = try ServeCommand.parse([
            "--config", config, "--port", String(port), "--access-key", "test-key-0123456789",
            "--work-dir", temporaryDirectory().path, "--audit", temporaryDirectory().appendingPathComponent("a.sqlite").path,
        ])
        // Before: the bind error was lost and serve waited forever, silently.
        let error = await #expect(throws: (any Error).self) { try await command.run() }
        await standIn.stop()
        let message = WorldPopDHIS2.message(for: error!)
        #expect(message.contains("port \(port) is in use"), "\(message)")
        #expect(WorldPopDHIS2.exitStatus(for: error!).rawValue == 1)
    }

    /// The settings file read back is the settings written (the sample's config for serve).
    @Test func aSettingsFileWrittenIsReadBackAsItWas() throws {
        let settings = try SettingsFile.load(try config())
        #expect(settings.levels == [2] && settings.years == [2020] && settings.product == .total)
        #expect(settings.worldpop.product == "g1-constrained-2020-100m" && settings.worldpop.offline == true)
        #expect(settings.dhis2.url == "http://127.0.0.1:9" && settings.dhis2.token == "t")
        let plan = try settings.plan(command: "test")
        #expect(plan.worldPop?.product.id == "g1-constrained-2020-100m" && plan.years == [2020])
    }
}
