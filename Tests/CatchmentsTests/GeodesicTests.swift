import Foundation
import Geometry
import Grid
import Testing
import Zonal

@testable import Catchments

@Suite struct GeodesicTests {
    @Test func vincentysOwnExample() {
        // Flinders Peak to Buninyong (Vincenty 1975; Geoscience Australia): 54,972.271 m.
        let flinders = Position(144 + 25 / 60.0 + 29.52440 / 3600, -(37 + 57 / 60.0 + 3.72030 / 3600))
        let buninyong = Position(143 + 55 / 60.0 + 35.38390 / 3600, -(37 + 39 / 60.0 + 10.15610 / 3600))
        #expect(abs(Geodesic.distance(flinders, buninyong) - 54_972.271) < 0.001)
    }

    @Test(arguments: [0.0, 45, 70, -60]) func destinationsAreAtTheirDistance(latitude: Double) {
        let start = Position(179.99, latitude)
        for azimuth in stride(from: 0.0, to: 360, by: 30) {
            let p = Geodesic.destination(from: start, azimuth: azimuth, distance: 5_000)
            #expect(abs(Geodesic.distance(start, p) - 5_000) < 1e-4)  // 0.1 mm
            #expect(p.x >= -180 && p.x < 180)
        }
    }
}

/// People within r of a facility on a uniform grid: density × the circle's area.
@Suite struct CircleTests {
    /// Population within `radius` of `center` on a grid of 1 person per cell.
    func population(center: Position, radius: Double, grid: RasterGrid) throws -> Double {
        let circle = try GeodesicCircle.polygon(center: center, radius: radius)
        return CoverageBuilder.coverage(of: circle, on: grid).coveredCells
    }

    func expected(center: Position, radius: Double, cell: Double) -> Double {
        Double.pi * radius * radius / Geodesic.cellArea(latitude: center.y, width: cell, height: cell)
    }

    @Test(arguments: [0.3, 45.2, 70.1, -60.4]) func densityTimesArea(latitude: Double) throws {
        let cell = 0.001
        let grid = RasterGrid(
            width: 2000, height: 400, transform: GeoTransform(originX: 9.5, originY: latitude + 0.2, pixelWidth: cell, pixelHeight: cell))
        let center = Position(10.2, latitude)
        let got = try population(center: center, radius: 5_000, grid: grid)
        #expect(abs(got / expected(center: center, radius: 5_000, cell: cell) - 1) < 0.01, "\(got)")
    }

    @Test func aCircleAcrossTheAntimeridianCountsBothSides() throws {
        let cell = 0.005
        let grid = RasterGrid(
            width: 72_000, height: 40, transform: GeoTransform(originX: -180, originY: 0.1, pixelWidth: cell, pixelHeight: cell))
        let center = Position(179.99, 0.0)
        let circle = try GeodesicCircle.polygon(center: center, radius: 5_000)
        #expect(circle.polygons.count == 2)
        #expect(circle.polygons.allSatisfy { p in p.exterior.allSatisfy { (-180...180).contains($0.x) } })
        let got = CoverageBuilder.coverage(of: circle, on: grid).coveredCells
        #expect(abs(got / expected(center: center, radius: 5_000, cell: cell) - 1) < 0.01, "\(got)")
        // The west side (beyond ±180°) holds a real share of it.
        let west = CoverageBuilder.coverage(of: MultiPolygon(circle.polygons.filter { $0.exterior[0].x < 0 }), on: grid).coveredCells
        #expect(west > 0.2 * got && west < 0.5 * got)
    }

    @Test func aCircleAroundAPoleIsRefused() {
        #expect(throws: CatchmentError.self) { try GeodesicCircle.polygon(center: Position(10, 89.99), radius: 5_000) }
    }
}
