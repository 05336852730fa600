import Audit
import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import GDALBinding
import Geometry
import TestSupport
import Testing
import Zonal

@testable import Sync

let arubaRaster = samplePath("abw_ppp_2020_UNadj_constrained.tif")

/// The sample districts as a DHIS2 hierarchy: Aruba (level 1, the raster's extent), its seven
/// districts (level 2), a district without a boundary, and a clinic (a Point).
func arubaUnits() throws -> [OrgUnit] {
    let grid = try GeoTIFF(path: arubaRaster).grid
    let zones = try GeoJSONReader.zones(at: repoRoot.appendingPathComponent("Samples/aruba-districts.geojson").path).zones
    var units = SampleHierarchy.fromZones(
        zones, rootName: "Aruba", extent: BoundingBox(minX: grid.minX, minY: grid.minY, maxX: grid.maxX, maxY: grid.maxY),
        withoutGeometry: ["Unmapped district"])
    let d01 = unit("D01")
    units.append(
        OrgUnit(
            id: "ClinicAru01", name: "Clinic", level: 3, path: "/\(units[0].id)/\(d01)/ClinicAru01", parentID: d01,
            geometry: .point(Position(-70.03, 12.55))))
    return units
}

func unit(_ zoneID: String) -> String { SampleHierarchy.unitID(zoneID) }

struct Harness {
    var standIn: DHIS2StandIn
    var client: DHIS2Client
    var audit: AuditLog
    var dir: String

    func plan(dryRun: Bool = false) -> SyncPlan {
        var p = SyncPlan(
            levels: [2], product: .total, rasters: .files([YearInputs(year: 2020, total: BandFile(path: arubaRaster))]),
            reportDirectory: dir + "/report",
            credit: "WorldPop (www.worldpop.org), Aruba 2020 UN-adjusted constrained 100 m, CC BY 4.0",
            command: "sync (test)")
        p.dryRun = dryRun
        return p
    }

    var runner: SyncRunner { SyncRunner(client: client, audit: audit, engine: .geoTIFF(workers: 2)) }
}

func withHarness(_ options: DHIS2StandIn.Options = .init(), _ body: (Harness) async throws -> Void) async throws {
    try await DHIS2StandIn.running(options, units: try arubaUnits()) { standIn, client in
        let dir = temporaryDirectory().path
        try await body(Harness(standIn: standIn, client: client, audit: try AuditLog(path: dir + "/audit.sqlite"), dir: dir))
    }
}

/// Our own zonal sums of the sample districts, rounded as sent.
func expectedTotals() throws -> [String: String] {
    let zones = try GeoJSONReader.zones(at: repoRoot.appendingPathComponent("Samples/aruba-districts.geojson").path).zones
    let table = try ZonalTable.compute(zones: zones, rasterPaths: [arubaRaster], engine: .geoTIFF())
    return Dictionary(uniqueKeysWithValues: zip(zones.map { unit($0.id) }, table.statistics.map { DataValue.format($0[0].sum) }))
}

@Suite struct SyncTests {
    @Test func syncStoresOneRoundedValuePerDistrictThenChangesNothingThenUndoes() async throws {
        try await withHarness { h in
            let first = try await h.runner.run(h.plan())
            let expected = try expectedTotals()
            let stored = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.orgUnit, $0.value) }) == expected)
            #expect(first.created.count == 7)
            #expect(first.importResult?.summary.imported == 7)
            #expect(first.mismatches.isEmpty)
            #expect(first.syncedUnits.filter { $0.geometry == nil }.map(\.name) == ["Unmapped district"])
            // Hierarchy: the districts tile Aruba's extent exactly.
            let h1 = try #require(first.hierarchy.first)
            #expect(h1.parentName == "Aruba")
            #expect(abs(h1.relativeDifference) < 1e-9)
            #expect(h1.overlapCells < 1e-6 && h1.gapCells < 1e-6)
            // Report files.
            #expect(first.reportFiles.count == 3)
            let html = try String(contentsOfFile: first.reportFiles[0], encoding: .utf8)
            #expect(html.contains("Enclave (sample)") && html.contains("Unmapped district") && html.contains("CC BY 4.0"))
            #expect(html.components(separatedBy: "<path class=\"area\"").count - 1 == 7)

            let second = try await h.runner.run(h.plan())
            #expect(second.created.isEmpty && second.updated.isEmpty)
            #expect(second.unchanged == 7)
            #expect(second.importResult?.summary.imported == 0)
            #expect(h.standIn.storedValues.count == stored.count)

            let runs = try h.audit.runs()
            #expect(runs.count == 2)
            #expect(runs.allSatisfy { $0.status == .succeeded })
            #expect(try h.audit.inputs(ofRun: first.runID!).first?.sha256.count == 64)

            // Undo the second (it wrote nothing), then the first: DHIS2 is back to empty.
            _ = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: second.runID!, command: "undo")
            let undo = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: first.runID!, command: "undo")
            #expect(undo.deleted.deleted == 7)
            #expect(h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }.isEmpty)
            await #expect(throws: AuditError.self) {
                _ = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: first.runID!, command: "undo")
            }
        }
    }

    @Test func undoRestoresAValueEnteredByHand() async throws {
        try await withHarness { h in
            _ = try await h.client.ensureMetadata(
                PopulationMetadata(ageGroups: PopulationMetadata.r2025AgeGroups, orgUnitIDs: [], credit: "test"))
            h.standIn.store(
                DataValue(
                    dataElement: PopulationMetadata.totalDataElementID, period: "2020", orgUnit: unit("D01"),
                    categoryOptionCombo: "HllvX50cXC0", attributeOptionCombo: "HllvX50cXC0", value: "50000"))
            let run = try await h.runner.run(h.plan())
            #expect(run.updated.count == 1)
            #expect(run.updated.first?.previous == "50000")
            #expect(h.standIn.storedValues.first { $0.orgUnit == unit("D01") }?.value == "49358")
            _ = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: run.runID!, command: "undo")
            let left = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            #expect(left.count == 1)
            #expect(left.first?.value == "50000")
        }
    }

    @Test func undoOfValuesAlreadyPutBackByHandIsASuccessWithAConflictAFailure() async throws {
        try await withHarness { h in
            _ = try await h.client.ensureMetadata(
                PopulationMetadata(ageGroups: PopulationMetadata.r2025AgeGroups, orgUnitIDs: [], credit: "test"))
            let key = DataValue(
                dataElement: PopulationMetadata.totalDataElementID, period: "2020", orgUnit: unit("D01"),
                categoryOptionCombo: "HllvX50cXC0", attributeOptionCombo: "HllvX50cXC0", value: "50000")
            h.standIn.store(key)
            let run = try await h.runner.run(h.plan())
            h.standIn.store(key)  // someone already typed the old figure back
            let undo = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: run.runID!, command: "undo")
            #expect(undo.restored.ignored == 1, "2.41 counts the unchanged restore as ignored")
            #expect(throws: Never.self) { try undo.requireComplete() }
            #expect(try h.audit.run(id: undo.undoRunID)?.status == .succeeded)
            // A refused value is a problem: the org unit left the account's capture scope.
            let second = try await h.runner.run(h.plan())
            var options = h.standIn.options
            options.account.captureScope = [unit("D02")]
            h.standIn.options = options
            let refused = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: second.runID!, command: "undo")
            #expect(!refused.conflicts.isEmpty)
            #expect(throws: SyncError.self) { try refused.requireComplete() }
            #expect(try h.audit.run(id: refused.undoRunID)?.status == .conflicts)
        }
    }

    @Test func dryRunStoresNothingButIsRecorded() async throws {
        try await withHarness { h in
            // On a fresh server only the metadata can be validated.
            let fresh = try await h.runner.run(h.plan(dryRun: true))
            #expect(fresh.importResult?.summary.imported == 0)
            #expect(fresh.notes.contains { $0.text.contains("do not exist in DHIS2 yet") })
            #expect(h.standIn.metadataIDs("dataElements").isEmpty)
            // With the metadata in place, DHIS2 validates every value and stores none.
            _ = try await h.client.ensureMetadata(
                PopulationMetadata(ageGroups: PopulationMetadata.r2025AgeGroups, orgUnitIDs: [], credit: "test"))
            let run = try await h.runner.run(h.plan(dryRun: true))
            #expect(run.importResult?.summary.imported == 7)
            #expect(h.standIn.storedValues.isEmpty)
            #expect(try h.audit.run(id: run.runID!)?.status == .dryRun)
            #expect(try h.audit.values(ofRun: run.runID!).isEmpty)
        }
    }
}

@Suite struct InterruptedImportTests {
    /// The token is revoked after the first chunk: the run fails, but it has recorded every value
    /// it meant to send, so undo brings DHIS2 back to where it was.
    @Test func anImportCutOffHalfWayIsRecordedAndCanBeUndone() async throws {
        try await withHarness { h in
            var plan = h.plan()
            plan.importOptions.chunkSize = 3
            let standIn = h.standIn
            let runner = SyncRunner(client: h.client, audit: h.audit, engine: .geoTIFF(workers: 2)) { label, fraction in
                if label.hasPrefix("importing"), fraction > 0, fraction < 1, standIn.options.token != "revoked" {
                    var o = standIn.options
                    o.token = "revoked"
                    standIn.options = o
                }
            }
            await #expect(throws: DHIS2Error.self) { _ = try await runner.run(plan) }
            let stored = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            #expect(stored.count == 3)
            let run = try #require(try h.audit.runs().first)
            #expect(run.status == .failed)
            #expect(try h.audit.values(ofRun: run.id!).count == 7)
            // Undo with a good token again: the 3 that arrived are deleted, the 4 others were never there.
            var o = standIn.options
            o.token = DHIS2StandIn.Options().token
            standIn.options = o
            let undo = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: run.id!, command: "undo")
            #expect(undo.deleted.deleted == 3)
            #expect(undo.deleted.ignored == 4, "DHIS2 skipped the 4 that never arrived")
            #expect(throws: Never.self) { try undo.requireComplete() }
            #expect(h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }.isEmpty)
            #expect(try h.audit.run(id: undo.undoRunID)?.status == .succeeded)
        }
    }
}
