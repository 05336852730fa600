/// A named area to sum population over: an org unit's boundary or a feature of a boundary file.
public struct Zone: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var geometry: MultiPolygon
    public var properties: [String: String]
    /// What reading the boundary mended (a ring closed, a degenerate hole dropped), for the report.
    public var fixes: [String]

    public init(id: String, name: String? = nil, geometry: MultiPolygon, properties: [String: String] = [:], fixes: [String] = []) {
        self.id = id
        self.name = name
        self.geometry = geometry
        self.properties = properties
        self.fixes = fixes
    }

    /// Set on zones the tool draws itself (catchments): their rings may carry the zero-width
    /// bridges of half-plane clipping, which integrate exactly but are not simple rings, so the
    /// boundary-file check does not apply to them.
    public static let derivedProperty = "worldpop-dhis2:derived"
}
