import Geometry
import Testing

@testable import GDALBinding

/// The proof that spares GEOS its check must never pass a polygon GEOS calls invalid, and should
/// pass the plain simple ones boundary files are made of.
@Suite struct SimpleRingTests {
    func proven(_ ring: Ring) -> Bool { SimpleRing.isProvenValid(MultiPolygon([Polygon(exterior: ring)])) }
    func geosValid(_ ring: Ring) -> Bool { OGRGeometryCheck.check(MultiPolygon([Polygon(exterior: ring)])).isValid }

    @Test func simpleStarsAreProvenAndGEOSAgrees() {
        var rng = SeededRandom(state: 31)
        for k in 0..<300 {
            let ring = star(Double(k % 7) * 10 - 30, 5, 1.8, 2, n: [5, 12, 60, 700][k % 4], using: &rng)
            #expect(proven(ring), "star \(k)")
            #expect(geosValid(ring), "star \(k)")
            // Spiky ones (long edges across many buckets) may go to GEOS; proven, they are valid.
            let spiky = star(0, 0, 0.001, 2, n: [5, 12, 60, 700][k % 4], using: &rng)
            if proven(spiky) { #expect(geosValid(spiky), "spiky star \(k)") }
        }
        // A country-sized coast of 60,000 vertices, clockwise too.
        let coast = star(23, -3, 8.9, 9, n: 60_000, using: &rng)
        #expect(proven(coast) && proven(coast.reversed()))
    }

    /// Random rings of a few points in a small square: most cross themselves. Whatever is proven,
    /// GEOS calls valid; and both kinds occur.
    @Test func nothingGEOSCallsInvalidIsProven() {
        var rng = SeededRandom(state: 32)
        var provenCount = 0
        var invalidCount = 0
        for _ in 0..<3_000 {
            let count = Int.random(in: 3...9, using: &rng)
            // Coordinates on a coarse lattice half the time: exact collinearity and shared points.
            let lattice = Bool.random(using: &rng)
            var ring: Ring = (0..<count).map { _ in
                lattice
                    ? Position(Double(Int.random(in: 0...4, using: &rng)), Double(Int.random(in: 0...4, using: &rng)))
                    : Position(Double.random(in: 0...1, using: &rng), Double.random(in: 0...1, using: &rng))
            }
            ring.append(ring[0])
            let valid = geosValid(ring)
            if !valid { invalidCount += 1 }
            if proven(ring) {
                provenCount += 1
                #expect(valid, "\(ring)")
            }
        }
        #expect(provenCount > 300 && invalidCount > 300)
    }

    @Test func touchingCrossingAndDegenerateRingsAreNotProven() {
        let cases: [(String, Ring)] = [
            ("bow-tie", [Position(0, 0), Position(2, 2), Position(2, 0), Position(0, 2), Position(0, 0)]),
            (
                "spike",
                [
                    Position(0, 0), Position(4, 0), Position(4, 4), Position(2, 4), Position(2, 6), Position(2, 4), Position(0, 4),
                    Position(0, 0),
                ]
            ),
            (
                "figure eight through a vertex",
                [Position(0, 0), Position(2, 2), Position(4, 0), Position(4, 4), Position(2, 2), Position(0, 4), Position(0, 0)]
            ),
            ("a vertex on another edge", [Position(0, 0), Position(4, 0), Position(4, 4), Position(2, 0), Position(0, 4), Position(0, 0)]),
            ("a repeated point", [Position(0, 0), Position(1, 0), Position(1, 0), Position(1, 1), Position(0, 0)]),
            ("collinear", [Position(0, 0), Position(1, 1), Position(2, 2), Position(0, 0)]),
            ("not closed", [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1)]),
            ("two points", [Position(0, 0), Position(1, 0), Position(0, 0)]),
            ("not finite", [Position(0, 0), Position(1, 0), Position(.nan, 1), Position(0, 0)]),
        ]
        for (name, ring) in cases { #expect(!proven(ring), "\(name)") }
        // A straight run through a vertex is valid for GEOS: only not proven here, so GEOS is asked.
        #expect(geosValid([Position(0, 0), Position(1, 0), Position(2, 0), Position(2, 2), Position(0, 0)]))
        #expect(!proven([Position(0, 0), Position(1, 0), Position(2, 0), Position(2, 2), Position(0, 0)]))
        #expect(proven([Position(0, 0), Position(1, 0), Position(0, 1), Position(0, 0)]), "a triangle")
        // A turn of 1e-17 is a turn, and its sign is certain.
        let slight = [Position(0, 0), Position(1, 1e-17), Position(2, 0), Position(1, 1), Position(0, 0)]
        #expect(proven(slight) && geosValid(slight))
        // Holes and several polygons are GEOS's to check.
        let square = box(0, 0, 4, 4)
        #expect(!SimpleRing.isProvenValid(MultiPolygon([Polygon(exterior: square, holes: [box(1, 1, 2, 2)])])))
        #expect(!SimpleRing.isProvenValid(MultiPolygon([Polygon(exterior: square), Polygon(exterior: box(5, 5, 6, 6))])))
    }

    /// A zone proven valid comes back as it was, without a report, as GEOS's "valid" gave; one
    /// with fixes from reading still goes through GEOS and is reported.
    @Test func aProvenZoneIsLeftAsItIs() throws {
        var rng = SeededRandom(state: 33)
        let zone = Zone(id: "z", geometry: MultiPolygon([Polygon(exterior: star(0, 0, 1, 2, n: 50, using: &rng))]))
        let (same, report) = try BoundaryRepair.repair(zone, strict: true)
        #expect(same == zone && report == nil)
        var fixed = zone
        fixed.fixes = ["closed ring 0 of polygon 0"]
        let (_, reported) = try BoundaryRepair.repair(fixed, strict: false)
        #expect(reported?.problems == ["closed ring 0 of polygon 0"])
    }
}
