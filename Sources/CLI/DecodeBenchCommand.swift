import ArgumentParser
import Foundation
import Parallel
import Zonal

/// `worldpop-dhis2 bench-decode`: the decode floor of `zonal` — every block of every band decoded
/// once, in the same strips and on the same threads, with no zone — for the benchmark's
/// "ours ÷ floor" ratios (GDAL's own `gdalinfo -checksum` decodes on one thread).
struct DecodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-decode",
        abstract: "Decode rasters as zonal does, without zones: the decode floor (benchmark).",
        discussion: "Prints the cells decoded, the wall time and the cells per second per thread."
    )

    @Option(name: .long, help: ArgumentHelp("A raster; repeat for more (every band of each is decoded).", valueName: "file"))
    var raster: [String] = []

    @Option(name: .long, help: ArgumentHelp("Worker threads (default: one per core), as for zonal.", valueName: "n"))
    var threads: Int?

    func validate() throws {
        guard !raster.isEmpty else { throw ValidationError("give at least one --raster") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let engine = ZonalEngine.geoTIFF(workers: threads ?? defaultWorkerCount)
        var bands: [BandSource] = []
        for path in raster {
            let count = try engine.openRaster(path).bandCount
            bands += (1...count).map { BandSource(path: path, band: $0) }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let cells = try engine.decodeOnly(bands: bands)
        let elapsed = (clock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        print(
            String(
                format: "%d bands, %d cells decoded in %.3f s on %d thread(s): %.1f million cells/s per thread",
                bands.count, cells, seconds, engine.workers, Double(cells) / seconds / Double(engine.workers) / 1e6))
    }
}
