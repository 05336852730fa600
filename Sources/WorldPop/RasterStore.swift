import Foundation

/// Where the rasters of a run come from: a folder laid out like the data server (offline), then
/// the download cache, then the network — unless the run is offline.
public struct RasterStore: Sendable {
    /// A folder with the server's layout (`GIS/Population/…`), e.g. a copy made with wget -x or
    /// a shared drive.
    public var folder: URL?
    public var cache: DownloadCache
    public var offline: Bool

    public init(folder: URL?, cache: DownloadCache, offline: Bool) {
        self.folder = folder
        self.cache = cache
        self.offline = offline
    }

    /// The file on disk, downloading it when allowed and needed.
    public func locate(_ file: WorldPopFile, progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in }) async throws -> URL {
        if let local = folderCopy(of: file) { return local }
        if offline {
            if let cached = try cache.offlineCopy(of: file) { return cached }
            throw WorldPopError.missingLocalFile(path: file.path, folder: folder?.path ?? cache.directory.path)
        }
        return try await cache.fetch(file, progress: progress)
    }

    /// The file from the folder or the cache, without any network.
    public func localCopy(of file: WorldPopFile) -> URL? { folderCopy(of: file) ?? cache.cachedURL(for: file) }

    /// The file in the user's folder (never checked or removed: it is theirs, not the cache's).
    func folderCopy(of file: WorldPopFile) -> URL? {
        guard let folder else { return nil }
        return file.candidatePaths.compactMap { CacheFolder.place($0, under: folder) }.first {
            FileManager.default.fileExists(atPath: $0.path)
        }
    }

    /// Countries (ISO3) with a local copy of this file for the year: the candidates when the
    /// country is to be found from the org units' extent.
    public func localCountries(product: WorldPopProduct, year: Int) -> [String] {
        var found = Set<String>()
        for root in [folder, cache.directory].compactMap({ $0 }) {
            // Global 1 constrained countries are under maxar_v1/ or BSGM/: both are looked in.
            for prefix in product.countryFolders(year: year) {
                let dir = root.appendingPathComponent(prefix)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where name.count == 3 {
                    if let code = try? ISO3(name), let files = try? product.files(iso3: code.upper, year: year),
                        let first = files.first, localCopy(of: first) != nil
                    {
                        found.insert(code.upper)
                    }
                }
            }
        }
        return found.sorted()
    }
}
