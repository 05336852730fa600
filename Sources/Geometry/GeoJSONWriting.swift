extension MultiPolygon {
    /// The geometry as GeoJSON text, every coordinate written so that it reads back exactly.
    public var geoJSON: String {
        func ring(_ r: Ring) -> String { "[" + r.map { "[\($0.x),\($0.y)]" }.joined(separator: ",") + "]" }
        let polygons = polygons.map { p in "[" + ([p.exterior] + p.holes).map(ring).joined(separator: ",") + "]" }
        return #"{"type":"MultiPolygon","coordinates":["# + polygons.joined(separator: ",") + "]}"
    }
}
