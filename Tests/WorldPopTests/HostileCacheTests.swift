import Foundation
import GDALBinding
import Grid
import TestSupport
import Testing
import WorldPopStandIn

@testable import WorldPop

/// Issue 23: answers and disks that would otherwise write outside the cache, keep a cut-short
/// file, or retry what no retry mends.
@Suite struct HostileCacheTests {
    /// A hub record whose file URL climbs out of the cache with `..` (curl would fetch it: it
    /// resolves the dots against the server's root).
    @Test func aHubFileURLClimbingOutOfTheCacheIsRefusedAndNothingWritten() async throws {
        let root = try serverRoot()
        let escaped = "escaped/abw_ppp_2020_UNadj_constrained.tif"
        try FileManager.default.createDirectory(at: root.appendingPathComponent("escaped"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sample, to: root.appendingPathComponent(escaped))
        let server = WorldPopFileServer(root: root)
        let url = try await server.start()
        let record = #"{"data": [{"popyear": "2020", "files": ["\#(url.absoluteString)GIS/../../../\#(escaped)"]}]}"#
        server.answer("rest/data/pop/cic2020_UNadj_100m?iso3=ABW", with: Data(record.utf8))
        let base = temporaryDirectory()
        let folder = base.appendingPathComponent("a/b/c")
        let resolution = try await WorldPopResolver(hub: testHub(url, nil)).resolve(product, iso3: "ABW", year: 2020)
        #expect(resolution.files.map(\.path) == ["GIS/../../../\(escaped)"])
        let cache = DownloadCache(directory: folder, server: url) { _ = try GeoTIFF(path: $0.path) }
        let store = RasterStore(folder: nil, cache: cache, offline: false)
        let results = await store.locateAll(resolution.files, plan: await store.plan(resolution.files))
        await server.stop()
        guard case .failure(let error) = results[0] else {
            Issue.record("downloaded outside the cache")
            return
        }
        #expect(
            "\(error)"
                == "refused \(url.absoluteString)GIS/../../../\(escaped): the WorldPop answer names a file outside the cache folder "
                + "'\(folder.path)' (its path climbs out with ..); nothing was written. Check --worldpop-hub and --worldpop-url")
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("a/escaped").path))
        #expect(server.requests.map(\.path) == ["rest/data/pop/cic2020_UNadj_100m?iso3=ABW"])
    }

    @Test func pathsAreKeptInsideTheirFolder() {
        let root = URL(fileURLWithPath: "/cache/wp")
        #expect(CacheFolder.place("GIS/a/x.tif", under: root)?.path == "/cache/wp/GIS/a/x.tif")
        #expect(CacheFolder.place("GIS/../x.tif", under: root)?.path == "/cache/wp/x.tif")
        #expect(CacheFolder.place("GIS/../../x.tif", under: root) == nil)
        #expect(CacheFolder.place("../wp2/x.tif", under: root) == nil)
        #expect(CacheFolder.place("..", under: root) == nil)
    }

    /// HEAD announces the whole file, GET sends less with a Content-Length that agrees (curl sees
    /// a complete transfer) and the cut file still opens in GDAL: it must not be installed.
    @Test func aBodyShorterThanHEADAnnouncedIsNeverInstalled() async throws {
        let root = temporaryDirectory()
        let whole = try bigRaster(megabytes: 1, under: root, path: bigFile.path)
        let size = DownloadCache.size(of: whole)
        let server = WorldPopFileServer(root: root, faults: .init(truncateTo: 500_000))
        let url = try await server.start()
        var cache = DownloadCache(directory: temporaryDirectory(), servers: [url]) { _ = try GeoTIFF(path: $0.path) }
        cache.retry.initialDelay = .milliseconds(10)
        let store = RasterStore(folder: nil, cache: cache, offline: false)
        let plan = await store.plan([bigFile])
        #expect(plan.announcedSize(of: bigFile)?.size == size)
        let results = await store.locateAll([bigFile], plan: plan)
        await server.stop()
        guard case .failure(let error) = results[0] else {
            Issue.record("a cut-short body was installed")
            return
        }
        #expect(
            "\(error)"
                == "downloaded 500000 bytes of \(url.appendingPathComponent(bigFile.path).absoluteString) but the server announced "
                + "\(size): the partial file was removed, run again")
        #expect(!cache.contains(bigFile))
        #expect(!FileManager.default.fileExists(atPath: cache.localURL(for: bigFile).path + ".part"))
        #expect(server.requests.count == 1)
    }

    /// A cut-short file an earlier version installed fails its check on the next run: removed,
    /// fetched again once, and said.
    @Test func aCachedFileFailingItsCheckIsRemovedAndFetchedAgainOnce() async throws {
        let root = temporaryDirectory()
        let whole = try bigRaster(megabytes: 1, under: root, path: bigFile.path)
        let server = WorldPopFileServer(root: root)
        let url = try await server.start()
        let cache = DownloadCache(directory: temporaryDirectory(), servers: [url]) { try GeoTIFF(path: $0.path).checkComplete() }
        let local = cache.localURL(for: bigFile)
        try FileManager.default.createDirectory(at: local.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(try Data(contentsOf: whole).prefix(500_000)).write(to: local)
        #expect(throws: RasterError.self) { try GeoTIFF(path: local.path).checkComplete() }
        let store = RasterStore(folder: nil, cache: cache, offline: false)
        let plan = await store.plan([bigFile])
        #expect(plan.downloads.count == 1)
        let report = try await store.locateAll([bigFile], plan: plan)[0].get()
        await server.stop()
        #expect(FileManager.contentsEqual(report.local, whole))
        #expect(server.requests.count == 1)
        #expect(
            report.notes == [
                "the cached \(local.path) failed its check (raster '\(local.path)' is cut short: its data end at byte "
                    + "\(DownloadCache.size(of: whole)) but the file has 500000 bytes. Re-download it.): it was removed and "
                    + "downloaded again"
            ])
    }

    @Test func offlineACachedFileFailingItsCheckIsRemovedAndNamed() async throws {
        let cache = DownloadCache(directory: temporaryDirectory(), server: URL(string: "http://127.0.0.1:9/")!) {
            try GeoTIFF(path: $0.path).checkComplete()
        }
        let local = cache.localURL(for: arubaFile)
        try FileManager.default.createDirectory(at: local.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not a tiff".utf8).write(to: local)
        let store = RasterStore(folder: nil, cache: cache, offline: true)
        let error = await #expect(throws: WorldPopError.self) { try await store.locate(arubaFile) }
        #expect(error?.description.hasPrefix("the cached file '\(local.path)' failed its check (cannot open raster") == true)
        #expect(error?.description.hasSuffix("and was removed: run without --offline to download it again") == true)
        #expect(!cache.contains(arubaFile))
    }

    /// A 1 MB disk for a 3 MB file: ENOSPC once, said with the folder and the sizes, no retry.
    @Test(.enabled(if: TemporaryMount.isAvailable, "mounts a 1 MB tmpfs: needs root and a kernel that allows it"))
    func aFullDiskStopsAtOnceSayingWhatIsNeeded() async throws {
        let root = temporaryDirectory()
        let whole = try bigRaster(megabytes: 3, under: root, path: bigFile.path)
        let server = WorldPopFileServer(root: root)
        let url = try await server.start()
        let disk = try TemporaryMount(megabytes: 1)
        defer { disk.unmount() }
        let cache = DownloadCache(directory: disk.folder, servers: [url]) { _ = try GeoTIFF(path: $0.path) }
        let store = RasterStore(folder: nil, cache: cache, offline: false)
        let plan = await store.plan([bigFile])
        let results = await store.locateAll([bigFile], plan: plan)
        await server.stop()
        guard case .failure(let error) = results[0] else {
            Issue.record("3 MB fitted on a 1 MB disk")
            return
        }
        let text = "\(error)"
        #expect(
            text.hasPrefix(
                "the disk of the cache folder '\(disk.folder.path)' is full (writing "
                    + "\(url.appendingPathComponent(bigFile.path).absoluteString) "
                    + "stopped). The run's downloads need \(DownloadPlan.bytes(DownloadCache.size(of: whole))) in all; "))
        #expect(
            text.hasSuffix(" free. Free some space, or give a folder on a larger disk with --cache-dir; what arrived is kept and resumed"))
        #expect(server.requests.count == 1)
        #expect(!cache.contains(bigFile))
    }

    @Test(.enabled(if: TemporaryMount.isAvailable, "mounts a read-only tmpfs: needs root and a kernel that allows it"))
    func aReadOnlyCacheFolderIsNamedWithTheFix() async throws {
        try await withServer { server, cache in
            let disk = try TemporaryMount(megabytes: 1, readOnly: true)
            defer { disk.unmount() }
            var readOnly = cache
            readOnly.directory = disk.folder
            let error = await #expect(throws: WorldPopError.self) { try await readOnly.fetch(arubaFile) }
            #expect(
                error?.description
                    == "cannot write in the cache folder '\(disk.folder.path)' (Read-only file system): give a writable folder with "
                    + "--cache-dir"
            )
            #expect(server.requests.isEmpty)
        }
    }

    /// As root nothing is denied by permissions; a folder under a regular file fails for everyone.
    @Test func aCacheFolderUnderAFileIsNamedWithTheFix() async throws {
        try await withServer { server, cache in
            let file = temporaryDirectory().appendingPathComponent("not-a-folder")
            try Data("x".utf8).write(to: file)
            var blocked = cache
            blocked.directory = file.appendingPathComponent("cache")
            let error = await #expect(throws: WorldPopError.self) { try await blocked.fetch(arubaFile) }
            #expect(
                error?.description
                    == "cannot write in the cache folder '\(blocked.directory.path)' (Not a directory): give a writable folder with "
                    + "--cache-dir"
            )
            #expect(server.requests.isEmpty)
        }
    }
}
