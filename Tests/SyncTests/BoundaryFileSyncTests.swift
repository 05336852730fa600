import Audit
import DHIS2
import DHIS2StandIn
import Foundation
import Geometry
import TestSupport
import Testing
import Zonal

@testable import Sync

/// `--boundaries FILE`: boundaries from any vector format GDAL reads, for org units DHIS2 has
/// without geometry, matched by UID, code or name.
@Suite struct BoundaryFileSyncTests {
    /// Runs GDAL's ogr2ogr (gdal-bin, installed with GDAL by `make deps`).
    func ogr2ogr(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
        p.arguments = arguments
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "ogr2ogr \(arguments)")
    }

    /// The Aruba units as a DHIS2 without boundaries holds them.
    func arubaWithoutGeometry() throws -> [OrgUnit] {
        try arubaUnits().map { u in
            var unit = u
            if unit.level == 2 { unit.geometry = nil }
            return unit
        }
    }

    func run(_ units: [OrgUnit], raster: String, boundaries: BoundarySource) async throws -> (SyncOutcome, DHIS2StandIn) {
        let standIn = DHIS2StandIn()
        standIn.add(orgUnits: units)
        let url = try await standIn.start()
        let dir = temporaryDirectory().path
        let client = DHIS2Client(connection: DHIS2Connection(baseURL: url, credentials: .token(standIn.options.token!)), retry: .fast)
        var plan = SyncPlan(
            levels: [2], product: .total, rasters: .files([YearInputs(year: 2020, total: BandFile(path: raster))]),
            reportDirectory: dir + "/report", credit: "test", command: "sync (test)")
        plan.boundaries = boundaries
        let outcome = try await SyncRunner(
            client: client, audit: try AuditLog(path: dir + "/audit.sqlite"), engine: .geoTIFF(workers: 2)
        ).run(plan)
        await standIn.stop()
        return (outcome, standIn)
    }

    @Test func aReprojectedGeoPackageMatchedByCode() async throws {
        let dir = temporaryDirectory().path
        let gpkg = dir + "/districts.gpkg"
        try ogr2ogr(["-f", "GPKG", "-t_srs", "EPSG:3857", gpkg, repoRoot.appendingPathComponent("Samples/aruba-districts.geojson").path])
        let (outcome, standIn) = try await run(
            try arubaWithoutGeometry(), raster: arubaRaster, boundaries: BoundarySource(path: gpkg, key: .code))
        try outcome.requireComplete()
        let stored = Dictionary(uniqueKeysWithValues: standIn.storedValues.map { ($0.orgUnit, $0.value) })
        let expected = try expectedTotals()
        #expect(stored.count == 7)
        for (unit, value) in expected {
            // Reprojection there and back moves vertices by ~1e-9°: the rounded counts agree within 1.
            #expect(abs(Double(stored[unit] ?? "0")! - Double(value)!) <= 1, "\(unit)")
        }
        let match = try #require(outcome.boundaryMatch)
        #expect(match.matched.count == 7)
        #expect(match.reprojectedFrom?.contains("3857") == true)
        #expect(match.unitsWithoutBoundary.map(\.name) == ["Unmapped district"])
        #expect(outcome.notes.contains { $0.text.contains("reprojected from") })
    }

    @Test func aZippedShapefileMatchedByName() async throws {
        let dir = temporaryDirectory().path
        let zip = dir + "/districts.zip"
        try ogr2ogr([
            "-f", "ESRI Shapefile", dir + "/districts.shp", repoRoot.appendingPathComponent("Samples/aruba-districts.geojson").path,
        ])
        let zipper = Process()
        zipper.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        zipper.arguments = ["-m", "zipfile", "-c", zip] + ["shp", "shx", "dbf", "prj"].map { dir + "/districts.\($0)" }
        try zipper.run()
        zipper.waitUntilExit()
        let (outcome, standIn) = try await run(
            try arubaWithoutGeometry(), raster: arubaRaster, boundaries: BoundarySource(path: zip, key: .name))
        try outcome.requireComplete()
        let stored = Dictionary(uniqueKeysWithValues: standIn.storedValues.map { ($0.orgUnit, $0.value) })
        let expected = try expectedTotals()
        #expect(stored == expected, "same shapes, same sums")
        #expect(outcome.boundaryMatch?.reprojectedFrom == nil)
    }

    /// DR Congo's health zones (property DOTNAME, "AFRO:DRCONGO:HAUT_KATANGA:KAMPEMBA") against
    /// org units named as a DHIS2 instance names them.
    @Test func congoHealthZonesMatchedByNameWrittenDifferently() async throws {
        let cod = repoRoot.appendingPathComponent("Tests/Fixtures/cod")
        let zonesPath = cod.appendingPathComponent("cod_lev02_zones_test.geojson").path
        let raster = cod.appendingPathComponent("cod_2012_1km_aggregated_unadj_test.tif").path
        let root = "HautKatanga"
        func unit(_ name: String) -> OrgUnit {
            let id = UID.deterministic("cod/\(name)")
            return OrgUnit(id: id, name: name, level: 2, path: "/\(root)/\(id)", parentID: root, geometry: nil)
        }
        let names = [
            "hk Kamalondo Zone de Santé", "ZS Kampemba", "Katuba", "KÉNYA", "hk Kipushi Zone de Santé", "Zone de santé de Kisanga",
            "kowe", "Lubumbashi", "ZS Mumbunda", "Tshamilemba", "hk Ruashi Zone de Santé",
        ]
        let units = [OrgUnit(id: root, name: "Haut-Katanga", level: 1, path: "/\(root)", parentID: nil, geometry: nil)] + names.map(unit)
        let (outcome, standIn) = try await run(units, raster: raster, boundaries: .parse(matchBy: "DOTNAME", field: nil, path: zonesPath))
        let match = try #require(outcome.boundaryMatch)
        #expect(match.matched.count == 10)
        #expect(match.unitsWithoutBoundary.map(\.name) == ["hk Ruashi Zone de Santé"])
        #expect(match.boundariesWithoutUnit.count == 1, "the file's 11th zone has no unit: \(match.boundariesWithoutUnit)")
        #expect(match.ambiguous.isEmpty)
        #expect(match.matched.first { $0.unit.name == "KÉNYA" }?.feature.hasSuffix(":KENYA") == true)
        // The values are the zonal sums of the matched health zones.
        let zones = try GeoJSONReader.zones(at: zonesPath, idField: "DOTNAME").zones
        let table = try ZonalTable.compute(zones: zones, rasterPaths: [raster], engine: .geoTIFF())
        let sums = Dictionary(uniqueKeysWithValues: zip(zones.map(\.id), table.statistics.map { $0[0].sum }))
        let stored = Dictionary(uniqueKeysWithValues: standIn.storedValues.map { ($0.orgUnit, $0.value) })
        for (u, feature) in match.matched {
            let dotname = String(feature.dropFirst("DOTNAME=".count))
            #expect(stored[u.id] == DataValue.format(sums[dotname]!), "\(u.name)")
        }
        let html = try String(contentsOfFile: outcome.reportFiles[0], encoding: .utf8)
        #expect(html.contains("Boundary file: not matched") && html.contains("hk Ruashi Zone de Santé"))
    }

    @Test func aFileWithoutTheKeyPropertyIsNamed() async throws {
        let dir = temporaryDirectory().path
        let gpkg = dir + "/districts.gpkg"
        try ogr2ogr(["-f", "GPKG", gpkg, repoRoot.appendingPathComponent("Samples/aruba-districts.geojson").path])
        await #expect {
            _ = try await run(
                try arubaWithoutGeometry(), raster: arubaRaster, boundaries: BoundarySource(path: gpkg, key: .uid, field: "ou_uid"))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("has no property ou_uid") && text.contains("code, id, name") && text.contains("--boundary-field")
        }
    }

    @Test(arguments: ["2.41.1", "2.43.1"])
    func boundariesImportDryRunsWritesOnlyMissingAuditsAndUndoes(version: String) async throws {
        var units = try arubaWithoutGeometry()
        let original = try arubaUnits()
        let d02 = unit("D02")
        // One unit already has a boundary (DHIS2's own, here a different one): kept unless --replace.
        let square = OrgUnit.Geometry.area(
            MultiPolygon([
                Polygon(exterior: [
                    Position(-70, 12.5), Position(-69.99, 12.5), Position(-69.99, 12.51), Position(-70, 12.51), Position(-70, 12.5),
                ])
            ]))
        units = units.map { u in
            var x = u
            if x.id == d02 { x.geometry = square }
            return x
        }
        let standIn = DHIS2StandIn(options: .init(version: version))
        standIn.add(orgUnits: units)
        _ = try await standIn.start()
        let dir = temporaryDirectory().path
        let client = DHIS2Client(
            connection: DHIS2Connection(baseURL: standIn.baseURL!, credentials: .token(standIn.options.token!)), retry: .fast)
        let audit = try AuditLog(path: dir + "/audit.sqlite")
        let importer = BoundaryImport(client: client, audit: audit)
        let file = BoundarySource(path: repoRoot.appendingPathComponent("Samples/aruba-districts.geojson").path, key: .code)
        let before = Dictionary(uniqueKeysWithValues: units.map { ($0.id, standIn.geometry(of: $0.id)) })

        let dry = try await importer.run(file, levels: [2], dryRun: true, command: "boundaries import (test)")
        #expect(dry.written.count == 6 && dry.kept.map(\.id) == [d02])
        #expect(units.allSatisfy { standIn.geometry(of: $0.id) == before[$0.id]! }, "a dry run writes nothing")
        #expect(try audit.run(id: dry.runID)?.status == .dryRun)

        let done = try await importer.run(file, levels: [2], command: "boundaries import (test)")
        #expect(done.written.count == 6)
        #expect(try audit.values(ofRun: done.runID).count == 6)
        let read = try await client.organisationUnits(OrgUnitSelection(levels: [2]))
        for u in original where u.level == 2 && u.id != d02 {
            #expect(read.unit(u.id)?.geometry == u.geometry, "\(u.name): the file's boundary, now in DHIS2")
        }
        #expect(read.unit(d02)?.geometry == square)

        let replaced = try await importer.run(file, levels: [2], replace: true, command: "boundaries import --replace (test)")
        #expect(replaced.written.count == 7)
        #expect(
            try await client.organisationUnits(OrgUnitSelection(levels: [2])).unit(d02)?.geometry
                == original.first { $0.id == d02 }?.geometry)

        // Undo, newest first: DHIS2's own boundary of D02 comes back, then the six go away.
        _ = try await UndoRunner(client: client, audit: audit).undo(runID: replaced.runID, command: "undo")
        #expect(try await client.organisationUnits(OrgUnitSelection(levels: [2])).unit(d02)?.geometry == square)
        _ = try await UndoRunner(client: client, audit: audit).undo(runID: done.runID, command: "undo")
        #expect(units.allSatisfy { standIn.geometry(of: $0.id) == before[$0.id]! }, "back to what DHIS2 had")

        // Without the authority to edit org units, DHIS2 refuses it whole.
        var options = standIn.options
        options.account = .integration()
        standIn.options = options
        await #expect {
            _ = try await importer.run(file, levels: [2], command: "boundaries import (test)")
        } throws: { String(describing: $0).contains("E3001") }
        await standIn.stop()
    }
}
