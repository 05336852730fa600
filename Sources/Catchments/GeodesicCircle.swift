import Foundation
import Geometry

/// The area within a geodesic distance of a point, as a polygon of `vertices` points on the circle
/// (area short of the true disc by 1 − sin(2π/n)·n/2π: 1e-4 for 256). A circle crossing ±180° is
/// split into its two sides, so it sums correctly on grids that stop at the antimeridian.
public enum GeodesicCircle {
    public static func polygon(center: Position, radius: Double, vertices: Int = 256) throws -> MultiPolygon {
        for pole in [90.0, -90.0] where Geodesic.distance(center, Position(center.x, pole)) <= radius {
            throw CatchmentError.circleContainsPole(center: center, radiusKm: radius / 1000)
        }
        // Counter-clockwise from north; longitudes unwrapped around the centre.
        var ring: Ring = (0..<vertices).map { k in
            let p = Geodesic.destination(from: center, azimuth: -360 * Double(k) / Double(vertices), distance: radius)
            return Position(center.x + Geodesic.normalizedLongitude(p.x - center.x), p.y)
        }
        ring.append(ring[0])
        let shape = MultiPolygon([Polygon(exterior: ring)])
        let minX = ring.map(\.x).min()!
        let maxX = ring.map(\.x).max()!
        if maxX > 180 {
            return split(shape, at: 180, shift: -360)
        }
        if minX < -180 {
            return split(shape, at: -180, shift: 360)
        }
        return shape
    }

    /// The part on the near side of the meridian, and the part beyond it moved by `shift` degrees.
    static func split(_ shape: MultiPolygon, at meridian: Double, shift: Double) -> MultiPolygon {
        let beyond = shift < 0 ? 1.0 : -1.0  // sign of x − meridian on the far side
        let near = HalfPlaneClip.clip(shape, by: HalfPlane(nx: beyond, ny: 0, c: beyond * meridian))
        let far = HalfPlaneClip.clip(shape, by: HalfPlane(nx: -beyond, ny: 0, c: -beyond * meridian))
        let moved = far.polygons.map { p in Polygon(exterior: p.exterior.map { Position($0.x + shift, $0.y) }) }
        return MultiPolygon(near.polygons + moved)
    }
}
