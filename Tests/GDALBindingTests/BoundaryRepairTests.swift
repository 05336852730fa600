import Geometry
import Testing

@testable import GDALBinding

/// GEOS decides validity and repairs (the hand-written crossing sweep it replaced could go
/// quadratic on a long edge among many short ones).
@Suite struct BoundaryRepairTests {
    @Test func aBowTieBecomesItsTwoTrianglesAndIsReported() throws {
        let bowTie = [Position(0, 0), Position(2, 2), Position(2, 0), Position(0, 2), Position(0, 0)]
        let zone = Zone(id: "ou1", name: "Bow Tie", geometry: MultiPolygon([Polygon(exterior: bowTie)]))
        let (fixed, report) = try BoundaryRepair.repair(zone, strict: false)
        let r = try #require(report)
        #expect(r.problems.first?.contains("Self-intersection") == true)
        #expect(abs(r.areaBefore) < 1e-12, "the lobes cancel as given")
        #expect(abs(r.areaAfter - 2) < 1e-12)
        #expect(fixed.geometry.polygons.count == 2)
        #expect(abs(fixed.geometry.planarArea - 2) < 1e-12)
        #expect(throws: BoundaryError.self) { try BoundaryRepair.repair(zone, strict: true) }
    }

    @Test func zonesAreCheckedInParallelWithTheResultAndTheFirstErrorInZoneOrder() throws {
        let bowTie = [Position(0, 0), Position(2, 2), Position(2, 0), Position(0, 2), Position(0, 0)]
        var zones: [Zone] = (0..<40).map {
            Zone(id: "z\($0)", geometry: MultiPolygon([Polygon(exterior: box(Double($0), 0, Double($0) + 1, 1))]))
        }
        for i in [7, 23, 31] { zones[i].geometry = MultiPolygon([Polygon(exterior: bowTie.map { Position($0.x + Double(i), $0.y) })]) }
        let one = try BoundaryRepair.repair(zones, strict: false, workers: 1)
        let four = try BoundaryRepair.repair(zones, strict: false, workers: 4)
        #expect(one.zones == four.zones && one.repaired == four.repaired)
        #expect(four.repaired.map(\.id) == ["z7", "z23", "z31"])
        #expect(four.zones.map(\.id) == zones.map(\.id))
        for _ in 0..<5 {
            let error = #expect(throws: BoundaryError.self) { try BoundaryRepair.repair(zones, strict: true, workers: 4) }
            guard case .invalidBoundary(let feature, _)? = error else {
                Issue.record("not invalidBoundary: \(String(describing: error))")
                return
            }
            #expect(feature == "z7")
        }
    }

    @Test func aHoleCrossingItsShellIsRepaired() throws {
        let polygon = Polygon(exterior: box(0, 0, 4, 4), holes: [box(3, 1, 5, 2)])
        let (fixed, report) = try BoundaryRepair.repair(Zone(id: "h", geometry: MultiPolygon([polygon])), strict: false)
        #expect(report != nil)
        // As shapely's make_valid: the hole's part inside is cut out, its part outside added.
        #expect(abs(fixed.geometry.planarArea - 16) < 1e-12)
    }

    @Test func validShapesPassUntouched() throws {
        var rng = SeededRandom(state: 11)
        let big = star(0, 0, 1, 3, n: 4_000, using: &rng)
        let zone = Zone(id: "s", geometry: MultiPolygon([Polygon(exterior: big, holes: [star(0, 0, 0.2, 0.9, n: 50, using: &rng)])]))
        let (same, report) = try BoundaryRepair.repair(zone, strict: true)
        #expect(report == nil && same == zone)
        // A hole touching its shell at one vertex is valid.
        let touching = Zone(
            id: "t",
            geometry: MultiPolygon([
                Polygon(exterior: box(0, 0, 4, 4), holes: [[Position(0, 2), Position(2, 1), Position(2, 3), Position(0, 2)]])
            ]))
        #expect(try BoundaryRepair.repair(touching, strict: true).1 == nil)
    }

    @Test func aLongStarWithOneDentCrossingIsFoundAndRepaired() throws {
        var rng = SeededRandom(state: 5)
        var ring = star(0, 0, 1, 1.2, n: 5_000, using: &rng)
        ring.swapAt(100, 101)  // a classic digitising error
        let (_, report) = try BoundaryRepair.repair(Zone(id: "d", geometry: MultiPolygon([Polygon(exterior: ring)])), strict: false)
        #expect(report?.problems.first?.contains("Self-intersection") == true)
        #expect(abs(report!.relativeChange) < 1e-3)
    }

    /// Issue 23: a polygon folded onto a line has no area even repaired. Without --strict-geometry
    /// it is set aside with its reason, the others kept, and no message tells to leave out a flag
    /// that was not given.
    @Test func aZoneWithNoAreaEvenRepairedIsSetAsideWithoutStrictAdvice() throws {
        let folded = Zone(
            id: "folded", geometry: MultiPolygon([Polygon(exterior: [Position(0, 0), Position(2, 2), Position(1, 1), Position(0, 0)])]))
        let square = Zone(id: "square", geometry: MultiPolygon([Polygon(exterior: box(0, 0, 1, 1))]))
        let error = #expect(throws: BoundaryError.self) { try BoundaryRepair.repair(folded, strict: false) }
        guard case .noAreaAfterRepair(let feature, _)? = error else {
            Issue.record("expected noAreaAfterRepair, got \(String(describing: error))")
            return
        }
        #expect(feature == "folded")
        #expect(error?.description.contains("strict-geometry") == false)
        let (kept, _, setAside) = try BoundaryRepair.repairSettingAside([folded, square], strict: false)
        #expect(kept.map(\.id) == ["square"])
        #expect(setAside.map(\.id) == ["folded"])
        #expect(setAside[0].reason.hasPrefix("no area, even repaired ("))
    }
}
