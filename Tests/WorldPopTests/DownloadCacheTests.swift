import Foundation
import GDALBinding
import TestSupport
import Testing
import WorldPopStandIn

@testable import WorldPop

let sample = URL(fileURLWithPath: samplePath("abw_ppp_2020_UNadj_constrained.tif"))
let product = try! WorldPopCatalogue.product("g1-constrained-2020-100m")
let arubaFile = try! product.files(iso3: "ABW", year: 2020)[0]

/// A server root holding the Aruba sample at its place in the server's layout.
func serverRoot() throws -> URL {
    let root = temporaryDirectory()
    let target = root.appendingPathComponent(arubaFile.path)
    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: sample, to: target)
    return root
}

func withServer(_ faults: WorldPopFileServer.Faults = .init(), _ body: (WorldPopFileServer, DownloadCache) async throws -> Void)
    async throws
{
    let server = WorldPopFileServer(root: try serverRoot(), faults: faults)
    let url = try await server.start()
    var cache = DownloadCache(directory: temporaryDirectory(), server: url) { _ = try GeoTIFF(path: $0.path) }
    cache.retry.initialDelay = .milliseconds(10)
    cache.timeout = 10
    do { try await body(server, cache) } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

@Suite struct DownloadCacheTests {
    let original = try! Data(contentsOf: sample)

    @Test func downloadsVerifiesAndReusesTheFile() async throws {
        try await withServer { server, cache in
            let got = try await cache.fetch(arubaFile)
            #expect(got.path.hasSuffix("/GIS/Population/Global_2000_2020_Constrained/2020/BSGM/ABW/abw_ppp_2020_UNadj_constrained.tif"))
            #expect(try Data(contentsOf: got) == original)
            #expect(!FileManager.default.fileExists(atPath: got.path + ".part"))
            // Second time: from the cache, no request.
            _ = try await cache.fetch(arubaFile)
            #expect(server.requests.count == 1)
        }
    }

    @Test func resumesAfterTheConnectionDropsMidFile() async throws {
        try await withServer(.init(dropAfterBytes: 20_000, dropCount: 2)) { server, cache in
            let sizes = SizeLog()
            let got = try await cache.fetch(arubaFile) { done, total in sizes.add(done, total) }
            #expect(try Data(contentsOf: got) == original)
            let ranges = server.requests.map(\.range)
            // 1st: whole file, dropped at 20,000; 2nd: from 20,000, dropped 20,000 later; 3rd: the rest.
            #expect(ranges == [nil, "bytes=20000-", "bytes=40000-"])
            #expect(server.requests.map(\.status) == [200, 206, 206])
            #expect(sizes.last?.0 == Int64(original.count))
            #expect(sizes.last?.1 == Int64(original.count))
        }
    }

    @Test func aRunCutOffMidFileIsResumedByTheNextRun() async throws {
        try await withServer(.init(dropAfterBytes: 30_000, dropCount: 1)) { server, cache in
            var oneShot = cache
            oneShot.retry.maxAttempts = 1
            let error = await #expect(throws: WorldPopError.self) { try await oneShot.fetch(arubaFile) }
            #expect(error?.description.contains("the next run resumes it") == true)
            let part = cache.localURL(for: arubaFile).appendingPathExtension("part")
            #expect(DownloadCache.size(of: part) == 30_000)
            #expect(!cache.contains(arubaFile))
            let got = try await cache.fetch(arubaFile)
            #expect(try Data(contentsOf: got) == original)
            #expect(server.requests.last?.range == "bytes=30000-")
        }
    }

    @Test func retriesServerErrors() async throws {
        try await withServer(.init(unavailableCount: 2)) { server, cache in
            let got = try await cache.fetch(arubaFile)
            #expect(try Data(contentsOf: got) == original)
            #expect(server.requests.map(\.status) == [503, 503, 200])
        }
    }

    @Test func aCorruptFileIsRefusedAndNotCached() async throws {
        try await withServer(.init(corrupt: true)) { _, cache in
            let error = await #expect(throws: WorldPopError.self) { try await cache.fetch(arubaFile) }
            #expect(error?.description.contains("is not a readable GeoTIFF") == true)
            #expect(!cache.contains(arubaFile))
            #expect(!FileManager.default.fileExists(atPath: cache.localURL(for: arubaFile).path + ".part"))
        }
    }

    @Test func aMissingFileIsNamedAndNotRetried() async throws {
        try await withServer { server, cache in
            let missing = try product.files(iso3: "NLD", year: 2020)[0]
            let error = await #expect(throws: WorldPopError.self) { try await cache.fetch(missing) }
            #expect(error?.description.contains("BSGM/NLD/nld_ppp_2020_UNadj_constrained.tif (HTTP 404)") == true)
            // Each place the file may be (BSGM/, then maxar_v1/) asked once, not retried.
            #expect(server.requests.map(\.path) == missing.candidatePaths)
            #expect(server.requests.map(\.path).last?.contains("/maxar_v1/NLD/") == true)
            #expect(server.requests.map(\.status) == [404, 404])
        }
    }

    @Test func localFolderWorksOfflineAndNamesMissingFiles() async throws {
        let root = try serverRoot()
        let cache = DownloadCache(directory: temporaryDirectory(), server: URL(string: "http://127.0.0.1:9/")!) { _ in }
        let store = RasterStore(folder: root, cache: cache, offline: true)
        #expect(try await store.locate(arubaFile).path == root.appendingPathComponent(arubaFile.path).path)
        #expect(store.localCountries(product: product, year: 2020) == ["ABW"])
        let missing = try product.files(iso3: "NLD", year: 2020)[0]
        let error = await #expect(throws: WorldPopError.self) { try await store.locate(missing) }
        #expect(error?.description.contains("is not in the WorldPop folder") == true)
    }
}

/// Progress reports, collected from URLSession's queue.
final class SizeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [(Int64, Int64?)] = []
    func add(_ done: Int64, _ total: Int64?) { lock.withLock { values.append((done, total)) } }
    var last: (Int64, Int64?)? { lock.withLock { values.last } }
}

@Suite struct ConcurrentDownloadTests {
    @Test func twoFetchesOfOneFileDownloadItOnce() async throws {
        try await withServer { server, cache in
            async let a = cache.fetch(arubaFile)
            async let b = cache.fetch(arubaFile)
            let (x, y) = try await (a, b)
            #expect(x == y)
            #expect(try Data(contentsOf: x) == (try Data(contentsOf: sample)))
            #expect(server.requests.count == 1)
        }
    }
}
