import CGDAL
import Grid

/// A raster file opened through GDAL (GeoTIFF, or anything GDAL reads, `/vsicurl/` URLs included).
///
/// One instance owns one GDAL dataset handle; GDAL handles must not be shared between threads, so
/// a parallel reader opens one `GeoTIFF` per worker.
public final class GeoTIFF: RasterSource {
    public let path: String
    public let grid: RasterGrid
    public let bandCount: Int
    public let blockWidth: Int
    public let blockHeight: Int
    /// The CRS as GDAL names it, e.g. "WGS 84".
    public let crsName: String
    private let noDataValues: [Double?]
    private let bandTypes: [BandType]
    let handle: GDALDatasetH

    public var name: String { path }

    /// Opens `path` read-only and checks that it is a north-up grid in geographic WGS 84.
    public init(path: String) throws {
        _ = GDAL.ready
        CPLErrorReset()
        guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), nil, nil, nil) else {
            throw RasterError.cannotOpen(path: path, reason: GDAL.lastError(or: "GDAL does not recognise it as a raster"))
        }
        self.handle = ds
        self.path = path
        let count = Int(GDALGetRasterCount(ds))
        var gt = [Double](repeating: 0, count: 6)
        let haveTransform = GDALGetGeoTransform(ds, &gt) == CE_None
        guard count > 0, haveTransform else {
            GDALClose(ds)
            throw RasterError.cannotOpen(path: path, reason: count == 0 ? "it has no raster bands" : "it has no geotransform")
        }
        guard gt[2] == 0, gt[4] == 0, gt[1] > 0, gt[5] < 0 else {
            GDALClose(ds)
            throw RasterError.rotated(path: path)
        }
        do {
            self.crsName = try Self.checkGeographicWGS84(ds, path: path)
        } catch {
            GDALClose(ds)
            throw error
        }
        self.bandCount = count
        self.grid = RasterGrid(
            width: Int(GDALGetRasterXSize(ds)), height: Int(GDALGetRasterYSize(ds)),
            transform: GeoTransform(originX: gt[0], originY: gt[3], pixelWidth: gt[1], pixelHeight: -gt[5]))
        let first = GDALGetRasterBand(ds, 1)
        var bw: Int32 = 0
        var bh: Int32 = 0
        GDALGetBlockSize(first, &bw, &bh)
        self.blockWidth = Int(bw)
        self.blockHeight = max(1, Int(bh))
        self.bandTypes = (1...count).map { index in
            let band = GDALGetRasterBand(ds, Int32(index))
            let pixelType = GDALGetMetadataItem(band, "PIXELTYPE", "IMAGE_STRUCTURE").map { String(cString: $0) }
            return BandType(gdal: GDALGetRasterDataType(band), signedByte: pixelType == "SIGNEDBYTE")
        }
        self.noDataValues = (1...count).map { index in
            var has: Int32 = 0
            let v = GDALGetRasterNoDataValue(GDALGetRasterBand(ds, Int32(index)), &has)
            return has != 0 ? v : nil
        }
    }

    deinit { GDALClose(handle) }

    public func noData(band: Int) -> Double? {
        guard band >= 1, band <= noDataValues.count else { return nil }
        return noDataValues[band - 1]
    }

    public func bandType(band: Int) -> BandType {
        band >= 1 && band <= bandTypes.count ? bandTypes[band - 1] : .float32
    }

    public func noData<Cell: RasterCell>(band: Int, as type: Cell.Type) -> Cell? {
        guard band >= 1, band <= bandCount else { return nil }
        let h = GDALGetRasterBand(handle, Int32(band))
        var has: Int32 = 0
        switch (Cell.cellType, bandType(band: band)) {
        case (.int64, .int64):
            let value = GDALGetRasterNoDataValueAsInt64(h, &has)
            return has != 0 ? value as? Cell : nil
        case (.uint64, .uint64):
            let value = GDALGetRasterNoDataValueAsUInt64(h, &has)
            return has != 0 ? value as? Cell : nil
        default:
            return noData(band: band).flatMap(Cell.init(noData:))
        }
    }

    /// The band's description (GDAL metadata), when the file names its bands.
    public func bandDescription(_ band: Int) -> String {
        guard let h = GDALGetRasterBand(handle, Int32(band)), let d = GDALGetDescription(h) else { return "" }
        return String(cString: d)
    }

    public func readRows(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Float]) throws {
        try readWindow(band: band, column: 0, row: firstRow, width: grid.width, height: rowCount, into: &buffer)
    }

    public func readRows<Cell: RasterCell>(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Cell]) throws {
        try readWindow(band: band, column: 0, row: firstRow, width: grid.width, height: rowCount, into: &buffer)
    }

    /// Decodes only the tiles of `columns`, each range read straight into its place in the full-width
    /// rows (GDAL's line spacing); a buffer too small is grown zero-filled, one large enough is reused.
    public func readRows<Cell: RasterCell>(band: Int, firstRow: Int, rowCount: Int, columns: [Range<Int>], into buffer: inout [Cell])
        throws
    {
        let width = grid.width
        guard bandType(band: band) != .int8, columns != [0..<width] else {
            try readRows(band: band, firstRow: firstRow, rowCount: rowCount, into: &buffer)
            return
        }
        guard band >= 1, band <= bandCount else {
            throw RasterError.noSuchBand(path: path, band: band, count: bandCount)
        }
        precondition(
            firstRow >= 0 && firstRow + rowCount <= grid.height && columns.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= width },
            "window outside the raster")
        let count = rowCount * width
        if buffer.count < count {
            // Every cell type is a plain number, for which zero bytes are 0.
            buffer = [Cell](unsafeUninitializedCapacity: count) { cells, initialized in
                UnsafeMutableRawBufferPointer(cells).initializeMemory(as: UInt8.self, repeating: 0)
                initialized = count
            }
        }
        let stride = MemoryLayout<Cell>.stride
        let h = GDALGetRasterBand(handle, Int32(band))
        try buffer.withUnsafeMutableBufferPointer { out in
            for range in columns where !range.isEmpty {
                CPLErrorReset()
                let err = GDALRasterIO(
                    h, GF_Read, Int32(range.lowerBound), Int32(firstRow), Int32(range.count), Int32(rowCount),
                    out.baseAddress! + range.lowerBound, Int32(range.count), Int32(rowCount), Cell.cellType.gdal,
                    Int32(stride), Int32(stride * width))
                guard err == CE_None else {
                    throw RasterError.readFailed(path: path, band: band, reason: GDAL.lastError(or: "GDAL could not decode the data"))
                }
            }
        }
    }

    /// Reads a window of a 1-based band, row-major, into `buffer`, converted by GDAL to `Cell`.
    public func readWindow<Cell: RasterCell>(band: Int, column: Int, row: Int, width: Int, height: Int, into buffer: inout [Cell]) throws {
        guard band >= 1, band <= bandCount else {
            throw RasterError.noSuchBand(path: path, band: band, count: bandCount)
        }
        precondition(
            column >= 0 && row >= 0 && column + width <= grid.width && row + height <= grid.height,
            "window outside the raster")
        if bandType(band: band) == .int8 {
            // GDAL 3.6 converts a signed byte as unsigned: read the bytes, give them their sign.
            var bytes = [UInt8](repeating: 0, count: width * height)
            try rasterIO(band: band, column: column, row: row, width: width, height: height, into: &bytes, type: GDT_Byte)
            buffer = bytes.map { Cell(noData: Double(Int8(bitPattern: $0)))! }
            return
        }
        let count = width * height
        if buffer.count == count {
            try rasterIO(band: band, column: column, row: row, width: width, height: height, into: &buffer, type: Cell.cellType.gdal)
            return
        }
        // GDAL writes every cell: filling a new strip first (element by element, in this generic
        // code) took longer than decoding it.
        var failure: (any Error)?
        buffer = [Cell](unsafeUninitializedCapacity: count) { cells, initialized in
            do {
                try rasterIO(band: band, column: column, row: row, width: width, height: height, into: cells, type: Cell.cellType.gdal)
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
    }

    private func rasterIO<T>(band: Int, column: Int, row: Int, width: Int, height: Int, into buffer: inout [T], type: GDALDataType) throws {
        try buffer.withUnsafeMutableBufferPointer { out in
            try rasterIO(band: band, column: column, row: row, width: width, height: height, into: out, type: type)
        }
    }

    private func rasterIO<T>(
        band: Int, column: Int, row: Int, width: Int, height: Int, into out: UnsafeMutableBufferPointer<T>, type: GDALDataType
    ) throws {
        CPLErrorReset()
        let h = GDALGetRasterBand(handle, Int32(band))
        let err = GDALRasterIO(
            h, GF_Read, Int32(column), Int32(row), Int32(width), Int32(height),
            out.baseAddress, Int32(width), Int32(height), type, 0, 0)
        guard err == CE_None else {
            throw RasterError.readFailed(path: path, band: band, reason: GDAL.lastError(or: "GDAL could not decode the data"))
        }
    }

    private static func checkGeographicWGS84(_ ds: GDALDatasetH, path: String) throws -> String {
        guard let srs = GDALGetSpatialRef(ds) else { throw RasterError.missingCRS(path: path) }
        let name = OSRGetName(srs).map { String(cString: $0) } ?? "an unnamed CRS"
        guard OSRIsGeographic(srs) != 0 else { throw RasterError.notGeographic(path: path, crs: name) }
        let wgs84 = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(wgs84) }
        OSRImportFromEPSG(wgs84, 4326)
        guard OSRIsSameGeogCS(srs, wgs84) != 0 else { throw RasterError.notGeographic(path: path, crs: name) }
        return name
    }
}
