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
        case .countryUndetermined(let reason):
            return "cannot tell which country's rasters to use: \(reason). Give --iso3 (e.g. --iso3 COD)"
        }
    }
}
