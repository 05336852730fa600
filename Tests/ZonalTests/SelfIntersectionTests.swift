import Testing
@testable import Zonal

@Suite struct SelfIntersectionTests {
    @Test func bowTieIsFoundAtItsCrossing() throws {
        let bowTie = [Position(0, 0), Position(2, 2), Position(2, 0), Position(0, 2), Position(0, 0)]
        let p = try #require(SelfIntersection.firstCrossing(in: Polygon(exterior: bowTie)))
        #expect(abs(p.x - 1) < 1e-12 && abs(p.y - 1) < 1e-12)
        let zone = Zone(id: "ou1", name: "Bow Tie", geometry: MultiPolygon([Polygon(exterior: bowTie)]))
        #expect(throws: ZonalError.selfIntersection(feature: "Bow Tie (ou1)", at: p)) { try zone.validate() }
    }

    @Test func holeCrossingItsShellIsFound() {
        let polygon = Polygon(exterior: box(0, 0, 4, 4), holes: [box(3, 1, 5, 2)])
        #expect(SelfIntersection.firstCrossing(in: polygon) != nil)
    }

    @Test func validShapesPass() {
        var rng = SeededRandom(state: 11)
        let big = star(0, 0, 1, 3, n: 4_000, using: &rng)
        #expect(SelfIntersection.firstCrossing(in: Polygon(exterior: big, holes: [star(0, 0, 0.2, 0.9, n: 50, using: &rng)])) == nil)
        // Touching at a vertex (a hole touching its shell) is not a crossing.
        #expect(SelfIntersection.firstCrossing(in: Polygon(exterior: box(0, 0, 4, 4), holes: [[Position(0, 2), Position(2, 1), Position(2, 3), Position(0, 2)]])) == nil)
    }

    @Test func aLongStarWithOneDentCrossingIsFound() {
        var rng = SeededRandom(state: 5)
        var ring = star(0, 0, 1, 1.2, n: 5_000, using: &rng)
        // Swap two neighbouring vertices' radii into a crossing: a classic digitising error.
        ring.swapAt(100, 101)
        #expect(SelfIntersection.firstCrossing(in: Polygon(exterior: ring)) != nil)
    }
}
