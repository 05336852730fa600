import Audit
import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Denominators
import Foundation
import GDALTesting
import Geometry
import Grid
import TestSupport
import Testing

@testable import Sync

/// Benchmark data from bench/make_data.py, made by `make check-bench` (CI does it first).
let benchData: String = {
    let env = ProcessInfo.processInfo.environment["ZONAL_BENCH_DATA"] ?? ""
    return env.isEmpty ? repoRoot.appendingPathComponent("bench-data").path : env
}()
let haveBenchData = FileManager.default.fileExists(atPath: benchData + "/exactextract_pop_tiled_deflate.csv")

/// R2025A-style bands: ages 0, 1-4, 5-9 … 90+, males then females (make_data.py's order).
let r2025Bands: [AgeSexBand] = {
    let ages = AgeSexBand.standard(ageStarts: [0, 1] + Array(stride(from: 5, through: 90, by: 5))).filter { $0.sex == .female }.map(\.age)
    return [Sex.male, .female].flatMap { sex in ages.map { AgeSexBand(sex: sex, age: $0) } }
}()

/// Synthland: x 0…4, y 0…3 cut into `columns` × `rows` rectangular districts under one root
/// (by default 12 districts of 1° × 1°).
func synthland(columns: Int = 4, rows: Int = 3) -> (zones: [Zone], units: [OrgUnit]) {
    let w = 4.0 / Double(columns)
    let h = 3.0 / Double(rows)
    let zones = (0..<(columns * rows)).map { i -> Zone in
        let x = Double(i % columns) * w
        let y = Double(i / columns) * h
        return Zone(
            id: "z\(i)", name: "District \(i)",
            geometry: MultiPolygon([
                Polygon(exterior: [Position(x, y), Position(x + w, y), Position(x + w, y + h), Position(x, y + h), Position(x, y)])
            ]))
    }
    return (zones, SampleHierarchy.fromZones(zones, rootName: "Synthland", extent: BoundingBox(minX: 0, minY: 0, maxX: 4, maxY: 3)))
}

func ageSexInputs(year: Int, total: String, stack: String) -> YearInputs {
    YearInputs(
        year: year, total: BandFile(path: total),
        bands: Dictionary(uniqueKeysWithValues: r2025Bands.enumerated().map { ($1, BandFile(path: stack, band: $0 + 1)) }))
}

func withStandIn(
    _ options: DHIS2StandIn.Options = .init(), units: [OrgUnit], _ body: (DHIS2StandIn, DHIS2Client, String) async throws -> Void
) async throws {
    try await DHIS2StandIn.running(options, units: units) { try await body($0, $1, temporaryDirectory().path) }
}

@Suite struct AgeSexSyncTests {
    /// A small synthetic country: 40 bands of random people, a total raster 0.2 % above their sum
    /// (WorldPop's layers are fitted separately), 12 districts.
    @Test func fortyBandsTotalsAndGroupsPerOrgUnit() async throws {
        let dir = temporaryDirectory().path
        let grid = RasterGrid(
            width: 120, height: 90, transform: GeoTransform(originX: 0, originY: 3, pixelWidth: 4.0 / 120, pixelHeight: 3.0 / 90))
        var rng = SeededRandom(state: 40)
        let bands = (0..<40).map { _ in (0..<(120 * 90)).map { _ in Float.random(in: 0...5, using: &rng) } }
        let total = (0..<(120 * 90)).map { i in Float(bands.reduce(0.0) { $0 + Double($1[i]) } * 1.002) }
        try GeoTIFFWriter.write(path: dir + "/agesex.tif", grid: grid, bands: bands, noData: -99999)
        try GeoTIFFWriter.write(path: dir + "/total.tif", grid: grid, bands: [total], noData: -99999)
        let (zones, units) = synthland()
        try await withStandIn(units: units) { standIn, client, out in
            var plan = SyncPlan(
                levels: [2], product: .agesex,
                rasters: .files([ageSexInputs(year: 2025, total: dir + "/total.tif", stack: dir + "/agesex.tif")]),
                reportDirectory: out, credit: "synthetic", command: "test")
            plan.valuesFile = out + "/values.adx.xml"
            let run = try await SyncRunner(client: client, audit: try .init(path: ":memory:")).run(plan)
            #expect(run.values.count == 12 * (1 + 40 + DerivedGroup.standard.count))
            #expect(run.importResult?.summary.imported == run.values.count)
            let stored = standIn.storedValues
            for zone in zones {
                let id = SampleHierarchy.unitID(zone.id)
                let mine = stored.filter { $0.orgUnit == id }
                let byBand = mine.filter { $0.dataElement == PopulationMetadata.ageSexDataElementID }
                #expect(byBand.count == 40)
                let bandSum = byBand.reduce(0.0) { $0 + Double($1.value)! }
                let totalValue = Double(mine.first { $0.dataElement == PopulationMetadata.totalDataElementID }!.value)!
                // Bands are rounded together: they add up to the stored population exactly.
                #expect(bandSum == totalValue)
                let e = try #require(run.table.estimates[id]?[2025])
                #expect(abs(totalValue - e.bandTotal) <= 0.5)
                // Under-5 is the four bands 0 and 1-4 of both sexes, as stored.
                let u5 = try #require(
                    mine.first { $0.dataElement == PopulationMetadata.groupDataElementID("u5") }.flatMap { Double($0.value) })
                let u5COCs = Set(r2025Bands.filter { ($0.age.upper ?? 99) <= 5 }.compactMap { run.valuesCOC(for: $0) })
                #expect(u5COCs.count == 4)
                #expect(u5 == byBand.filter { u5COCs.contains($0.categoryOptionCombo) }.reduce(0.0) { $0 + Double($1.value)! })
            }
            #expect(run.bandTotalDifferences.allSatisfy { abs($0.difference + 0.002 / 1.002) < 1e-4 })
            let adx = try String(contentsOfFile: out + "/values.adx.xml", encoding: .utf8)
            #expect(adx.contains("WP_AGE=\"WP_AGE_90PLUS\""))
        }
    }

    @Test(.enabled(if: haveBenchData, "needs bench-data/ from `make check-bench`"))
    func benchmarkGridTotalsEqualExactExtractAndFortyBandsAddUp() async throws {
        let zones = try GeoJSONReader.zones(at: benchData + "/zones.geojson", idField: "id").zones
        #expect(zones.count == 150)
        let units = SampleHierarchy.fromZones(
            zones, rootName: "Benchland", extent: BoundingBox(minX: -13.4, minY: 10.1 - 3.8, maxX: -8.4, maxY: 10.1))
        // exactextract's sums (scripts/exactextract_run.py), id → sum.
        let reference = try String(contentsOfFile: benchData + "/exactextract_pop_tiled_deflate.csv", encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().reduce(into: [String: Double]()) { d, line in
                let c = line.split(separator: ",")
                d[SampleHierarchy.unitID(String(c[0]))] = Double(c[1])!
            }
        try await withStandIn(units: units) { standIn, client, out in
            let audit = try AuditLogInMemory.make()
            let runner = SyncRunner(client: client, audit: audit)
            let plan = SyncPlan(
                levels: [2], product: .total,
                rasters: .files([YearInputs(year: 2020, total: BandFile(path: benchData + "/pop_tiled_deflate.tif"))]),
                reportDirectory: out, credit: "synthetic benchmark", command: "test")
            let first = try await runner.run(plan)
            #expect(first.importResult?.summary.imported == 150)
            let stored = standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            #expect(stored.count == 150)
            #expect(reference.count == 150)
            for v in stored {
                let expected = try #require(reference[v.orgUnit], "\(v.orgUnit) has no exactextract sum")
                #expect(abs((Double(v.value) ?? -1) - expected) <= 0.5 + 1e-6, "\(v.orgUnit)")
            }
            let second = try await runner.run(plan)
            #expect(second.created.isEmpty && second.updated.isEmpty && second.unchanged == 150)
            _ = try await UndoRunner(client: client, audit: audit).undo(runID: second.runID!, command: "undo")
            _ = try await UndoRunner(client: client, audit: audit).undo(runID: first.runID!, command: "undo")
            #expect(standIn.storedValues.isEmpty)

            let agesex = SyncPlan(
                levels: [2], product: .agesex,
                rasters: .files([
                    ageSexInputs(year: 2020, total: benchData + "/pop_tiled_deflate.tif", stack: benchData + "/agesex_40band.tif")
                ]),
                reportDirectory: out + "/agesex", credit: "synthetic benchmark", command: "test")
            let run = try await runner.run(agesex)
            #expect(run.importResult?.hasProblems == false)
            // The band sums against the total raster: within 0.5 % but for the two smallest
            // units (22 and 181 people), where the generator's noise per band dominates.
            let populated = run.syncedUnits.filter { (run.table.estimates[$0.id]?[2020]?.total ?? 0) > 0 }.count
            #expect(populated > 100)
            #expect(run.bandTotalDifferences.count == populated)
            #expect(run.bandTotalDifferences.filter { abs($0.difference) > 0.005 }.count <= 2)
            let byUnit = Dictionary(grouping: standIn.storedValues, by: \.orgUnit)
            #expect(byUnit.count == 150)
            for (unit, values) in byUnit {
                let bands = values.filter { $0.dataElement == PopulationMetadata.ageSexDataElementID }
                #expect(bands.count == 40)
                let sum = bands.reduce(0.0) { $0 + Double($1.value)! }
                let total = try #require(
                    values.first { $0.dataElement == PopulationMetadata.totalDataElementID }.flatMap { Double($0.value) },
                    "\(unit) has no total")
                #expect(sum == total, "\(unit): bands \(sum) vs total \(total)")
            }
        }
    }
}

extension SyncOutcome {
    /// The category option combo the age/sex values of `band` were sent with.
    func valuesCOC(for band: AgeSexBand) -> String? {
        metadataIDs?.ageSexCombo(sex: band.sex.rawValue, age: band.age.label)
    }
}

enum AuditLogInMemory {
    static func make() throws -> Audit.AuditLog { try Audit.AuditLog(path: ":memory:") }
}
