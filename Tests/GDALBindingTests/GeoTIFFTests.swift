import Foundation
import GDALBinding
import GDALTesting
import Grid
import TestSupport
import Testing

let arubaPath = samplePath("abw_ppp_2020_UNadj_constrained.tif")

@Suite struct GeoTIFFTests {
    @Test func readsTheWorldPopSample() throws {
        let tif = try GeoTIFF(path: arubaPath)
        #expect(tif.grid.width == 238)
        #expect(tif.grid.height == 255)
        #expect(tif.bandCount == 1)
        #expect(tif.noData(band: 1) == -99999)
        #expect(abs(tif.grid.transform.originX - -70.063749705) < 1e-9)
        #expect(abs(tif.grid.transform.pixelWidth - 0.000833333331933) < 1e-15)
        #expect(tif.crsName == "WGS 84")
        var rows: [Float] = []
        try tif.readRows(band: 1, firstRow: 0, rowCount: tif.grid.height, into: &rows)
        let total = rows.reduce(0.0) { $1 == -99999 ? $0 : $0 + Double($1) }
        // gdalinfo -stats: mean 10.845794394001 over the valid cells; the file's total population.
        #expect(abs(total - 106766.00001) < 0.01)
    }

    @Test func readsAWindow() throws {
        let tif = try GeoTIFF(path: arubaPath)
        var all: [Float] = []
        var window: [Float] = []
        try tif.readRows(band: 1, firstRow: 100, rowCount: 3, into: &all)
        try tif.readWindow(band: 1, column: 50, row: 101, width: 4, height: 2, into: &window)
        #expect(window.count == 8)
        #expect(window[0] == all[238 + 50])
        #expect(window[7] == all[2 * 238 + 53])
    }

    @Test func missingFileNamesThePath() {
        #expect {
            _ = try GeoTIFF(path: "/nonexistent/pop.tif")
        } throws: { error in
            String(describing: error).contains("/nonexistent/pop.tif")
        }
    }

    @Test func truncatedFileIsRefusedWithTheFileName() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: arubaPath))
        let path = try temporaryFile("truncated.tif")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        var message = ""
        do {
            let tif = try GeoTIFF(path: path)
            var buffer: [Float] = []
            try tif.readRows(band: 1, firstRow: 0, rowCount: tif.grid.height, into: &buffer)
        } catch {
            message = String(describing: error)
        }
        #expect(message.contains(path))
        #expect(message.contains("re-download"))
    }

    @Test func garbageIsNotARaster() throws {
        let path = try temporaryFile("garbage.tif")
        try Data("not a tiff at all".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: RasterError.self) { try GeoTIFF(path: path) }
    }

    @Test func projectedRasterIsRefusedWithTheFix() throws {
        let path = try temporaryFile("utm.tif")
        let grid = RasterGrid(
            width: 4, height: 4, transform: GeoTransform(originX: 500_000, originY: 1_000_000, pixelWidth: 100, pixelHeight: 100))
        try GeoTIFFWriter.write(path: path, grid: grid, bands: [[Float](repeating: 1, count: 16)], epsg: 32628)
        #expect {
            _ = try GeoTIFF(path: path)
        } throws: { error in
            guard case .notGeographic(let p, let crs) = error as? RasterError else { return false }
            return p == path && crs.contains("UTM") && String(describing: error).contains("gdalwarp")
        }
    }

    @Test func southUpRasterIsRefusedWithTheFix() throws {
        let path = try temporaryFile("south-up.tif")
        // A negative cell height written as is: rows go north, as some exports do.
        let grid = RasterGrid(width: 4, height: 4, transform: GeoTransform(originX: 10, originY: 1, pixelWidth: 0.1, pixelHeight: -0.1))
        try GeoTIFFWriter.write(path: path, grid: grid, bands: [[Float](repeating: 1, count: 16)])
        let error = #expect(throws: RasterError.self) { _ = try GeoTIFF(path: path) }
        #expect(error == .rotated(path: path))
        #expect(error.map(String.init(describing:))?.contains("not a north-up grid") == true)
        #expect(error.map(String.init(describing:))?.contains("gdalwarp") == true)
    }

    @Test func writerRoundTrips() throws {
        let path = try temporaryFile("rt.tif")
        let grid = RasterGrid(width: 3, height: 2, transform: GeoTransform(originX: 10, originY: 5, pixelWidth: 0.5, pixelHeight: 0.25))
        try GeoTIFFWriter.write(path: path, grid: grid, bands: [[1, 2, 3, 4, 5, -1], [6, 5, 4, 3, 2, 1]], noData: -1)
        let tif = try GeoTIFF(path: path)
        #expect(tif.grid.isAligned(with: grid))
        #expect(tif.bandCount == 2)
        #expect(tif.noData(band: 2) == -1)
        var values: [Float] = []
        try tif.readRows(band: 2, firstRow: 1, rowCount: 1, into: &values)
        #expect(values == [3, 2, 1])
        #expect(throws: RasterError.noSuchBand(path: path, band: 3, count: 2)) {
            try tif.readRows(band: 3, firstRow: 0, rowCount: 1, into: &values)
        }
    }

    /// Reading some columns of tiled rows: those cells are the file's, in their places of the
    /// full-width rows, whatever the cell type; the buffer grows, and is reused when large enough.
    @Test func readsTheColumnsOfTiles() throws {
        let path = try temporaryFile("tiles.tif")
        let grid = RasterGrid(
            width: 600, height: 300, transform: GeoTransform(originX: 10, originY: 5, pixelWidth: 0.01, pixelHeight: 0.01))
        let values = (0..<(600 * 300)).map { Float($0 % 9_973) + 0.5 }
        try GeoTIFFWriter.write(path: path, grid: grid, bands: [values])
        let tif = try GeoTIFF(path: path)
        #expect(tif.blockWidth == 256)
        let columns = [0..<256, 512..<600]
        var floats: [Float] = []
        var doubles = [Double](repeating: -1, count: 600 * 300)
        try tif.readRows(band: 1, firstRow: 40, rowCount: 30, columns: columns, into: &floats)
        try tif.readRows(band: 1, firstRow: 40, rowCount: 30, columns: columns, into: &doubles)
        #expect(floats.count == 30 * 600)
        #expect(doubles.count == 600 * 300, "a large enough buffer is kept")
        for r in 0..<30 {
            for range in columns {
                for c in range {
                    #expect(floats[r * 600 + c] == values[(40 + r) * 600 + c])
                    #expect(doubles[r * 600 + c] == Double(values[(40 + r) * 600 + c]))
                }
            }
            #expect(doubles[r * 600 + 300] == -1, "columns not asked for are not written")
        }
        // All the columns is a plain read.
        try tif.readRows(band: 1, firstRow: 0, rowCount: 2, columns: [0..<600], into: &floats)
        #expect(floats == Array(values[0..<1_200]))
        #expect(throws: RasterError.noSuchBand(path: path, band: 2, count: 1)) {
            try tif.readRows(band: 2, firstRow: 0, rowCount: 1, columns: [0..<256], into: &floats)
        }
    }
}
