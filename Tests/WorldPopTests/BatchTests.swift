import Foundation
import GDALBinding
import TestSupport
import Testing
import WorldPopStandIn

@testable import WorldPop

/// Several files at once, and the plan shown before: sizes from HEAD, at most 4 transfers.
@Suite struct BatchTests {
    /// Six copies of the Aruba sample under six countries' folders.
    func sixCountries() throws -> (root: URL, files: [WorldPopFile]) {
        let root = temporaryDirectory()
        var files: [WorldPopFile] = []
        for iso3 in ["ABW", "COD", "NGA", "SLE", "KEN", "PHL"] {
            let file = try product.files(iso3: iso3, year: 2020)[0]
            let target = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: sample, to: target)
            files.append(file)
        }
        return (root, files)
    }

    @Test func thePlanNamesEachDownloadWithItsSizeAndTheTotal() async throws {
        let (root, files) = try sixCountries()
        let server = WorldPopFileServer(root: root)
        let url = try await server.start()
        let cacheDir = temporaryDirectory()
        // One file already local.
        let local = cacheDir.appendingPathComponent(files[0].path)
        try FileManager.default.createDirectory(at: local.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sample, to: local)
        let store = RasterStore(folder: nil, cache: DownloadCache(directory: cacheDir, servers: [url]) { _ in }, offline: false)
        let missing = try WorldPopCatalogue.product("g2-total-100m").files(iso3: "COD", year: 2020)
        let plan = await store.plan(files + missing)
        await server.stop()
        let size = DownloadCache.size(of: sample)
        #expect(plan.downloads.count == 5)
        #expect(plan.totalBytes == 5 * size)
        #expect(plan.unavailable.map(\.file) == missing)
        #expect(plan.lines[1] == "download  \(DownloadPlan.bytes(size))  \(url.absoluteString)\(files[1].path)")
        #expect(plan.lines.last == "5 file(s) to download, \(DownloadPlan.bytes(5 * size)); 1 already on disk")
        // Only HEADs (one per file not on disk, two places for the missing one): nothing was downloaded.
        #expect(server.requests.isEmpty)
        #expect(server.sizeQueries.count == 5 + 1)
        #expect(DownloadPlan.bytes(209_715_200) == "209.7 MB")
    }

    @Test func downloadsRunFourAtATimeWithProgressPerFileAndOverall() async throws {
        let (root, files) = try sixCountries()
        let server = WorldPopFileServer(root: root, faults: .init(bodyDelay: 0.3))
        let url = try await server.start()
        let store = RasterStore(
            folder: nil, cache: DownloadCache(directory: temporaryDirectory(), servers: [url]) { _ = try GeoTIFF(path: $0.path) },
            offline: false)
        let plan = await store.plan(files)
        let seen = ProgressLog()
        let results = await store.locateAll(files, plan: plan, parallel: 4) { seen.add($0) }
        await server.stop()
        let size = DownloadCache.size(of: sample)
        #expect(results.count == 6)
        for (file, result) in zip(files, results) {
            let report = try result.get()
            #expect(report.local.path.hasSuffix(file.path))
            #expect(report.size == size)
        }
        // Six slow bodies, four at a time: the server saw exactly four at once, never more.
        #expect(server.mostConcurrentBodies == 4)
        #expect(seen.maxInFlight <= 4)
        #expect(seen.last?.filesDone == 6)
        #expect(seen.last?.overallDone == 6 * size)
        #expect(seen.last?.overallTotal == 6 * size)
        #expect(
            seen.last?.label.hasSuffix(
                "all 6/6 files, \(DownloadPlan.bytes(6 * size)) of \(DownloadPlan.bytes(6 * size))") == true)
    }
}

/// Progress reports from the transfer threads; in flight = files that moved but are not done.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var moving: Set<String> = []
    private var finished = 0
    private(set) var maxInFlight = 0
    private(set) var last: BatchProgress?

    func add(_ p: BatchProgress) {
        lock.withLock {
            if p.filesDone > finished {
                finished = p.filesDone
                moving.remove(p.file.path)
            } else {
                moving.insert(p.file.path)
            }
            maxInFlight = max(maxInFlight, moving.count)
            last = p
        }
    }
}
