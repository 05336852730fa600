import Foundation

/// A WorldPop product: which grids exist for which years, and where they are on WorldPop's data
/// server. The catalogue is data (`WorldPopCatalogue.products`) so that a new release is a new
/// row, not new code.
public struct WorldPopProduct: Sendable, Hashable {
    public enum Content: String, Sendable, Hashable {
        /// One file per year: people per cell.
        case total
        /// One file per sex and age group per year.
        case ageSex = "agesex"
        /// One file per year of cell classes (degree of urbanisation), read with the population
        /// product `populationProduct` on the same grid.
        case classes
    }

    /// Short stable name used on the command line and in configs: `g2-total-100m`.
    public var id: String
    public var title: String
    /// The release recorded in every credit line ("Global 2 R2025A"); WorldPop may revise a release.
    public var release: String
    public var years: ClosedRange<Int>
    public var resolution: String
    public var content: Content
    /// Path under the data server's root. Tokens: `{YEAR}`, `{ISO3}`, `{iso3}`, `{NAME}` (the country's
    /// name in WorldPop's births packs, `WorldPopCatalogue.packNames`), `{SEX}` (f, m or
    /// t), `{AGE}` (first year of the age group), `{AGE2}` (the same, two digits) and `{G1C}` (the
    /// Global 1 constrained folder of the country: `maxar_v1` or `BSGM`, see `Global1ConstrainedFolder`).
    public var pathTemplate: String
    /// First years of the age groups, the last open-ended (age/sex products only).
    public var ageStarts: [Int]
    /// The total-population product on the same grid, used to check the age/sex sums.
    public var totalCompanion: String?
    public var notes: String
    /// Sexes of an age/sex product's files: `f` and `m`, or `t` (both sexes) alone.
    public var sexes: [String] = ["f", "m"]
    /// The hub REST API's listing of this product (`rest/data/{category}/{alias}?iso3=…`).
    public var hub: HubAlias?
    /// The release's DOI, as the hub's records give it.
    public var doi: String?
    /// What a total that is not the whole population counts ("primary school-age population"):
    /// sync imports it into a data element of its own, never into *Population (WorldPop)*.
    public var subpopulation: String?
    /// First year that is a projection rather than an estimate (R2025A: 2025 onwards).
    public var projectedFrom: Int?
    /// Kosovo's code in this product's folders and file names: Global 1 has `KOS/kos_…` (its `XKX/`
    /// folder answers 404), Global 2 `XKX/xkx_…` (the hub's records say `KOS` for both).
    public var kosovoCode = "XKX"
    /// A class product's population raster, on the class grid (`content == .classes`).
    public var populationProduct: String?
    /// A class product's legend: the cell values and what they mean.
    public var classLegend: [CellClass] = []
    /// For a product packed in a zip or 7z: the end of the name of the GeoTIFF to take from it
    /// (tokens as in `pathTemplate`); nil for plain GeoTIFFs.
    public var archiveMember: String?
    /// What a 2015 count of this product counts ("live births"): sync turns it into a rate per
    /// person, applied to the population of the synced year.
    public var rateOf: String?

    public init(
        id: String, title: String, release: String, years: ClosedRange<Int>, resolution: String, content: Content,
        pathTemplate: String, ageStarts: [Int] = [], totalCompanion: String? = nil, notes: String = ""
    ) {
        self.id = id
        self.title = title
        self.release = release
        self.years = years
        self.resolution = resolution
        self.content = content
        self.pathTemplate = pathTemplate
        self.ageStarts = ageStarts
        self.totalCompanion = totalCompanion
        self.notes = notes
    }

    /// The files of one country and year, with the layer each holds.
    public func files(iso3: String, year: Int) throws -> [WorldPopFile] {
        let country = try ISO3(iso3)
        guard years.contains(year) else { throw WorldPopError.yearNotInProduct(product: id, year: year, years: years) }
        switch content {
        case .total:
            var file = WorldPopFile(
                path: render(country: country, year: year), layer: .total, alternatePaths: alternates(country: country, year: year))
            file.archiveMember = archiveMember.map { member(of: $0, country: country, year: year) }
            return [file]
        case .classes:
            return [WorldPopFile(path: render(country: country, year: year), layer: .classes)]
        case .ageSex:
            return sexes.flatMap { sex in
                ageStarts.enumerated().map { i, start in
                    let end = i + 1 < ageStarts.count ? ageStarts[i + 1] : nil
                    return WorldPopFile(
                        path: render(country: country, year: year, sex: sex, age: start),
                        layer: .ageSex(sex: sex, ageStart: start, ageEnd: end),
                        alternatePaths: alternates(country: country, year: year, sex: sex, age: start))
                }
            }
        }
    }

    /// The same file in the other Global 1 constrained folder, for a country the list misplaces.
    func alternates(country: ISO3, year: Int, sex: String = "", age: Int = 0) -> [String] {
        guard pathTemplate.contains("{G1C}") else { return [] }
        return Global1ConstrainedFolder.folders(for: country.upper).dropFirst()
            .map { render(country: country, year: year, sex: sex, age: age, folder: $0) }
    }

    /// Folders (relative to the server root) that hold one sub-folder per country for the year:
    /// where a local copy is looked for when the country is to be found from the org units.
    public func countryFolders(year: Int) -> [String] {
        let withYear = pathTemplate.replacingOccurrences(of: "{YEAR}", with: String(year))
        guard let marker = withYear.range(of: "{ISO3}") else { return [] }
        let prefix = String(withYear[..<marker.lowerBound])
        guard prefix.contains("{G1C}") else { return [prefix] }
        return Global1ConstrainedFolder.folders.map { prefix.replacingOccurrences(of: "{G1C}", with: $0) }
    }

    /// "WorldPop (www.worldpop.org), Global 2 R2025A, total population 100 m constrained, COD 2020, CC BY 4.0",
    /// then the DOI, and which years are projections.
    public func credit(iso3: String, years: [Int]) -> String {
        let span = years.count > 1 ? "\(years.min()!)–\(years.max()!)" : years.first.map(String.init) ?? ""
        var text = "WorldPop (www.worldpop.org), \(release), \(title), \(iso3.uppercased()) \(span), CC BY 4.0"
        if let doi { text += ", doi:\(doi)" }
        if let note = projectionNote(years: years) { text += ". " + note }
        return text
    }

    /// "2025–2030 are projections, not estimates (Global 2 R2025A, doi:…)" when some years are.
    public func projectionNote(years: [Int]) -> String? {
        guard let first = projectedFrom else { return nil }
        let projected = years.filter { $0 >= first }.sorted()
        guard let low = projected.first, let high = projected.last else { return nil }
        let span = low == high ? "\(low) is a projection" : "\(low)–\(high) are projections"
        return "\(span) from the \(release) release, not estimates\(doi.map { " (doi:\($0))" } ?? "")"
    }

    func member(of template: String, country: ISO3, year: Int) -> String {
        var copy = self
        copy.pathTemplate = template
        return copy.render(country: country, year: year)
    }

    func render(country: ISO3, year: Int, sex: String = "", age: Int = 0, folder: String? = nil) -> String {
        let two = age < 10 ? "0\(age)" : "\(age)"
        let country = country.isKosovo ? ISO3(verified: kosovoCode) : country
        return
            pathTemplate
            .replacingOccurrences(of: "{G1C}", with: folder ?? Global1ConstrainedFolder.folders(for: country.upper)[0])
            .replacingOccurrences(of: "{NAME}", with: WorldPopCatalogue.packNames[country.upper] ?? country.upper)
            .replacingOccurrences(of: "{YEAR}", with: String(year))
            .replacingOccurrences(of: "{ISO3}", with: country.upper)
            .replacingOccurrences(of: "{iso3}", with: country.lower)
            .replacingOccurrences(of: "{SEX}", with: sex)
            .replacingOccurrences(of: "{AGE2}", with: two)
            .replacingOccurrences(of: "{AGE}", with: String(age))
    }
}

/// One raster file of a product, relative to the server root (and to a local mirror folder).
public struct WorldPopFile: Sendable, Hashable {
    public enum Layer: Sendable, Hashable {
        case total
        /// `sex` is "f", "m" or "t" (both sexes); ages `ageStart ..< ageEnd` (nil: open-ended).
        case ageSex(sex: String, ageStart: Int, ageEnd: Int?)
        /// The class of every cell (`WorldPopProduct.classLegend`).
        case classes
    }

    public var path: String
    public var layer: Layer
    /// Other places the server may hold the same file (tried in order when `path` is missing).
    public var alternatePaths: [String]
    /// `path` is a zip or 7z: the end of the name of the GeoTIFF in it to read.
    public var archiveMember: String?

    public init(path: String, layer: Layer, alternatePaths: [String] = []) {
        self.path = path
        self.layer = layer
        self.alternatePaths = alternatePaths
    }

    /// `path`, then the alternates.
    public var candidatePaths: [String] { [path] + alternatePaths }

    public var fileName: String { String(path.split(separator: "/").last ?? Substring(path)) }
}

/// A country code as WorldPop uses it: ISO 3166-1 alpha-3, upper case in folders, lower case in
/// file names.
public struct ISO3: Sendable, Hashable {
    public let upper: String
    public var lower: String { upper.lowercased() }

    public init(_ text: String) throws {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw WorldPopError.badISO3(text) }
        upper = code
    }

    init(verified code: String) { upper = code }

    /// Kosovo has no ISO 3166 code: WorldPop uses `XKX` (Global 2 folders), `KOS` (Global 1 folders, the hub).
    var isKosovo: Bool { upper == "XKX" || upper == "KOS" }
}

extension WorldPopProduct {
    /// A copy with some fields changed: keeps the catalogue's rows readable.
    func with(_ change: (inout WorldPopProduct) -> Void) -> WorldPopProduct {
        var copy = self
        change(&copy)
        return copy
    }
}
