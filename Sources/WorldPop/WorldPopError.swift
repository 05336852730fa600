import Foundation

/// Problems getting WorldPop rasters, each naming the thing and the fix.
public enum WorldPopError: Error, CustomStringConvertible, Sendable {
    case badISO3(String)
    case unknownProduct(String, known: [String])
    case yearNotInProduct(product: String, year: Int, years: ClosedRange<Int>)
    case notFound(url: String)
    case httpStatus(url: String, status: Int)
    case downloadFailed(url: String, attempts: Int, reason: String)
    case sizeMismatch(url: String, expected: Int64, got: Int64)
    case notARaster(url: String, reason: String)
    case missingLocalFile(path: String, folder: String)
    case countryUndetermined(reason: String)
    case hubUnavailable(url: String, reason: String)
    case hubAnswer(source: String, reason: String)
    /// A remote answer names a file that would land outside the cache (`..` segments).
    case pathOutsideCache(url: String, folder: String)
    /// ENOSPC while writing a download: `needed` is what the run's downloads take in all.
    case diskFull(folder: String, url: String, needed: Int64?, free: Int64?)
    case cacheNotWritable(folder: String, reason: String)
    /// A cached file that fails its check offline, where it cannot be fetched again.
    case brokenCachedFile(path: String, reason: String)

    /// Problems of this machine or of the answer itself, which no other server or retry mends.
    var isLocal: Bool {
        switch self {
        case .pathOutsideCache, .diskFull, .cacheNotWritable: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .badISO3(let text):
            return "'\(text)' is not an ISO 3166-1 alpha-3 country code: give three letters, e.g. --iso3 COD"
        case .unknownProduct(let id, let known):
            return "unknown WorldPop product '\(id)': use one of \(known.joined(separator: ", ")) (`worldpop-dhis2 datasets` lists them)"
        case .yearNotInProduct(let product, let year, let years):
            return
                "WorldPop product '\(product)' covers \(years.lowerBound)–\(years.upperBound), not \(year): choose another year "
                + "or product (`worldpop-dhis2 datasets`)"
        case .notFound(let url):
            return "WorldPop has no file at \(url) (HTTP 404): check the country code, year and product (`worldpop-dhis2 datasets`)"
        case .httpStatus(let url, let status):
            return "downloading \(url) failed with HTTP \(status): check the address (--worldpop-url) and try again later"
        case .downloadFailed(let url, let attempts, let reason):
            return
                "downloading \(url) failed after \(attempts) attempt(s): \(reason). What arrived is kept and the next run resumes "
                + "it; or download the file yourself and pass --worldpop-dir"
        case .sizeMismatch(let url, let expected, let got):
            return "downloaded \(got) bytes of \(url) but the server announced \(expected): the partial file was removed, run again"
        case .notARaster(let url, let reason):
            return
                "the file downloaded from \(url) is not a readable GeoTIFF (\(reason)): it was removed from the cache; run again, "
                + "or check --worldpop-url"
        case .missingLocalFile(let path, let folder):
            return
                "'\(path)' is not in the WorldPop folder '\(folder)': lay the files out as on data.worldpop.org, or drop "
                + "--offline to download them"
        case .hubUnavailable(let url, let reason):
            return
                "the WorldPop hub did not answer \(url) (\(reason)) and no earlier answer is in the cache: the URL templates are "
                + "used instead; check --worldpop-hub or the network"
        case .hubAnswer(let source, let reason):
            return "the WorldPop hub's answer from \(source) is not what the REST API returns (\(reason)): check --worldpop-hub"
        case .pathOutsideCache(let url, let folder):
            return
                "refused \(url): the WorldPop answer names a file outside the cache folder '\(folder)' (its path climbs out with ..); "
                + "nothing was written. Check --worldpop-hub and --worldpop-url"
        case .diskFull(let folder, let url, let needed, let free):
            let need = needed.map { " The run's downloads need \(DownloadPlan.bytes($0)) in all" } ?? ""
            let left = free.map { "\(need.isEmpty ? " There is" : ";") \(DownloadPlan.bytes($0)) free" } ?? ""
            return
                "the disk of the cache folder '\(folder)' is full (writing \(url) stopped).\(need)\(left). Free some space, or give "
                + "a folder on a larger disk with --cache-dir; what arrived is kept and resumed"
        case .cacheNotWritable(let folder, let reason):
            return "cannot write in the cache folder '\(folder)' (\(reason)): give a writable folder with --cache-dir"
        case .brokenCachedFile(let path, let reason):
            return
                "the cached file '\(path)' failed its check (\(reason)) and was removed: run without --offline to download it "
                + "again"
        case .countryUndetermined(let reason):
            return "cannot tell which country's rasters to use: \(reason). Give --iso3 (e.g. --iso3 COD)"
        }
    }
}
