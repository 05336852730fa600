import Foundation
import Geometry
import Grid
import Testing
import Zonal

@testable import Catchments

@Suite struct VoronoiTests {
    let grid = RasterGrid(width: 300, height: 200, transform: GeoTransform(originX: 20, originY: 3, pixelWidth: 0.01, pixelHeight: 0.01))

    func sums(_ shapes: [MultiPolygon], values: [Float]) throws -> [Double] {
        let raster = MemoryRaster(grid: grid, bands: [values], noData: -99999)
        let engine = ZonalEngine(workers: 2) { _ in raster }
        let maps = shapes.map { CoverageBuilder.coverage(of: $0, on: grid) }
        return try engine.statistics(of: maps, bands: [BandSource(path: "m", band: 1)])[0].map(\.sum)
    }

    /// A U-shaped district (non-convex, with a hole), so that some catchments come in pieces.
    var district: MultiPolygon {
        let outer: Ring = [
            Position(20.2, 1.2), Position(22.8, 1.2), Position(22.8, 2.8), Position(22.1, 2.8), Position(22.1, 1.7),
            Position(20.9, 1.7), Position(20.9, 2.8), Position(20.2, 2.8), Position(20.2, 1.2),
        ]
        let hole: Ring = [Position(21.3, 1.3), Position(21.5, 1.3), Position(21.5, 1.5), Position(21.3, 1.5), Position(21.3, 1.3)]
        return MultiPolygon([Polygon(exterior: outer, holes: [hole])])
    }

    @Test func catchmentsOfSiblingsSumToTheirParent() throws {
        var rng = SeededRandom(state: 7)
        let values = (0..<(300 * 200)).map { _ in Float.random(in: 0...50, using: &rng) }
        var facilities: [Facility] = []
        while facilities.count < 25 {
            let p = Position(Double.random(in: 20.2...22.8, using: &rng), Double.random(in: 1.2...2.8, using: &rng))
            if contains(district, p) {
                facilities.append(Facility(id: "F\(facilities.count)", name: "F\(facilities.count)", position: p, parent: "D"))
            }
        }
        let result = try CatchmentBuilder.build(facilities: facilities, parents: ["D": district], method: .voronoi)
        #expect(result.excluded.isEmpty)
        #expect(result.zones.count == 25)
        let parts = try sums(result.zones.map(\.geometry), values: values)
        let parent = try sums([district], values: values)[0]
        #expect(abs(parts.reduce(0, +) / parent - 1) < 1e-9, "\(parts.reduce(0, +)) vs \(parent)")
        // Each catchment holds its facility and no other.
        for zone in result.zones {
            let own = facilities.first { $0.id == zone.id }!
            #expect(contains(zone.geometry, own.position))
            #expect(
                !facilities.contains {
                    $0.id != zone.id && contains(zone.geometry, $0.position) && Geodesic.distance($0.position, own.position) > 1
                })
        }
    }

    @Test func twoFacilitiesSymmetricAcrossAMeridianSplitAUniformSquareInHalves() throws {
        let square = MultiPolygon([
            Polygon(exterior: [Position(21, 1.5), Position(22, 1.5), Position(22, 2.5), Position(21, 2.5), Position(21, 1.5)])
        ])
        let result = try CatchmentBuilder.build(
            facilities: [
                Facility(id: "W", name: "W", position: Position(21.2, 2.3), parent: "S"),
                Facility(id: "E", name: "E", position: Position(21.8, 2.3), parent: "S"),
            ],
            parents: ["S": square], method: .voronoi)
        let cells = result.zones.map { CoverageBuilder.coverage(of: $0.geometry, on: grid).coveredCells }
        #expect(cells.count == 2)
        #expect(abs(cells[0] - 5000) < 1e-6 && abs(cells[1] - 5000) < 1e-6)
    }

    @Test func unusableFacilitiesAreListedWithTheirReason() throws {
        let facilities = [
            Facility(id: "A", name: "Clinic A", position: Position(20.5, 2.0), parent: "D"),
            Facility(id: "B", name: "Clinic B", position: Position(21.5, 2.5), parent: "D"),  // in the U's gap
            Facility(id: "C", name: "Clinic C", position: Position(20.5, 2.0), parent: "D"),  // A's coordinates
            Facility(id: "E", name: "Clinic E", position: Position(22.5, 2.0), parent: "Nowhere"),
        ]
        let result = try CatchmentBuilder.build(facilities: facilities, parents: ["D": district], method: .voronoi)
        #expect(result.zones.map(\.id) == ["A"])
        let reasons = Dictionary(uniqueKeysWithValues: result.excluded.map { ($0.id, $0.reason) })
        #expect(reasons["B"]?.contains("outside its parent's boundary") == true)
        #expect(reasons["C"]?.contains("same coordinates as Clinic A") == true)
        #expect(reasons["E"]?.contains("parent org unit has no boundary") == true)
        // The only facility's catchment is the whole district.
        let whole = CoverageBuilder.coverage(of: district, on: grid).coveredCells
        #expect(abs(CoverageBuilder.coverage(of: result.zones[0].geometry, on: grid).coveredCells - whole) < 1e-9)
    }
}
