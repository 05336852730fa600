import Geometry
import Testing

@testable import Zonal

@Suite struct CoverageComparisonTests {
    @Test func tilingChildrenHaveNoOverlapOrGap() {
        let parent = coverage([Polygon(exterior: box(1, 1, 9, 9))])
        let children = [coverage([Polygon(exterior: box(1, 1, 5.3, 9))]), coverage([Polygon(exterior: box(5.3, 1, 9, 9))])]
        let cmp = CoverageComparison(parent: parent, children: children)
        #expect(cmp.overlap.isEmpty)
        #expect(cmp.gap.isEmpty)
    }

    @Test func overlapsAndGapsAreFoundWithTheirArea() {
        let parent = coverage([Polygon(exterior: box(1, 1, 9, 9))])
        // West child reaches x=5.5, east child starts at 5 (overlap 0.5 wide); a gap 8…9 on top,
        // and the east child pokes outside the parent to x=9.5. (A cell holding both an overlap
        // and a gap would show only the difference: the documented one-cell resolution.)
        let west = coverage([Polygon(exterior: box(1, 1, 5.5, 8))])
        let east = coverage([Polygon(exterior: box(5, 1, 9.5, 8))])
        let cmp = CoverageComparison(parent: parent, children: [west, east])
        #expect(abs(cmp.overlap.coveredCells - (0.5 * 7 + 0.5 * 7)) < 1e-12)
        #expect(cmp.gap.coveredCells == 8)
        #expect(cmp.overlap.fraction(row: 4, column: 5) == 0.5)
        #expect(cmp.overlap.fraction(row: 4, column: 9) == 0.5)
        #expect(cmp.gap.fraction(row: 1, column: 3) == 1)
        // Rebuilt maps keep the span layout rules: full runs merge.
        #expect(cmp.gap.spans.count == 1)
    }

    @Test func builderHandlesRowsWithoutCells() {
        var b = CoverageMapBuilder(grid: unitGrid)
        b.add(row: 2, column: 3, fraction: 1)
        b.add(row: 2, column: 4, fraction: 1)
        b.add(row: 5, column: 1, fraction: 0.25)
        let map = b.build()
        #expect(map.rows == 2..<6)
        #expect(map.fraction(row: 2, column: 4) == 1)
        #expect(map.fraction(row: 3, column: 4) == 0)
        #expect(map.fraction(row: 5, column: 1) == 0.25)
        #expect(map.coveredCells == 2.25)
    }
}
