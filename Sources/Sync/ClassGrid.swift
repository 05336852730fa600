import WorldPop

/// A raster of cell classes (WorldPop's degree of urbanisation) and its legend.
public struct ClassGrid: Sendable, Hashable {
    public var path: String
    public var legend: [CellClass]
    /// The WorldPop product it comes from (names the data element and category in DHIS2).
    public var product: String

    public init(path: String, legend: [CellClass], product: String) {
        self.path = path
        self.legend = legend
        self.product = product
    }
}
