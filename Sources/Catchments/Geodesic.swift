// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Vincenty's own symbols (A, B, C, L, U1, U2) keep the formulae checkable against the paper.

import Foundation
import Geometry

/// Distances and destinations on the WGS84 ellipsoid (Vincenty's formulae; millimetre accuracy
/// at the distances of health-facility access, valid at any latitude and across ±180°).
public enum Geodesic {
    static let a = 6_378_137.0
    static let f = 1 / 298.257223563
    static let b = a * (1 - f)

    /// The point `distance` metres from `start` along the initial `azimuth` (degrees from north).
    public static func destination(from start: Position, azimuth: Double, distance: Double) -> Position {
        let alpha1 = azimuth * .pi / 180
        let sinAlpha1 = sin(alpha1)
        let cosAlpha1 = cos(alpha1)
        let tanU1 = (1 - f) * tan(start.y * .pi / 180)
        let cosU1 = 1 / (1 + tanU1 * tanU1).squareRoot()
        let sinU1 = tanU1 * cosU1
        let sigma1 = atan2(tanU1, cosAlpha1)
        let sinAlpha = cosU1 * sinAlpha1
        let cosSqAlpha = 1 - sinAlpha * sinAlpha
        let uSq = cosSqAlpha * (a * a - b * b) / (b * b)
        let A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
        let B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
        var sigma = distance / (b * A)
        var cos2SigmaM = 0.0
        var sinSigma = 0.0
        var cosSigma = 0.0
        for _ in 0..<100 {
            cos2SigmaM = cos(2 * sigma1 + sigma)
            sinSigma = sin(sigma)
            cosSigma = cos(sigma)
            let deltaSigma =
                B * sinSigma
                * (cos2SigmaM + B / 4
                    * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                        - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
            let next = distance / (b * A) + deltaSigma
            defer { sigma = next }
            if abs(next - sigma) < 1e-12 { break }
        }
        cos2SigmaM = cos(2 * sigma1 + sigma)
        sinSigma = sin(sigma)
        cosSigma = cos(sigma)
        let tmp = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1
        let lat2 = atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1, (1 - f) * (sinAlpha * sinAlpha + tmp * tmp).squareRoot())
        let lambda = atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1)
        let C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
        let L = lambda - (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
        return Position(normalizedLongitude(start.x + L * 180 / .pi), lat2 * 180 / .pi)
    }

    /// Metres between two points along the ellipsoid.
    public static func distance(_ p: Position, _ q: Position) -> Double {
        let L = (q.x - p.x) * .pi / 180
        let U1 = atan((1 - f) * tan(p.y * .pi / 180))
        let U2 = atan((1 - f) * tan(q.y * .pi / 180))
        let sinU1 = sin(U1)
        let cosU1 = cos(U1)
        let sinU2 = sin(U2)
        let cosU2 = cos(U2)
        var lambda = L
        var sinSigma = 0.0
        var cosSigma = 0.0
        var sigma = 0.0
        var cosSqAlpha = 0.0
        var cos2SigmaM = 0.0
        for _ in 0..<200 {
            let sinLambda = sin(lambda)
            let cosLambda = cos(lambda)
            let t1 = cosU2 * sinLambda
            let t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            sinSigma = (t1 * t1 + t2 * t2).squareRoot()
            if sinSigma == 0 { return 0 }
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            cosSqAlpha = 1 - sinAlpha * sinAlpha
            cos2SigmaM = cosSqAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0
            let C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
            let next =
                L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            defer { lambda = next }
            if abs(next - lambda) < 1e-12 { break }
        }
        let uSq = cosSqAlpha * (a * a - b * b) / (b * b)
        let A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
        let B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
        let deltaSigma =
            B * sinSigma
            * (cos2SigmaM + B / 4
                * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                    - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        return b * A * (sigma - deltaSigma)
    }

    /// Longitude in [-180, 180).
    public static func normalizedLongitude(_ x: Double) -> Double {
        var v = (x + 180).truncatingRemainder(dividingBy: 360)
        if v < 0 { v += 360 }
        return v - 180
    }

    /// Area in m² of a cell `width` × `height` degrees whose centre is at `latitude` (ellipsoidal
    /// radii of curvature; for turning densities into counts in tests and reports).
    public static func cellArea(latitude: Double, width: Double, height: Double) -> Double {
        let phi = latitude * .pi / 180
        let e2 = f * (2 - f)
        let w = (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        let n = a / w
        let m = a * (1 - e2) / (w * w * w)
        return (width * .pi / 180 * n * cos(phi)) * (height * .pi / 180 * m)
    }
}
