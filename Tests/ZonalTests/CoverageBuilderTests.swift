import Raster
import Testing
@testable import Zonal

/// A 10×10 grid of unit cells with its top-left corner at (0, 10): cell (row r, column c) spans
/// x ∈ [c, c+1], y ∈ [9−r, 10−r].
let unitGrid = RasterGrid(width: 10, height: 10, transform: GeoTransform(originX: 0, originY: 10, pixelWidth: 1, pixelHeight: 1))

func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, clockwise: Bool = false) -> Ring {
    let ccw = [Position(x0, y0), Position(x1, y0), Position(x1, y1), Position(x0, y1), Position(x0, y0)]
    return clockwise ? ccw.reversed() : ccw
}

func coverage(_ polygons: [Polygon], on grid: RasterGrid = unitGrid) -> CoverageMap {
    CoverageBuilder.coverage(of: MultiPolygon(polygons), on: grid)
}

@Suite struct CoverageBuilderTests {
    @Test func axisAlignedBoxOnHalfCells() {
        let map = coverage([Polygon(exterior: box(1.5, 2.5, 4.5, 6.5))])
        // x 1.5..4.5 → columns 1 (half), 2, 3 (full), 4 (half); y 2.5..6.5 → rows 3 (half) .. 7 (half)
        #expect(map.fraction(row: 3, column: 1) == 0.25)
        #expect(map.fraction(row: 3, column: 2) == 0.5)
        #expect(map.fraction(row: 4, column: 2) == 1)
        #expect(map.fraction(row: 5, column: 4) == 0.5)
        #expect(map.fraction(row: 7, column: 4) == 0.25)
        #expect(map.fraction(row: 8, column: 2) == 0)
        #expect(abs(map.coveredCells - 12) < 1e-12)
    }
}
