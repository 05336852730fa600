import CGDAL
import Foundation
import Grid

extension GeoTIFF {
    /// Throws when the file ends before the data its header points to: a download cut short opens
    /// fine (the header comes first) and fails only when the missing blocks are read, so a cache
    /// must look before it keeps the file. Reads the block offsets only, never the data.
    public func checkComplete() throws {
        guard let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value else { return }
        let columns = (grid.width + blockWidth - 1) / max(blockWidth, 1)
        let rows = (grid.height + blockHeight - 1) / blockHeight
        var end: Int64 = 0
        for band in 1...bandCount {
            guard let h = GDALGetRasterBand(handle, Int32(band)) else { continue }
            for y in 0..<rows {
                for x in 0..<columns {
                    // Sparse files leave blocks out (no offset): nothing to be missing.
                    guard let offset = GDALGetMetadataItem(h, "BLOCK_OFFSET_\(x)_\(y)", "TIFF").flatMap({ Int64(String(cString: $0)) }),
                        let length = GDALGetMetadataItem(h, "BLOCK_SIZE_\(x)_\(y)", "TIFF").flatMap({ Int64(String(cString: $0)) })
                    else { continue }
                    end = max(end, offset + length)
                }
            }
        }
        if end > size { throw RasterError.truncated(path: path, size: size, needed: end) }
    }
}
