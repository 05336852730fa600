import ArgumentParser
import Audit
import DHIS2
import DHIS2StandIn
import Foundation
import GDALBinding
import Geometry
import Sync
import WorldPop

/// `worldpop-dhis2 demo`: the whole job offline, into a DHIS2 stand-in started for the occasion.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run sync end to end on the bundled sample, offline, into an in-process DHIS2 stand-in.",
        discussion:
            "Starts a local DHIS2 stand-in on 127.0.0.1 seeded with the sample districts as org units, syncs the 2020 population "
            + "into it twice (the second run changes nothing), and writes the report."
    )

    @Option(name: .long, help: ArgumentHelp("Population raster.", valueName: "file"))
    var raster = "Samples/abw_ppp_2020_UNadj_constrained.tif"

    @Option(name: .long, help: ArgumentHelp("Boundaries to load as level-2 org units.", valueName: "file"))
    var zones = "Samples/aruba-districts.geojson"

    @Option(name: .long, help: ArgumentHelp("Folder for the report, values and audit log.", valueName: "dir"))
    var output = "out/demo"

    func run() async throws {
        let grid = try GeoTIFF(path: raster).grid
        let collection = try GeoJSONReader.zones(at: zones)
        let standIn = DHIS2StandIn()
        // The release ministries install today, with its import rules (the stand-in models 2.38 to 2.44).
        standIn.options.version = "2.43.1"
        standIn.add(
            orgUnits: SampleHierarchy.fromZones(
                collection.zones, rootName: "Aruba (sample)",
                extent: BoundingBox(minX: grid.minX, minY: grid.minY, maxX: grid.maxX, maxY: grid.maxY),
                withoutGeometry: ["District without a boundary (sample)"]))
        let url = try await standIn.start()
        do {
            try await demo(standIn, url)
        } catch {
            await standIn.stop()
            throw error
        }
        await standIn.stop()
    }

    private func demo(_ standIn: DHIS2StandIn, _ url: URL) async throws {
        print("DHIS2 stand-in running at \(url) with the sample districts as org units")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let auditPath = (output as NSString).appendingPathComponent("audit.sqlite")
        try? FileManager.default.removeItem(atPath: auditPath)
        let audit = try AuditLog(path: auditPath)
        let client = DHIS2Client(connection: DHIS2Connection(baseURL: url, credentials: .token(standIn.options.token!)))
        let progress = ProgressLine(enabled: true)
        let runner = SyncRunner(client: client, audit: audit, user: "demo") { progress.update($0, $1) }
        var settings = try SyncSettings.sample(raster: raster, in: URL(fileURLWithPath: output))
        print("WorldPop folder (offline): \(settings.worldpop.folder ?? "") with \(settings.worldpop.product ?? "") for ABW 2020")
        settings.report = output
        settings.outputValues = (output as NSString).appendingPathComponent("values.csv")
        let command = "worldpop-dhis2 demo"
        let plan = try settings.plan(command: command)
        let first = try await runner.run(plan)
        progress.finish()
        print(SyncSummary.text(first))
        settings.report = (output as NSString).appendingPathComponent("second-run")
        settings.outputValues = nil
        let second = try await runner.run(try settings.plan(command: command))
        progress.finish()
        print(
            "Second run: \(second.created.count) new, \(second.updated.count) changed, \(second.unchanged) unchanged — nothing to send.")
        print(
            "Values stored in the stand-in: \(standIn.storedValues.count); audit log: \(auditPath); values file: \(output)/values.csv")
        print("Open \(first.reportFiles[0]) in a browser.")
    }
}
