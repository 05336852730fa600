import CGDAL
import GDALBinding
import Grid

/// An ordinary picture (PNG, JPEG) read through GDAL, for checking what a browser rendered:
/// no georeferencing needed or checked.
public struct RGBImage: Sendable {
    public var width: Int
    public var height: Int
    /// Row-major (r, g, b) bytes.
    public var pixels: [UInt8]

    public init(path: String) throws {
        _ = GDAL.ready
        CPLErrorReset()
        guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), nil, nil, nil) else {
            throw RasterError.cannotOpen(path: path, reason: GDAL.lastError(or: "not an image GDAL reads"))
        }
        defer { GDALClose(ds) }
        let w = Int(GDALGetRasterXSize(ds))
        let h = Int(GDALGetRasterYSize(ds))
        width = w
        height = h
        let bands = Int(GDALGetRasterCount(ds))
        guard bands >= 3 else { throw RasterError.cannotOpen(path: path, reason: "not an RGB image") }
        var out = [UInt8](repeating: 0, count: w * h * 3)
        for b in 0..<3 {
            var plane = [UInt8](repeating: 0, count: w * h)
            let err = plane.withUnsafeMutableBufferPointer { buf in
                GDALRasterIO(
                    GDALGetRasterBand(ds, Int32(b + 1)), GF_Read, 0, 0, Int32(w), Int32(h), buf.baseAddress,
                    Int32(w), Int32(h), GDT_Byte, 0, 0)
            }
            guard err == CE_None else {
                throw RasterError.readFailed(
                    path: path, band: b + 1,
                    reason: GDAL.lastError(
                        or: "decode failed"))
            }
            for i in 0..<(w * h) { out[i * 3 + b] = plane[i] }
        }
        pixels = out
    }

    /// How many pixels are within `tolerance` (per channel) of the colour "#rrggbb".
    public func count(colour hex: String, tolerance: Int = 6) -> Int {
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        let (r, g, b) = ((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)
        var n = 0
        for i in stride(from: 0, to: pixels.count, by: 3)
        where abs(Int(pixels[i]) - r) <= tolerance && abs(Int(pixels[i + 1]) - g) <= tolerance && abs(Int(pixels[i + 2]) - b) <= tolerance {
            n += 1
        }
        return n
    }
}
