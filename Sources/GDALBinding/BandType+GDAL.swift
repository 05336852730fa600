import CGDAL
import Grid

/// The GDAL data types of band and cell types.
extension BandType {
    /// GDAL 3.6 has no Int8 type: signed bytes are Byte bands marked PIXELTYPE=SIGNEDBYTE.
    public var gdal: GDALDataType {
        switch self {
        case .byte, .int8: return GDT_Byte
        case .uint16: return GDT_UInt16
        case .int16: return GDT_Int16
        case .uint32: return GDT_UInt32
        case .int32: return GDT_Int32
        case .uint64: return GDT_UInt64
        case .int64: return GDT_Int64
        case .float32: return GDT_Float32
        case .float64: return GDT_Float64
        }
    }

    init(gdal type: GDALDataType, signedByte: Bool) {
        switch type {
        case GDT_Byte: self = signedByte ? .int8 : .byte
        case GDT_UInt16: self = .uint16
        case GDT_Int16: self = .int16
        case GDT_UInt32: self = .uint32
        case GDT_Int32: self = .int32
        case GDT_UInt64: self = .uint64
        case GDT_Int64: self = .int64
        case GDT_Float32: self = .float32
        // Float64, and the complex types (GDAL gives their real part).
        default: self = .float64
        }
    }
}

extension CellType {
    public var gdal: GDALDataType {
        switch self {
        case .float32: return GDT_Float32
        case .float64: return GDT_Float64
        case .int64: return GDT_Int64
        case .uint64: return GDT_UInt64
        }
    }
}
