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
    }

    /// Short stable name used on the command line and in configs: `g2-total-100m`.
    public var id: String
    public var title: String
    /// The release recorded in every credit line ("Global 2 R2025A"); WorldPop may revise a release.
    public var release: String
    public var years: ClosedRange<Int>
    public var resolution: String
    public var content: Content
    /// Path under the data server's root. Tokens: `{YEAR}`, `{ISO3}`, `{iso3}`, `{SEX}` (f or m),
    /// `{AGE}` (first year of the age group) and `{AGE2}` (the same, two digits).
    public var pathTemplate: String
    /// First years of the age groups, the last open-ended (age/sex products only).
    public var ageStarts: [Int]
    /// The total-population product on the same grid, used to check the age/sex sums.
    public var totalCompanion: String?
    public var notes: String

    public init(id: String, title: String, release: String, years: ClosedRange<Int>, resolution: String, content: Content,
                pathTemplate: String, ageStarts: [Int] = [], totalCompanion: String? = nil, notes: String = "") {
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
            return [WorldPopFile(path: render(country: country, year: year), layer: .total)]
        case .ageSex:
            return ["f", "m"].flatMap { sex in
                ageStarts.enumerated().map { i, start in
                    let end = i + 1 < ageStarts.count ? ageStarts[i + 1] : nil
                    return WorldPopFile(path: render(country: country, year: year, sex: sex, age: start),
                                        layer: .ageSex(sex: sex, ageStart: start, ageEnd: end))
                }
            }
        }
    }

    /// "WorldPop (www.worldpop.org), Global 2 R2025A, total population 100 m constrained, COD 2020, CC BY 4.0".
    public func credit(iso3: String, years: [Int]) -> String {
        let span = years.count > 1 ? "\(years.min()!)–\(years.max()!)" : years.first.map(String.init) ?? ""
        return "WorldPop (www.worldpop.org), \(release), \(title), \(iso3.uppercased()) \(span), CC BY 4.0"
    }

    func render(country: ISO3, year: Int, sex: String = "", age: Int = 0) -> String {
        let two = age < 10 ? "0\(age)" : "\(age)"
        return pathTemplate
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
        /// `sex` is "f" or "m"; ages `ageStart ..< ageEnd` (nil: open-ended).
        case ageSex(sex: String, ageStart: Int, ageEnd: Int?)
    }

    public var path: String
    public var layer: Layer

    public init(path: String, layer: Layer) {
        self.path = path
        self.layer = layer
    }

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
}
