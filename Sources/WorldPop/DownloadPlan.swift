import Foundation

/// What a run would need to download, and how much: shown before downloading starts, and by
/// `sync --dry-run` instead of downloading.
public struct DownloadPlan: Sendable {
    public struct Item: Sendable {
        public enum Source: Sendable {
            /// Already on disk (the WorldPop folder or the cache).
            case local(URL)
            /// To download from this URL; size nil when the server did not say.
            case download(URL, size: Int64?)
            /// No server has it (404 everywhere) or none answered.
            case unavailable
        }

        public var file: WorldPopFile
        public var source: Source
    }

    public var items: [Item]

    public var downloads: [Item] { items.filter { if case .download = $0.source { return true } else { return false } } }
    public var unavailable: [Item] { items.filter { if case .unavailable = $0.source { return true } else { return false } } }
    /// Bytes to download (files of unknown size not counted: see `unknownSizes`).
    public var totalBytes: Int64 {
        items.reduce(0) { sum, item in if case .download(_, let size?) = item.source { return sum + size } else { return sum } }
    }
    /// The size the plan's query announced for the file's download, to hold the body to.
    public func announcedSize(of file: WorldPopFile) -> (url: URL, size: Int64)? {
        for item in items where item.file == file {
            if case .download(let url, let size?) = item.source { return (url, size) }
        }
        return nil
    }

    public var unknownSizes: Int {
        items.filter { if case .download(_, nil) = $0.source { return true } else { return false } }.count
    }

    /// The plan in plain lines: one per file to download with its size, then the total.
    public var lines: [String] {
        var out: [String] = []
        for item in items {
            switch item.source {
            case .download(let url, let size):
                out.append(
                    "download  \(size.map(Self.bytes) ?? "size unknown")  \(url.absoluteString)")
            case .local(let url): out.append("on disk   \(url.path)")
            case .unavailable: out.append("MISSING   \(item.file.path): no server has it (check --iso3, the year and the product)")
            }
        }
        let unknown = unknownSizes > 0 ? " (+\(unknownSizes) file(s) of unknown size)" : ""
        out.append(
            "\(downloads.count) file(s) to download, \(Self.bytes(totalBytes))\(unknown); "
                + "\(items.count - downloads.count - unavailable.count) already on disk"
        )
        return out
    }

    /// "1.2 GB", "350.0 MB", "12 KB" (decimal units, as servers and disks count).
    public static func bytes(_ n: Int64) -> String {
        let v = Double(n)
        if v >= 1e9 { return String(format: "%.2f GB", v / 1e9) }
        if v >= 1e6 { return String(format: "%.1f MB", v / 1e6) }
        if v >= 1e3 { return String(format: "%.0f KB", v / 1e3) }
        return "\(n) B"
    }
}

extension RasterStore {
    /// The plan for these files: local ones, and the size of each download (HEAD or FTP SIZE),
    /// asked with at most `parallel` connections.
    public func plan(_ files: [WorldPopFile], parallel: Int = 4) async -> DownloadPlan {
        let items = await boundedMap(files, parallel: parallel) { file -> DownloadPlan.Item in
            // A cached copy that fails its check is planned as a download: the run replaces it.
            if let local = folderCopy(of: file) ?? cache.checkedCachedURL(for: file) { return .init(file: file, source: .local(local)) }
            if offline { return .init(file: file, source: .unavailable) }
            guard let found = await cache.remoteSize(of: file) else { return .init(file: file, source: .unavailable) }
            return .init(file: file, source: .download(found.url, size: found.size))
        }
        return DownloadPlan(items: items)
    }
}

/// `transform` over `items` with at most `parallel` running at once, results in input order.
func boundedMap<T: Sendable, R: Sendable>(_ items: [T], parallel: Int, _ transform: @escaping @Sendable (T) async -> R) async -> [R] {
    await withTaskGroup(of: (Int, R).self) { group in
        var results = [R?](repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(max(parallel, 1), items.count) {
            let i = next
            group.addTask { (i, await transform(items[i])) }
            next += 1
        }
        while let (i, r) = await group.next() {
            results[i] = r
            if next < items.count {
                let j = next
                group.addTask { (j, await transform(items[j])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
