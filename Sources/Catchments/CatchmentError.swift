import Geometry

public enum CatchmentError: Error, CustomStringConvertible, Sendable {
    case circleContainsPole(center: Position, radiusKm: Double)
    case badRadius(Double)

    public var description: String {
        switch self {
        case .circleContainsPole(let center, let km):
            return "a \(km) km circle around (\(center.x), \(center.y)) contains a pole: use a smaller --radius-km or --distance-km"
        case .badRadius(let km):
            return "the distance must be between 0 and 1,000 km, not \(km)"
        }
    }
}
