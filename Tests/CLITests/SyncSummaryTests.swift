import Audit
import Foundation
import Sync
import Testing
import WorldPop

@testable import CLI

/// `sync --json`: the object scripts read, encoded from a type.
@Suite struct SyncSummaryTests {
    @Test func aDryRunSummaryHasTheRunsFigures() async throws {
        let folder = try smallWorldPopFolder()
        let total = folder + "/" + (try WorldPopCatalogue.product("g2-total-100m").files(iso3: "TST", year: 2021)[0].path)
        try await withCLIStandIn { _, connection in
            let dir = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            let options = try SyncOptions.parse(
                [
                    "--level", "2", "--year", "2021", "--raster", total, "--dry-run",
                    "--report", dir + "/report", "--json",
                ] + connection)
            let settings = try options.mergedSettings()
            let audit = try AuditLog(path: ":memory:")
            let runner = SyncRunner(client: try settings.dhis2.client(log: nil), audit: audit)
            let outcome = try await runner.run(try options.plan(settings))
            let text = SyncSummary.json(outcome)
            // One count of the run, whoever reads it: --json, the audit record, the text summary.
            let c = outcome.counts
            #expect(c.computed == 2 && c.new == 2 && c.sent == 2 && c.changed == 0 && c.unchanged == 0)
            let runID = try #require(outcome.runID)
            let record = try #require(try audit.run(id: runID)?.summary)
            let recorded = try #require(try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])
            #expect(recorded["values"] as? Int == c.computed && recorded["created"] as? Int == c.new)
            #expect(recorded["imported"] as? Int == c.imported && recorded["conflicts"] as? Int == c.conflicts)
            #expect(SyncSummary.text(outcome).contains("values: 2 computed, 2 new, 0 changed, 0 unchanged (not sent)"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["run"] as? Int64 == outcome.runID && outcome.runID != nil)
            #expect(object["dryRun"] as? Bool == true && object["stored"] as? Bool == false)
            #expect(object["orgUnits"] as? Int == outcome.syncedUnits.count && outcome.syncedUnits.count > 1)
            #expect(object["values"] as? Int == outcome.values.count && outcome.values.count == 2)
            #expect(
                object["new"] as? Int == 2
                    && object["withoutGeometry"] as? [String] == outcome.syncedUnits.filter { $0.geometry == nil }.map(\.id))
            #expect(object["reports"] as? [String] == outcome.reportFiles)
            #expect(object["repairedBoundaries"] as? [Any] != nil && object["conflicts"] as? [String] == [])
            // Paths print as they are (no escaped slashes).
            #expect(text.contains("\"" + dir + "/report/report.html\""))
        }
    }

    /// The command line prints the notes a person acts on, chosen by their kind, not their wording:
    /// a total-only run does not speak of age/sex option combos it does not use (the report keeps it).
    @Test func aTotalRunPrintsOnlyTheNotesOfItsKinds() async throws {
        let folder = try smallWorldPopFolder()
        let total = folder + "/" + (try WorldPopCatalogue.product("g2-total-100m").files(iso3: "TST", year: 2021)[0].path)
        try await withCLIStandIn { _, connection in
            let dir = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            let options = try SyncOptions.parse(["--level", "2", "--year", "2021", "--raster", total, "--report", dir + "/r"] + connection)
            let settings = try options.mergedSettings()
            let runner = SyncRunner(client: try settings.dhis2.client(log: nil), audit: try AuditLog(path: ":memory:"))
            let outcome = try await runner.run(try options.plan(settings))
            let generated = try #require(outcome.notes.first { $0.kind == .optionCombosGenerated })
            #expect(generated.text.contains("used by --product agesex"))
            let text = SyncSummary.text(outcome)
            #expect(!text.contains("category option combos"))
            let report = try String(contentsOfFile: dir + "/r/report.html", encoding: .utf8)
            #expect(report.contains("used by --product agesex"))
        }
    }

    @Test func aMissingRunIsNullNotLeftOut() throws {
        struct Run: Encodable { var run: Nullable<Int64> }
        let encoder = JSONEncoder()
        #expect(String(decoding: try encoder.encode(Run(run: Nullable(nil))), as: UTF8.self) == #"{"run":null}"#)
        #expect(String(decoding: try encoder.encode(Run(run: Nullable(7))), as: UTF8.self) == #"{"run":7}"#)
    }
}

@Suite struct CommandGroupsTests {
    @Test func helpListsTheMainJobThenTheGroups() throws {
        let help = WorldPopDHIS2.helpMessage()
        let main = try #require(help.range(of: "SUBCOMMANDS:"))
        let data = try #require(help.range(of: "DATA SUBCOMMANDS:"))
        let audit = try #require(help.range(of: "AUDIT SUBCOMMANDS:"))
        let other = try #require(help.range(of: "OTHER SUBCOMMANDS:"))
        #expect(main.lowerBound < data.lowerBound && data.lowerBound < audit.lowerBound && audit.lowerBound < other.lowerBound)
        func names(_ from: Range<String.Index>, _ to: String.Index) -> [String] {
            // "  name   abstract"; wrapped abstracts continue further in.
            help[from.upperBound..<to].split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
                .compactMap { $0.split(separator: " ").first.map(String.init) }
        }
        #expect(names(main, data.lowerBound) == ["sync", "catchments", "access", "serve"])
        #expect(names(data, audit.lowerBound) == ["datasets", "orgunits", "metadata", "boundaries", "zonal"])
        #expect(names(audit, other.lowerBound) == ["history", "undo"])
        #expect(names(other, help.endIndex).prefix(4) == ["app", "doctor", "demo", "bench-facilities"])
        // A grouped subcommand parses as before.
        #expect(try WorldPopDHIS2.parseAsRoot(["datasets"]) is DatasetsCommand)
    }
}
