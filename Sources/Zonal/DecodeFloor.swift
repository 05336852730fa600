import Grid
import Parallel

extension ZonalEngine {
    /// Decodes every block of every band once, in the (band, strip) tasks and on the threads that
    /// `statistics` uses, and does nothing else: the floor a zonal run is measured against
    /// (`bench-decode`). Returns the number of cells decoded.
    public func decodeOnly(bands: [BandSource]) throws -> Int {
        var tasks: [(band: BandSource, rows: Range<Int>)] = []
        for band in bands {
            let raster = try openRaster(band.path)
            guard band.band >= 1, band.band <= raster.bandCount else {
                throw RasterError.noSuchBand(path: band.path, band: band.band, count: raster.bandCount)
            }
            let plan = StripPlan(rows: 0..<raster.grid.height, blockHeight: raster.blockHeight)
            tasks += plan.strips.map { (band, $0.rows) }
        }
        let open = openRaster
        let frozen = tasks
        let cells = try concurrentMap(
            count: frozen.count, workers: workers, makeState: { ([String: any RasterSource](), [Float]()) },
            body: { state, t in
                let (band, rows) = frozen[t]
                let raster: any RasterSource
                if let h = state.0[band.path] {
                    raster = h
                } else {
                    raster = try open(band.path)
                    state.0[band.path] = raster
                }
                // Float32 bands are WorldPop's; a wider type would only be converted on the way.
                try raster.readRows(band: band.band, firstRow: rows.lowerBound, rowCount: rows.count, into: &state.1)
                return state.1.count
            })
        return cells.reduce(0, +)
    }
}
