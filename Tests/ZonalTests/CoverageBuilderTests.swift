import Foundation
import Geometry
import Grid
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

/// A star-shaped ring around (cx, cy) with `n` random radii in [r0, r1]: non-convex, never
/// self-intersecting, vertices anywhere in cells.
func star(
    _ cx: Double, _ cy: Double, _ r0: Double, _ r1: Double, n: Int, clockwise: Bool = false, using rng: inout some RandomNumberGenerator
) -> Ring {
    var ring: Ring = (0..<n).map { i in
        let a = 2 * Double.pi * Double(i) / Double(n)
        let r = Double.random(in: r0...r1, using: &rng)
        return Position(cx + r * cos(a), cy + r * sin(a))
    }
    if clockwise { ring.reverse() }
    return ring + [ring[0]]
}

func expectMatchesReference(
    _ geometry: MultiPolygon, on grid: RasterGrid = unitGrid, tolerance: Double = 1e-12,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let map = CoverageBuilder.coverage(of: geometry, on: grid)
    var worst = 0.0
    for r in 0..<grid.height {
        for c in 0..<grid.width {
            let expected = ReferenceCoverage.fraction(of: geometry, grid: grid, row: r, column: c)
            worst = max(worst, abs(map.fraction(row: r, column: c) - expected))
        }
    }
    #expect(worst <= tolerance, "largest cell difference \(worst)", sourceLocation: sourceLocation)
}

@Suite struct CoverageBuilderTests {
    @Test func axisAlignedBoxOnHalfCells() {
        let map = coverage([Polygon(exterior: box(1.5, 2.5, 4.5, 6.5))])
        // x 1.5…4.5 → columns 1 (half), 2, 3 (full), 4 (half); y 2.5…6.5 → rows 3 (half) … 7 (half)
        #expect(map.fraction(row: 3, column: 1) == 0.25)
        #expect(map.fraction(row: 3, column: 2) == 0.5)
        #expect(map.fraction(row: 4, column: 2) == 1)
        #expect(map.fraction(row: 5, column: 4) == 0.5)
        #expect(map.fraction(row: 7, column: 4) == 0.25)
        #expect(map.fraction(row: 8, column: 2) == 0)
        #expect(map.coveredCells == 12)
    }

    @Test func ringAlongCellEdgesCoversWholeCellsOnly() {
        let map = coverage([Polygon(exterior: box(2, 3, 5, 7))])
        #expect(map.fractions.isEmpty, "no partial cells")
        #expect(map.cellCount == 12)
        #expect(map.coveredCells == 12)
        #expect(map.rows == 3..<7)
        #expect(map.fraction(row: 3, column: 2) == 1)
        #expect(map.fraction(row: 2, column: 2) == 0)
        #expect(map.fraction(row: 3, column: 5) == 0)
    }

    @Test func diagonalHalvesCells() {
        // Right triangle (1,1)-(4,1)-(1,4): the hypotenuse cuts cells on the diagonal in half.
        let map = coverage([Polygon(exterior: [Position(1, 1), Position(4, 1), Position(1, 4), Position(1, 1)])])
        #expect(map.fraction(row: 8, column: 1) == 1)  // y 1…2, x 1…2
        #expect(map.fraction(row: 8, column: 3) == 0.5)  // on the diagonal
        #expect(map.fraction(row: 6, column: 1) == 0.5)
        #expect(map.fraction(row: 6, column: 2) == 0)
        #expect(abs(map.coveredCells - 4.5) < 1e-12)
    }

    @Test func polygonSmallerThanACell() {
        let tri = [Position(3.2, 4.1), Position(3.5, 4.15), Position(3.3, 4.4), Position(3.2, 4.1)]
        let map = coverage([Polygon(exterior: tri)])
        #expect(map.cellCount == 1)
        #expect(abs(map.fraction(row: 5, column: 3) - abs(signedArea(tri))) < 1e-15)
    }

    @Test func clockwiseAndCounterClockwiseRingsAgree() {
        var rng = SeededRandom(state: 7)
        let ring = star(5, 5, 2, 4.5, n: 40, using: &rng)
        let hole = star(5.2, 4.9, 0.5, 1.4, n: 12, using: &rng)
        let variants = [
            Polygon(exterior: ring, holes: [hole]),
            Polygon(exterior: ring.reversed(), holes: [hole]),
            Polygon(exterior: ring, holes: [hole.reversed()]),
            Polygon(exterior: ring.reversed(), holes: [hole.reversed()]),
        ]
        let maps = variants.map { coverage([$0]) }
        for m in maps.dropFirst() {
            #expect(m.spans == maps[0].spans)
            #expect(zip(m.fractions, maps[0].fractions).allSatisfy { abs($0 - $1) < 1e-14 })
        }
    }

    @Test func holesSubtract() {
        let map = coverage([Polygon(exterior: box(1, 1, 9, 9), holes: [box(3.5, 3.5, 6.5, 6.5, clockwise: true)])])
        #expect(map.fraction(row: 5, column: 4) == 0)  // inside the hole
        #expect(map.fraction(row: 3, column: 3) == 0.75)  // hole's top-left corner cell: y 6…7, x 3…4
        #expect(map.fraction(row: 3, column: 4) == 0.5)  // along the hole's top edge
        #expect(abs(map.coveredCells - (64 - 9)) < 1e-12)
        expectMatchesReference(MultiPolygon([Polygon(exterior: box(1, 1, 9, 9), holes: [box(3.5, 3.5, 6.5, 6.5)])]))
    }

    @Test func multiPolygonPartsWithAGapBetweenThem() {
        let map = coverage([Polygon(exterior: box(1, 8, 3, 9)), Polygon(exterior: box(6.5, 1.5, 8, 3))])
        #expect(map.rows == 1..<9)
        #expect(map.fraction(row: 1, column: 1) == 1)
        #expect(map.fraction(row: 4, column: 1) == 0)  // a gap row between the parts
        #expect(map.fraction(row: 7, column: 6) == 0.5)
        #expect(map.fraction(row: 8, column: 7) == 0.5)
        #expect(map.coveredCells == 2 + 2.25)
    }

    @Test func polygonCrossingTheGridEdgeKeepsOnlyCellsInside() {
        let map = coverage([
            Polygon(exterior: [Position(-3, -2), Position(4.5, -1), Position(2.5, 4.5), Position(-2, 13), Position(-3, -2)])
        ])
        #expect(map.rows.lowerBound >= 0 && map.rows.upperBound <= 10)
        expectMatchesReference(
            MultiPolygon([Polygon(exterior: [Position(-3, -2), Position(4.5, -1), Position(2.5, 4.5), Position(-2, 13), Position(-3, -2)])])
        )
    }

    @Test func polygonOutsideTheGridIsEmpty() {
        #expect(coverage([Polygon(exterior: box(20, 20, 25, 25))]).isEmpty)
        #expect(coverage([Polygon(exterior: box(-5, 2, 0, 4))]).isEmpty)  // touches the west edge only
    }

    @Test(arguments: 1...12) func randomStarsWithHolesMatchTheClippingOracle(seed: UInt64) {
        var rng = SeededRandom(state: seed)
        // The second part straddles the west edge; the first crosses the north and south edges.
        let outer = star(6, 5, 1.5, 5.8, n: Int.random(in: 5...300, using: &rng), clockwise: seed % 2 == 0, using: &rng)
        let hole = star(6, 5, 0.3, 1.2, n: Int.random(in: 3...30, using: &rng), using: &rng)
        let other = star(-1.5, Double.random(in: 0...10, using: &rng), 0.5, 1.6, n: 17, using: &rng)
        expectMatchesReference(MultiPolygon([Polygon(exterior: outer, holes: [hole]), Polygon(exterior: other)]))
    }

    @Test func nonSquareNonUnitCellsMatchTheOracle() {
        // WorldPop-like geotransform: tiny, not exactly 1/1200° cells, north-up.
        let grid = RasterGrid(
            width: 30, height: 20,
            transform: GeoTransform(
                originX: -70.063749705, originY: 12.624583484, pixelWidth: 0.000833333331933, pixelHeight: 0.000833333329412))
        var rng = SeededRandom(state: 99)
        let ring = star(-70.05, 12.616, 0.002, 0.009, n: 60, using: &rng)
        expectMatchesReference(MultiPolygon([Polygon(exterior: ring)]), on: grid, tolerance: 1e-9)
    }

    @Test func siblingsThatTileAParentSumToIt() {
        // A rectangle split by a jagged line into a northern and a southern sibling.
        var rng = SeededRandom(state: 3)
        let xs = stride(from: 0.5, through: 9.5, by: 0.37).map { $0 } + [9.5]
        let cut = xs.map { Position($0, Double.random(in: 3...7, using: &rng)) }
        let north: Ring = cut + [Position(9.5, 9.3), Position(0.5, 9.3), cut[0]]
        let south: Ring = [Position(0.5, 0.7), Position(9.5, 0.7)] + cut.reversed() + [Position(0.5, 0.7)]
        let parent = coverage([Polygon(exterior: box(0.5, 0.7, 9.5, 9.3))])
        let n = coverage([Polygon(exterior: north)])
        let s = coverage([Polygon(exterior: south)])
        for r in 0..<10 {
            for c in 0..<10 {
                #expect(abs(n.fraction(row: r, column: c) + s.fraction(row: r, column: c) - parent.fraction(row: r, column: c)) < 1e-12)
            }
        }
        #expect(abs(n.coveredCells + s.coveredCells - parent.coveredCells) < 1e-9 * parent.coveredCells)
    }

    @Test func overlappingPartsCountOnce() {
        let map = coverage([Polygon(exterior: box(1, 1, 5, 5)), Polygon(exterior: box(3, 3, 7, 7))])
        #expect(map.fraction(row: 6, column: 3) == 1)
        #expect(map.coveredCells == 16 + 16 - 4)
    }

    // Cells no edge crosses in a row take their column's running value: these cases have such cells
    // whose value differs from their left neighbour's although nothing in their row crosses them.

    @Test func lShapeOnCellEdgesSplitsRowsWhereNoEdgeCrossesThem() {
        // Columns 1–7 in rows 2–3 (y 6…8), columns 1–3 in rows 4–7 (y 2…6); every edge on a cell line.
        let l: Ring = [
            Position(1, 2), Position(4, 2), Position(4, 6), Position(8, 6), Position(8, 8), Position(1, 8), Position(1, 2),
        ]
        let map = coverage([Polygon(exterior: l)])
        #expect(map.fractions.isEmpty)
        #expect(map.coveredCells == 14 + 12)
        for row in 4..<8 {
            #expect(map.withSpans(ofRow: row) { Array($0) } == [.init(column: 1, count: 3, fractionsStart: -1)])
        }
        #expect(map.withSpans(ofRow: 2) { Array($0) } == [.init(column: 1, count: 7, fractionsStart: -1)])
        #expect(map.fraction(row: 5, column: 4) == 0)
    }

    @Test func verticalEdgesInsideCellsGiveEveryCellOfTheirColumnThatFraction() {
        // x 2.25…6.75, y 1…9: columns 2 and 6 are covered 0.75 in every row, with no edge piece in them.
        let map = coverage([Polygon(exterior: box(2.25, 1, 6.75, 9))])
        for row in 1..<9 {
            #expect(map.fraction(row: row, column: 2) == 0.75)
            #expect(map.fraction(row: row, column: 3) == 1)
            #expect(map.fraction(row: row, column: 6) == 0.75)
            #expect(map.fraction(row: row, column: 7) == 0)
            #expect(map.withSpans(ofRow: row) { $0.count } == 3, "partial, full, partial")
        }
        #expect(map.coveredCells == 4.5 * 8)
    }

    @Test func aWideSquareIsOneSpanPerRow() {
        // 2,000 × 2,000 cells with its corners mid-cell: the spans are what the sum kernel walks.
        let grid = RasterGrid(width: 2100, height: 2100, transform: GeoTransform(originX: 0, originY: 2100, pixelWidth: 1, pixelHeight: 1))
        let map = coverage([Polygon(exterior: box(50.5, 50.5, 2050.5, 2050.5))], on: grid)
        #expect(map.rowCount == 2001)
        // The first and last rows are partial cells only (one span each); the others partial, full, partial.
        #expect(map.spans.count == 2 * 1 + 1999 * 3)
        #expect(map.coveredCells == 2000 * 2000)
        #expect(map.withSpans(ofRow: 1000) { Array($0) }.map(\.count) == [1, 1999, 1])
    }
}
