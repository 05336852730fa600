import GDALBinding
import Parallel
import Zonal

extension ZonalEngine {
    /// The engine on GeoTIFFs (anything GDAL opens): what sync, zonal and the benchmarks sum over.
    public static func geoTIFF(workers: Int = defaultWorkerCount) -> ZonalEngine {
        ZonalEngine(workers: workers) { try GeoTIFF(path: $0) }
    }
}
