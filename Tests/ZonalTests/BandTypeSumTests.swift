import Foundation
import GDALBinding
import GDALTesting
import Geometry
import Grid
import Testing

@testable import Zonal

/// Issue 23: integer rasters were read as Float32, so values above 2^24 lost precision and a
/// nodata value next to real ones swallowed them. Each band type is summed in a type that holds
/// it exactly; the expected sums are exactextract's (the float64 sum of the valid cells).
@Suite struct BandTypeSumTests {
    /// Three cells in a row, `[value, value, nodata]`, under one zone covering them whole.
    static func sum<Cell: RasterCell>(_ type: BandType, value: Cell, noData: Cell) throws -> ZoneStatistics {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("band-type-\(UUID().uuidString).tif").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let grid = RasterGrid(width: 3, height: 1, transform: GeoTransform(originX: 0, originY: 1, pixelWidth: 1, pixelHeight: 1))
        try GeoTIFFWriter.write(path: path, grid: grid, bands: [[value, value, noData]], type: type, noData: noData)
        #expect(try GeoTIFF(path: path).bandType(band: 1) == type)
        let zone = CoverageBuilder.coverage(of: MultiPolygon([Polygon(exterior: box(0, 0, 3, 1))]), on: grid)
        return try ZonalEngine(workers: 1) { try GeoTIFF(path: $0) }.statistics(of: [zone], bands: [BandSource(path: path)])[0][0]
    }

    @Test func everyBandTypeSumsItsOwnValuesAndKnowsItsNoData() throws {
        let cases: [(BandType, value: Double, noData: Double)] = [
            (.byte, 255, 254), (.int8, -127, -128), (.uint16, 65535, 65534), (.int16, -32767, -32768),
            (.uint32, 4_294_967_295, 4_294_967_294), (.int32, 2_147_483_647, 2_147_483_646),
            (.float32, 3.5, -99999), (.float64, 16_777_217, 16_777_216),
        ]
        for (type, value, noData) in cases {
            let stats = try Self.sum(type, value: value, noData: noData)
            #expect(stats.sum == 2 * value, "\(type)")
            #expect(stats.coveredCells == 3, "\(type)")
            #expect(stats.noDataCells == 1, "\(type)")
        }
    }

    /// The case: exactextract gives 8589934590 for two cells of 4294967295 (nodata 4294967294).
    @Test func uint32BesideItsNoDataSumsAsExactextract() throws {
        #expect(try Self.sum(.uint32, value: 4_294_967_295.0, noData: 4_294_967_294.0).sum == 8_589_934_590)
    }

    /// 64-bit integers are compared as themselves: as Doubles 2^64−1 and 2^64−2 are one number.
    @Test func sixtyFourBitIntegersAreComparedExactly() throws {
        let unsigned = try Self.sum(.uint64, value: UInt64.max, noData: UInt64.max - 1)
        #expect(unsigned.sum == 2 * Double(UInt64.max))
        #expect(unsigned.noDataCells == 1)
        let signed = try Self.sum(.int64, value: Int64(1) << 62 + 1, noData: Int64(1) << 62)
        #expect(signed.sum == 2 * Double(Int64(1) << 62 + 1))
        #expect(signed.noDataCells == 1)
    }
}
