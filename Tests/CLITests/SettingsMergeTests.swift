import Foundation
import Server
import Sync
import TestSupport
import Testing

@testable import CLI

/// One sync's settings come from the settings file, the environment, the flags and (for `serve`)
/// a job request, stacked in that order.
@Suite struct SettingsMergeTests {
    let file = """
        dhis2:
          url: http://file.example/dhis
          username: file-user
          password: file-password
          token: file-token
        levels: 3
        years: 2020-2021
        product: agesex
        import:
          chunkSize: 700
          decimals: 2
        report: file-report
        """

    @Test func flagsWinOverTheFileAndKeepWhatTheyDoNotSay() throws {
        let config = try temporaryFile("sync.yaml", contents: file)
        let options = try SyncOptions.parse(["--config", config, "--level", "2", "--chunk-size", "90", "--report", "flag-report"])
        let plan = try options.plan(try options.mergedSettings())
        #expect(plan.levels == [2])  // flag
        #expect(plan.importOptions.chunkSize == 90)  // flag
        #expect(plan.reportDirectory == "flag-report")  // flag
        #expect(plan.years == [2020, 2021])  // file
        #expect(plan.product == .agesex)  // file
        #expect(plan.decimals == 2)  // file
    }

    @Test func theEnvironmentWinsOverTheFileForTheConnectionAndFlagsOverBoth() throws {
        let fromFile = ConnectionSettings(
            url: "http://file.example/dhis", token: "file-token", username: "file-user", password: "file-password")
        let environment = ConnectionSettings.environment(["DHIS2_TOKEN": "env-token", "DHIS2_URL": "", "DHIS2_PASSWORD": "env-password"])
        #expect(environment == ConnectionSettings(token: "env-token", password: "env-password"))  // an empty variable is unset
        let merged = fromFile.overriding(environment)
        #expect(
            merged
                == ConnectionSettings(url: "http://file.example/dhis", token: "env-token", username: "file-user", password: "env-password"))
        let flagged = merged.overriding(ConnectionSettings(url: "http://flag.example", timeout: 5))
        #expect(flagged.url == "http://flag.example" && flagged.token == "env-token" && flagged.timeout == 5)
        let client = try flagged.client()
        #expect(client.connection.baseURL.absoluteString == "http://flag.example")
        guard case .token(let token) = client.connection.credentials else {
            Issue.record("a token was given, so the client must use it: \(client.connection)")
            return
        }
        #expect(token == "env-token")
    }

    @Test func aJobRequestWinsOverTheServersFile() throws {
        let config = try temporaryFile("sync.yaml", contents: file)
        let settings = try SettingsFile.load(config)
        let request = JobRequest(kind: .preview, years: "2025", levels: "2,3", product: "total", dryRun: true)
        let plan = try request.plan(over: settings, reportDirectory: "/tmp/job-7", command: "serve")
        #expect(plan.years == [2025] && plan.levels == [2, 3] && plan.product == .total && plan.dryRun)
        #expect(plan.reportDirectory == "/tmp/job-7")
        #expect(plan.importOptions.chunkSize == 700)  // the file's: a request cannot say it
        let empty = try JobRequest(kind: .preview).plan(over: settings, reportDirectory: "/tmp/job-8", command: "serve")
        #expect(empty.years == [2020, 2021] && empty.levels == [3] && empty.product == .agesex && !empty.dryRun)
        let bad = #expect(throws: JobError.self) {
            try JobRequest(kind: .preview, product: "people").plan(over: settings, reportDirectory: "x", command: "serve")
        }
        #expect(bad?.description == "product 'people' is total, agesex or age")
    }

    /// `within` is a DHIS2 UID; empty is the same as absent (all the config's units), as
    /// openapi.yaml says (a fuzzer found the document saying otherwise).
    @Test func withinIsAUIDOrEmpty() throws {
        let settings = try SettingsFile.load(try temporaryFile("sync.yaml", contents: file))
        func plan(within: String?) throws -> SyncPlan {
            var request = JobRequest(kind: .preview)
            request.within = within
            return try request.plan(over: settings, reportDirectory: "/tmp/job-9", command: "serve")
        }
        #expect(try plan(within: "ImspTQPwCqd").within == "ImspTQPwCqd")
        #expect(try plan(within: "").within == nil)
        #expect(try plan(within: nil).within == nil)
        let bad = #expect(throws: JobError.self) { try plan(within: "ImspTQPwCq") }
        #expect(bad?.description == "within 'ImspTQPwCq' is not a DHIS2 UID (11 letters and digits, the first a letter)")
    }

    @Test func closedSetsAreEnumsOnTheCommandLine() throws {
        #expect(try SyncOptions.parse(["--band-order", "fm"]).settings.rasters.bandOrder == .fm)
        #expect(throws: (any Error).self) { try SyncOptions.parse(["--band-order", "female-first"]) }
    }
}
