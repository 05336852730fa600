import Foundation

/// The rules of writing in the cache folder: where a server path may land, and what a failed
/// write means to the person who chose the folder.
enum CacheFolder {
    /// `path` under `root`, or nil when it would land outside it. Paths come from remote answers
    /// (the hub's file URLs, a mirror's layout), so `..` segments are resolved before the check,
    /// never trusted.
    static func place(_ path: String, under root: URL) -> URL? {
        let base = root.standardizedFileURL.path
        let target = root.appendingPathComponent(path).standardizedFileURL
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard target.path.hasPrefix(prefix), target.path.count > prefix.count else { return nil }
        return target
    }

    /// Errors that no retry mends: the disk is full, or the folder cannot be written at all.
    static func isFatal(errno code: Int32) -> Bool { [ENOSPC, EDQUOT, EROFS, EACCES, EPERM, ENOTDIR].contains(code) }

    /// One message naming the folder and the way out, instead of Foundation's Cocoa codes.
    static func writeError(errno code: Int32, folder: URL, url: String, needed: Int64?) -> WorldPopError {
        if code == ENOSPC || code == EDQUOT {
            return .diskFull(folder: folder.path, url: url, needed: needed, free: freeBytes(at: folder))
        }
        return .cacheNotWritable(folder: folder.path, reason: String(cString: strerror(code)))
    }

    /// `mkdir -p`, failing with the errno that stopped it: Foundation's createDirectory answers
    /// a folder under a regular file with a Cocoa code and no POSIX reason.
    static func makeFolder(_ url: URL) -> Int32? {
        var path = ""
        for component in url.standardizedFileURL.pathComponents {
            path = path.isEmpty ? component : (path as NSString).appendingPathComponent(component)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
                if !isFolder.boolValue { return ENOTDIR }
                continue
            }
            if mkdir(path, 0o755) != 0, errno != EEXIST { return errno }
        }
        return nil
    }

    /// Bytes free on the disk holding `folder` (or its nearest existing parent).
    static func freeBytes(at folder: URL) -> Int64? {
        var probe = folder
        while !FileManager.default.fileExists(atPath: probe.path), probe.pathComponents.count > 1 { probe.deleteLastPathComponent() }
        var stats = statvfs()
        guard statvfs(probe.path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
