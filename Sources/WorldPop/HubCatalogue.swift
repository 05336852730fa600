import Foundation

/// A product's listing in the hub's REST API: `rest/data/{category}/{alias}?iso3=COD`.
public struct HubAlias: Sendable, Hashable {
    public var category: String
    public var alias: String

    public init(_ category: String, _ alias: String) {
        self.category = category
        self.alias = alias
    }
}

/// One year of a product for one country, as the hub lists it.
public struct HubRecord: Sendable, Hashable, Codable {
    public var year: Int
    public var title: String
    public var doi: String?
    public var citation: String?
    /// File paths under the data server's root (the hub gives full https:// or ftp:// URLs).
    public var paths: [String]
    /// `"archive": "Y"`: a superseded record the hub still lists; a current one for the year is preferred.
    public var archived = false
}

/// The hub's REST API (`https://hub.worldpop.org/rest/data/…`): per product, country and year
/// the real file URLs, the DOI and the citation. Answers are kept in the cache folder, so a run
/// without network uses what the last one saw; without either, the caller falls back to the URL
/// templates.
///
/// Answer shape (as in OCHA-DAP/hdx-scraper-worldpop's recorded fixtures): `{"data": [{"popyear":
/// "2020", "doi": "10.5258/SOTON/WP00839", "citation": "…", "data_file": "GIS/…", "files":
/// ["https://data.worldpop.org/GIS/…tif"], …}]}`. Kosovo is queried as `KOS`, its files are under `XKX`.
public struct HubCatalogue: Sendable {
    public var hub: URL
    /// Where answers are kept (`<cache>/hub/<alias>/<ISO3>.json`); nil keeps nothing.
    public var cacheDirectory: URL?
    public var offline: Bool
    /// Seconds to connect, and without data: the hub is a convenience, the templates a fallback.
    public var timeout = 15

    public init(hub: URL = URL(string: WorldPopCatalogue.defaultHub)!, cacheDirectory: URL?, offline: Bool = false) {
        self.hub = hub
        self.cacheDirectory = cacheDirectory
        self.offline = offline
    }

    /// The hub's query code for a country: Kosovo's files are `XKX`, the hub's code is `KOS`.
    static func queryCode(_ iso3: String) -> String { iso3.uppercased() == "XKX" ? "KOS" : iso3.uppercased() }

    public func url(for alias: HubAlias, iso3: String) -> URL {
        var components = URLComponents(
            url: hub.appendingPathComponent("rest/data/\(alias.category)/\(alias.alias)"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "iso3", value: Self.queryCode(iso3))]
        return components.url!
    }

    /// The records of a product for a country: from the hub, else from the last answer kept.
    public func records(_ alias: HubAlias, iso3: String) async throws -> [HubRecord] {
        let kept = cacheDirectory?.appendingPathComponent("hub/\(alias.alias)/\(iso3.uppercased()).json")
        var problem = "not asked: offline"
        if !offline {
            let outcome = await CurlTransfer(
                url: url(for: alias, iso3: iso3), sink: .memory, stallTimeout: timeout, connectTimeout: timeout
            ).run()
            if outcome.completed, outcome.responseCode == 200 {
                let records = try Self.parse(outcome.body, source: url(for: alias, iso3: iso3).absoluteString)
                if let kept {
                    try? FileManager.default.createDirectory(at: kept.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try? outcome.body.write(to: kept, options: .atomic)
                }
                return records
            }
            problem = outcome.completed ? "HTTP \(outcome.responseCode)" : outcome.message
        }
        if let kept, let data = try? Data(contentsOf: kept) { return try Self.parse(data, source: kept.path) }
        throw WorldPopError.hubUnavailable(url: url(for: alias, iso3: iso3).absoluteString, reason: problem)
    }

    static func parse(_ data: Data, source: String) throws -> [HubRecord] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let rows = root["data"] as? [[String: Any]] else {
            throw WorldPopError.hubAnswer(source: source, reason: "no \"data\" list")
        }
        return rows.compactMap { row in
            guard let yearText = row["popyear"].map({ "\($0)" }), let year = Int(yearText) else { return nil }
            // The hub's records carry `"public": "Y"`; anything else is not for download (recorded answers in
            // OCHA-DAP/hdx-scraper-worldpop tests/fixtures/input/*.json have the field on every record).
            if let flag = row["public"] as? String, flag.uppercased() != "Y" { return nil }
            let urls = (row["files"] as? [String]) ?? []
            var record = HubRecord(
                year: year, title: row["title"] as? String ?? "", doi: row["doi"] as? String,
                citation: row["citation"] as? String, paths: urls.compactMap(serverPath))
            record.archived = (row["archive"] as? String)?.uppercased() == "Y"
            return record
        }
    }

    /// The record of a year: a current one before an archived one, else the hub's order.
    static func record(for year: Int, in records: [HubRecord]) -> HubRecord? {
        records.first { $0.year == year && !$0.archived } ?? records.first { $0.year == year }
    }

    /// "https://data.worldpop.org/GIS/…//x.tif" or "ftp://ftp.worldpop.org.uk/GIS/…" → "GIS/…/x.tif".
    /// The hub's age/sex URLs have a doubled slash before the file name.
    static func serverPath(_ text: String) -> String? {
        guard let url = URL(string: text), url.host != nil else { return nil }
        let parts = url.path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
