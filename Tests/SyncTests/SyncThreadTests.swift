import Foundation
import GDALBinding
import Grid
import Parallel
import Synchronization
import Testing
import Zonal

@testable import Sync

/// Where a sync computes. On the Swift concurrency pool (one thread per core) its seconds to
/// minutes of CPU held up every other task of the process: serve could not answer the page or
/// the DHIS2 app while a job summed a country, and a loaded test suite saw a test with nothing
/// to compute run out of its time limit.
@Suite struct SyncThreadTests {
    @Test func aSyncAndAPreviewComputeOnTheirOwnQueueAndThreadsNeverOnThePool() async throws {
        try await withHarness { h in
            let places = Mutex<Set<String>>([])
            // The plan reads the sample raster alone. It is one block; in 16-row blocks it is 16
            // strips, for more than one worker to read (how many do depends on timing: the first
            // one may take them all).
            let sample = try GeoTIFF(path: arubaRaster)
            var cells: [Float] = []
            try sample.readRows(band: 1, firstRow: 0, rowCount: sample.grid.height, into: &cells)
            let sixteenRowBlocks = MemoryRaster(
                name: arubaRaster, grid: sample.grid, bands: [cells], noData: sample.noData(band: 1), blockHeight: 16)
            var runner = h.runner
            // Three workers: the sync's own queue and two threads of their own.
            runner.engine = ZonalEngine(workers: 3) { path in
                #expect(path == arubaRaster)
                let place = isOnDedicatedThread ? "a compute thread" : QueueExecutor.currentLabel
                places.withLock { _ = $0.insert(place ?? "elsewhere: \(Thread.callStackSymbols.joined(separator: "\n"))") }
                return sixteenRowBlocks
            }
            let preview = try await runner.preview(h.plan())
            #expect(preview.table.estimates.count == 8)  // Aruba and its 7 mapped districts
            let previewPlaces = places.withLock { $0 }
            #expect(previewPlaces.contains("sync"))
            #expect(previewPlaces.isSubset(of: ["sync", "a compute thread"]), "\(previewPlaces)")
            places.withLock { $0 = [] }
            let outcome = try await runner.run(h.plan())
            #expect(outcome.created.count == 7)
            let syncPlaces = places.withLock { $0 }
            #expect(syncPlaces.contains("sync"))
            #expect(syncPlaces.isSubset(of: ["sync", "a compute thread"]), "\(syncPlaces)")
        }
    }
}
