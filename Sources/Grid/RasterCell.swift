/// A band's storage type, named as GDAL names it.
public enum BandType: String, Sendable, CaseIterable {
    case byte = "Byte"
    case int8 = "Int8"
    case uint16 = "UInt16"
    case int16 = "Int16"
    case uint32 = "UInt32"
    case int32 = "Int32"
    case uint64 = "UInt64"
    case int64 = "Int64"
    case float32 = "Float32"
    case float64 = "Float64"

    /// The buffer type that holds every value of the band exactly. Float32 stays Float32 (WorldPop's
    /// type, and the fast path); every integer up to 32 bits fits Float64; 64-bit integers do not,
    /// so they are read as themselves (a nodata of 2^64−1 and a value of 2^64−2 are one Double).
    public var cellType: CellType {
        switch self {
        case .float32: return .float32
        case .uint64: return .uint64
        case .int64: return .int64
        default: return .float64
        }
    }
}

/// How a band's cells are held in memory for summing: see `BandType.cellType`.
public enum CellType: Sendable, Hashable {
    case float32, float64, int64, uint64
}

/// A value type a band can be read into without loss.
public protocol RasterCell: Sendable, Equatable {
    static var cellType: CellType { get }
    /// The value as the sums count it.
    var doubleValue: Double { get }
    /// NaN, which is never a value whatever the nodata says (always false for integers).
    var isNaNCell: Bool { get }
    /// A nodata value given as GDAL's double, or nil when this type cannot hold it (then no cell equals it).
    init?(noData: Double)
    /// A Float32 cell of an in-memory raster.
    init(memoryValue: Float)
}

extension Float: RasterCell {
    public static var cellType: CellType { .float32 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var isNaNCell: Bool { isNaN }
    public init?(noData: Double) { self = Float(noData) }
    public init(memoryValue: Float) { self = memoryValue }
}

extension Double: RasterCell {
    public static var cellType: CellType { .float64 }
    @inline(__always) public var doubleValue: Double { self }
    @inline(__always) public var isNaNCell: Bool { isNaN }
    public init?(noData: Double) { self = noData }
    public init(memoryValue: Float) { self = Double(memoryValue) }
}

extension Int64: RasterCell {
    public static var cellType: CellType { .int64 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var isNaNCell: Bool { false }
    public init?(noData: Double) { self.init(exactly: noData) }
    public init(memoryValue: Float) { self = memoryValue.isFinite ? Int64(memoryValue) : 0 }
}

extension UInt64: RasterCell {
    public static var cellType: CellType { .uint64 }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var isNaNCell: Bool { false }
    public init?(noData: Double) { self.init(exactly: noData) }
    public init(memoryValue: Float) { self = memoryValue.isFinite && memoryValue >= 0 ? UInt64(memoryValue) : 0 }
}
