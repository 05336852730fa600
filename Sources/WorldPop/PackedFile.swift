import Archive
import Foundation

/// WorldPop files that come as zip or 7z packs (under-18, births, pregnancies): checked as
/// archives when downloaded, and their GeoTIFF unpacked into the cache — never beside a folder
/// the user gave (`--worldpop-dir` is theirs) and never anywhere else.
public enum PackedFile {
    public static func isArchive(_ path: String) -> Bool {
        ["zip", "7z"].contains((path as NSString).pathExtension.lowercased())
    }

    /// The check a downloaded pack passes before it gets its final name: its headers are safe.
    public static func check(_ url: URL) throws { try SafeArchive.check(url.path) }

    /// A pack named on the command line (`zonal --raster pack.7z --member …`): its GeoTIFF unpacked
    /// (once) under `cache/unpacked/local/<the pack's file name>/`.
    public static func member(_ suffix: String, of archive: URL, cache: URL) throws -> URL {
        guard let folder = CacheFolder.place("unpacked/local/" + archive.lastPathComponent, under: cache) else {
            throw WorldPopError.pathOutsideCache(url: archive.path, folder: cache.path)
        }
        return try SafeArchive.unpack(archive.path, member: suffix, into: folder)
    }

    /// The GeoTIFF of a packed file, unpacked (once) under `cache/unpacked/<the pack's server path>/`.
    public static func member(of file: WorldPopFile, at local: URL, cache: URL) throws -> URL {
        guard let member = file.archiveMember else { return local }
        guard let folder = CacheFolder.place("unpacked/" + file.path, under: cache) else {
            throw WorldPopError.pathOutsideCache(url: file.path, folder: cache.path)
        }
        return try SafeArchive.unpack(local.path, member: member, into: folder)
    }
}
