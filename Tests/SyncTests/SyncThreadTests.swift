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
            var runner = h.runner
            // Three workers: the sync's own queue and two threads of their own. The sample raster
            // is one block; in 16-row blocks it is 16 strips, for more than one worker to read
            // (how many do depends on timing: the first one may take them all).
            runner.engine = ZonalEngine(workers: 3) { path in
                let place = isOnDedicatedThread ? "a compute thread" : QueueExecutor.currentLabel
                places.withLock { _ = $0.insert(place ?? "elsewhere: \(Thread.callStackSymbols.joined(separator: "\n"))") }
                let file = try GeoTIFF(path: path)
                var cells: [Float] = []
                try file.readRows(band: 1, firstRow: 0, rowCount: file.grid.height, into: &cells)
                return MemoryRaster(name: path, grid: file.grid, bands: [cells], noData: file.noData(band: 1), blockHeight: 16)
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
