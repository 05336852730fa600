import Foundation
import Geometry

/// A closed axis-aligned rectangle, counter-clockwise.
func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Ring {
    [Position(x0, y0), Position(x1, y0), Position(x1, y1), Position(x0, y1), Position(x0, y0)]
}

/// A star-shaped ring around (cx, cy) with `n` random radii in [r0, r1]: non-convex, never
/// self-intersecting.
func star(_ cx: Double, _ cy: Double, _ r0: Double, _ r1: Double, n: Int, using rng: inout some RandomNumberGenerator) -> Ring {
    let ring: Ring = (0..<n).map { i in
        let a = 2 * Double.pi * Double(i) / Double(n)
        let r = Double.random(in: r0...r1, using: &rng)
        return Position(cx + r * cos(a), cy + r * sin(a))
    }
    return ring + [ring[0]]
}
