import Denominators
import Foundation
import GDALTesting
import Geometry
import Grid
import TestSupport
import Testing

@testable import Sync

/// The total read beside age/sex bands is a check only: on another grid it is set aside with a note,
/// and the bands are imported; a total that is the product itself on another grid still fails.
@Suite struct CompanionGridTests {
    @Test func aTotalOneCellOffTheBandsIsSetAsideWithANoteAndTheBandsImported() async throws {
        let dir = temporaryDirectory().path
        let cell = 4.0 / 120
        let grid = RasterGrid(
            width: 120, height: 90, transform: GeoTransform(originX: 0, originY: 3, pixelWidth: cell, pixelHeight: 3.0 / 90))
        var shifted = grid
        shifted.transform.originX += cell
        var rng = SeededRandom(state: 7)
        let bands = (0..<40).map { _ in (0..<(120 * 90)).map { _ in Float.random(in: 0...5, using: &rng) } }
        try GeoTIFFWriter.write(path: dir + "/agesex.tif", grid: grid, bands: bands, noData: -99999)
        try GeoTIFFWriter.write(path: dir + "/total.tif", grid: shifted, bands: [bands[0]], noData: -99999)
        let (_, units) = synthland()
        try await withStandIn(units: units) { standIn, client, out in
            let plan = SyncPlan(
                levels: [2], product: .agesex,
                rasters: .files([ageSexInputs(year: 2025, total: dir + "/total.tif", stack: dir + "/agesex.tif")]),
                reportDirectory: out, credit: "synthetic", command: "test")
            let run = try await SyncRunner(client: client, audit: try .init(path: ":memory:")).run(plan)
            #expect(run.importResult?.summary.imported == 12 * (1 + 40 + DerivedGroup.standard.count))
            #expect(run.bandTotalDifferences.isEmpty)
            let note = try #require(run.notes.first { $0.text.contains("total-population raster") })
            #expect(note.kind == .rasters)
            #expect(note.text.hasPrefix("2025: "))
            #expect(note.text.contains("is on another grid"))
            #expect(note.text.contains(dir + "/total.tif"))
            #expect(standIn.storedValues.count == run.values.count)
        }
    }

    @Test func aTotalProductOnAnotherGridThanItsOtherYearsStillFails() async throws {
        let dir = temporaryDirectory().path
        let grid = RasterGrid(width: 40, height: 30, transform: GeoTransform(originX: 0, originY: 3, pixelWidth: 0.1, pixelHeight: 0.1))
        var shifted = grid
        shifted.transform.originX += 0.1
        try GeoTIFFWriter.write(path: dir + "/2020.tif", grid: grid, bands: [Array(repeating: 1, count: 1200)], noData: -99999)
        try GeoTIFFWriter.write(path: dir + "/2021.tif", grid: shifted, bands: [Array(repeating: 1, count: 1200)], noData: -99999)
        let (_, units) = synthland()
        try await withStandIn(units: units) { _, client, out in
            let plan = SyncPlan(
                levels: [2], product: .total,
                rasters: .files([
                    YearInputs(year: 2020, total: BandFile(path: dir + "/2020.tif")),
                    YearInputs(year: 2021, total: BandFile(path: dir + "/2021.tif")),
                ]),
                reportDirectory: out, credit: "synthetic", command: "test")
            await #expect(throws: RasterError.self) { try await SyncRunner(client: client, audit: try .init(path: ":memory:")).run(plan) }
        }
    }
}
