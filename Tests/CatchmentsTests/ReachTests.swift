import Foundation
import Geometry
import Grid
import Testing
import Zonal

@testable import Catchments

/// People within reach of overlapping facilities, on a uniform grid: density × the union's area.
@Suite struct ReachTests {
    let cell = 0.01
    var grid: RasterGrid {
        RasterGrid(width: 300, height: 200, transform: GeoTransform(originX: 10, originY: 1.3, pixelWidth: cell, pixelHeight: cell))
    }
    let square = MultiPolygon([
        Polygon(exterior: [Position(10, -0.7), Position(13, -0.7), Position(13, 1.3), Position(10, 1.3), Position(10, -0.7)])
    ])

    /// Area of two discs of radius r whose centres are d apart.
    func union(_ r: Double, _ d: Double) -> Double {
        let lens = d >= 2 * r ? 0 : 2 * r * r * acos(d / (2 * r)) - d / 2 * (4 * r * r - d * d).squareRoot()
        return 2 * Double.pi * r * r - lens
    }

    @Test(arguments: [2_000.0, 5_000, 8_000]) func twoOverlappingDiscsCountTheirUnionOnce(separation: Double) throws {
        let a = Position(10.8, 0.3)
        let b = Geodesic.destination(from: a, azimuth: 70, distance: separation)
        let pieces = try Reach(centers: [a, b], radius: 5_000).within(square)
        let got = CoverageBuilder.coverage(of: pieces, on: grid).coveredCells
        let expected = union(5_000, separation) / Geodesic.cellArea(latitude: 0.3, width: cell, height: cell)
        #expect(abs(got / expected - 1) < 0.005, "\(got) vs \(expected)")
        // The pieces do not overlap: their separate coverages add up to their union's.
        let separate = pieces.polygons.reduce(0.0) { $0 + CoverageBuilder.coverage(of: MultiPolygon([$1]), on: grid).coveredCells }
        #expect(abs(separate - got) < 1e-9 * got)
    }

    @Test func aClusterOfFacilitiesIsCountedOnceAndDuplicatesIgnored() throws {
        var rng = SeededRandom(state: 5)
        let centers = (0..<12).map { _ in Position(Double.random(in: 11.0...11.1, using: &rng), Double.random(in: 0.2...0.3, using: &rng)) }
        let pieces = try Reach(centers: centers + [centers[0]], radius: 5_000).within(square)
        let got = CoverageBuilder.coverage(of: pieces, on: grid).coveredCells
        let separate = pieces.polygons.reduce(0.0) { $0 + CoverageBuilder.coverage(of: MultiPolygon([$1]), on: grid).coveredCells }
        #expect(abs(separate - got) < 1e-9 * got)
        // Bounded by the cluster's extent plus the radius, and at least the largest single disc.
        let one = Double.pi * 25e6 / Geodesic.cellArea(latitude: 0.25, width: cell, height: cell)
        #expect(got > one && got < 12 * one)
    }

    @Test func reachStopsAtTheAreasEdge() throws {
        // A facility on the edge of a district: only the half disc inside counts.
        let district = MultiPolygon([
            Polygon(exterior: [Position(10, -0.7), Position(11, -0.7), Position(11, 1.3), Position(10, 1.3), Position(10, -0.7)])
        ])
        let pieces = try Reach(centers: [Position(11, 0.3)], radius: 5_000).within(district)
        let got = CoverageBuilder.coverage(of: pieces, on: grid).coveredCells
        let half = Double.pi * 25e6 / 2 / Geodesic.cellArea(latitude: 0.3, width: cell, height: cell)
        #expect(abs(got / half - 1) < 0.005, "\(got) vs \(half)")
    }

    @Test func overlappingDiscsAcrossTheAntimeridian() throws {
        let strip = RasterGrid(
            width: 36_000, height: 60, transform: GeoTransform(originX: -180, originY: 0.3, pixelWidth: cell, pixelHeight: cell))
        let world = MultiPolygon([
            Polygon(exterior: [Position(-180, -0.3), Position(180, -0.3), Position(180, 0.3), Position(-180, 0.3), Position(-180, -0.3)])
        ])
        let a = Position(179.99, 0.0)
        let b = Position(-179.98, 0.0)
        let d = Geodesic.distance(a, b)
        let pieces = try Reach(centers: [a, b], radius: 5_000).within(world)
        #expect(pieces.polygons.allSatisfy { p in p.exterior.allSatisfy { (-180...180).contains($0.x) } })
        let got = CoverageBuilder.coverage(of: pieces, on: strip).coveredCells
        let expected = union(5_000, d) / Geodesic.cellArea(latitude: 0, width: cell, height: cell)
        #expect(abs(got / expected - 1) < 0.005, "\(got) vs \(expected), d = \(d)")
        let separate = pieces.polygons.reduce(0.0) { $0 + CoverageBuilder.coverage(of: MultiPolygon([$1]), on: strip).coveredCells }
        #expect(abs(separate - got) < 1e-9 * got)
    }
}
