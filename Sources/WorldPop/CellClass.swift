/// One class of a class grid: the cell value, a stable key (for metadata UIDs and codes) and its name.
public struct CellClass: Sendable, Hashable {
    public var value: Int
    public var key: String
    public var name: String

    public init(_ value: Int, _ key: String, _ name: String) {
        self.value = value
        self.key = key
        self.name = name
    }
}
