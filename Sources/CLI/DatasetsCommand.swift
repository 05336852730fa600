import ArgumentParser
import Denominators
import Foundation
import WorldPop

/// `worldpop-dhis2 datasets`: the WorldPop products sync can use, and their files.
struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the WorldPop products and where their files are.",
        discussion: "With --iso3 and --year, prints the URL of every file of --product for that country and year."
    )

    @Option(name: .long, help: ArgumentHelp("Only this product; with --iso3 and --year, list its files.", valueName: "id"))
    var product: String?

    @Option(name: .long, help: ArgumentHelp("Country for the file list.", valueName: "ISO3"))
    var iso3: String?

    @Option(name: .long, help: ArgumentHelp("Year for the file list.", valueName: "year"))
    var year: Int?

    @Option(name: .long, help: ArgumentHelp("Data server (a mirror).", valueName: "url"))
    var worldpopURL = WorldPopCatalogue.defaultServer

    @Flag(name: .long, help: "JSON instead of a table.")
    var json = false

    func validate() throws {
        if (iso3 == nil) != (year == nil) { throw ValidationError("give both --iso3 and --year to list files") }
        if iso3 != nil, product == nil { throw ValidationError("give --product to list its files (ids: `worldpop-dhis2 datasets`)") }
    }

    func run() throws {
        let products = try product.map { [try WorldPopCatalogue.product($0)] } ?? WorldPopCatalogue.products
        let server = worldpopURL.hasSuffix("/") ? worldpopURL : worldpopURL + "/"
        if let iso3, let year, let p = products.first {
            let files = try p.files(iso3: iso3, year: year)
            if json {
                let rows = files.map { ["url": server + $0.path, "layer": Self.layer($0.layer)] }
                print(String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            } else {
                for f in files { print("\(Self.layer(f.layer))\t\(server)\(f.path)") }
            }
            return
        }
        if json {
            let rows: [[String: Any]] = products.map { p in
                ["id": p.id, "title": p.title, "release": p.release, "firstYear": p.years.lowerBound, "lastYear": p.years.upperBound,
                 "resolution": p.resolution, "content": p.content.rawValue, "pathTemplate": p.pathTemplate,
                 "ageGroups": p.ageStarts, "totalCompanion": p.totalCompanion ?? NSNull(), "notes": p.notes]
            }
            print(String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            return
        }
        let width = products.map(\.id.count).max() ?? 10
        print("id".padding(toLength: width, withPad: " ", startingAt: 0) + "  years      content  release          title")
        for p in products {
            print(p.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(p.years.lowerBound)–\(p.years.upperBound)  "
                + p.content.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
                + p.release.padding(toLength: 15, withPad: " ", startingAt: 0) + "  \(p.title)" + (p.notes.isEmpty ? "" : " (\(p.notes))"))
        }
        print("\nFiles: \(server)<pathTemplate> (--json shows the templates). Data: WorldPop (www.worldpop.org), CC BY 4.0.")
    }

    static func layer(_ layer: WorldPopFile.Layer) -> String {
        switch layer {
        case .total: return "total"
        case let .ageSex(sex, start, end): return "\(sex) \(AgeRange(start, end).label)"
        }
    }
}
