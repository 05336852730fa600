import Foundation
import Geometry

/// Zones from a vector file in any format GDAL reads, in WGS 84, each feature's geometry read
/// with the same rules as GeoJSON (rings closed, degenerate rings dropped, and said).
public struct BoundaryFile: Sendable {
    public struct Feature: Sendable {
        public var properties: [String: String]
        /// nil when the feature has no area (a point, a line, no geometry), with the reason.
        public var geometry: MultiPolygon?
        public var fixes: [String]
        public var problem: String?
        /// "#3 (name)", for messages.
        public var label: String
    }

    public var path: String
    public var features: [Feature]
    /// The CRS the file was reprojected from, when it was not WGS 84.
    public var reprojectedFrom: String?

    public static func read(_ path: String) throws -> BoundaryFile {
        let (raw, reprojected) = try VectorFile.read(path: path)
        let features = raw.enumerated().map { index, f -> Feature in
            let name = f.properties["name"] ?? f.properties["NAME"] ?? f.properties.values.sorted().first ?? ""
            let label = "#\(index)\(name.isEmpty ? "" : " (\(name))")"
            guard let json = f.geoJSON else {
                return Feature(properties: f.properties, geometry: nil, fixes: [], problem: "no geometry", label: label)
            }
            var fixes: [String] = []
            do {
                let value = try JSONParser.parse(Data(json.utf8))
                let type = value["type"]?.stringValue ?? "?"
                guard ["Polygon", "MultiPolygon", "GeometryCollection"].contains(type) else {
                    return Feature(
                        properties: f.properties, geometry: nil, fixes: [],
                        problem: "a \(type), not an area", label: label)
                }
                return Feature(
                    properties: f.properties, geometry: try GeoJSONReader.parseAreal(value, source: path, feature: label, fixes: &fixes),
                    fixes: fixes, problem: nil, label: label)
            } catch let error as GeoJSONError {
                guard case .invalidGeometry(_, _, let reason) = error else {
                    return Feature(properties: f.properties, geometry: nil, fixes: [], problem: "\(error)", label: label)
                }
                return Feature(properties: f.properties, geometry: nil, fixes: [], problem: reason, label: label)
            } catch {
                return Feature(properties: f.properties, geometry: nil, fixes: [], problem: "\(error)", label: label)
            }
        }
        return BoundaryFile(path: path, features: features, reprojectedFrom: reprojected)
    }
}
