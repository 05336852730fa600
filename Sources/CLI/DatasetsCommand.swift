import ArgumentParser
import Denominators
import Foundation
import Sync
import WorldPop

/// `worldpop-dhis2 datasets`: the WorldPop products sync can use, and their files.
struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the WorldPop products and where their files are.",
        discussion: """
            With --iso3 and --year, prints the URL of every file of --product for that country and year: as the WorldPop hub's \
            REST API lists them when it answers (with the DOI and citation), else from the URL templates (an answer kept from \
            an earlier run is used offline).
            """
    )

    @Option(name: .long, help: ArgumentHelp("Only this product; with --iso3 and --year, list its files.", valueName: "id"))
    var product: String?

    @Option(name: .long, help: ArgumentHelp("Country for the file list.", valueName: "ISO3"))
    var iso3: String?

    @Option(name: .long, help: ArgumentHelp("Year for the file list.", valueName: "year"))
    var year: Int?

    @OptionGroup var source: WorldPopSourceOptions

    @Flag(name: .long, help: "JSON instead of a table.")
    var json = false

    func validate() throws {
        if (iso3 == nil) != (year == nil) { throw ValidationError("give both --iso3 and --year to list files") }
        if iso3 != nil, product == nil {
            throw ValidationError(
                "give --product to list its files (ids: `worldpop-dhis2 datasets`)")
        }
    }

    func run() async throws {
        let products = try product.map { [try WorldPopCatalogue.product($0)] } ?? WorldPopCatalogue.products
        let settings = source.settings
        // The file URLs are printed for the data server people browse, unless a mirror is given.
        let server = settings.server == nil ? WorldPopCatalogue.defaultServer : try settings.servers()[0].absoluteString
        if let iso3, let year, let p = products.first {
            let resolution = try await settings.resolver().resolve(p, iso3: try ISO3(iso3).upper, year: year)
            let listedBy: String
            switch resolution.source {
            case .hub: listedBy = "hub"
            case .templates(let reason): listedBy = "templates (\(reason))"
            }
            if json {
                let rows = resolution.files.map { ["url": server + $0.path, "layer": Self.layer($0.layer)] }
                let out: [String: Any] = [
                    "files": rows, "source": listedBy, "doi": resolution.doi ?? NSNull(),
                    "citation": resolution.citation ?? NSNull(),
                    "projection": p.projectionNote(years: [year]) ?? NSNull(),
                ]
                print(
                    String(
                        decoding: try JSONSerialization.data(withJSONObject: out, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            } else {
                for f in resolution.files { print("\(Self.layer(f.layer))\t\(server)\(f.path)") }
                print("# from the \(listedBy)" + (resolution.doi.map { "; doi:\($0)" } ?? ""))
                if let citation = resolution.citation { print("# citation: \(citation)") }
                if let note = p.projectionNote(years: [year]) { print("# \(note)") }
            }
            return
        }
        if json {
            let rows: [[String: Any]] = products.map { p in
                [
                    "id": p.id, "title": p.title, "release": p.release, "firstYear": p.years.lowerBound, "lastYear": p.years.upperBound,
                    "resolution": p.resolution, "content": p.content.rawValue, "pathTemplate": p.pathTemplate,
                    "ageGroups": p.ageStarts, "totalCompanion": p.totalCompanion ?? NSNull(), "notes": p.notes,
                    "sexes": p.content == .ageSex ? p.sexes : [], "doi": p.doi ?? NSNull(), "projectedFrom": p.projectedFrom ?? NSNull(),
                    "hubAlias": p.hub.map { "\($0.category)/\($0.alias)" } ?? NSNull(),
                    "populationProduct": p.populationProduct ?? NSNull(),
                    "classes": p.classLegend.map { ["value": $0.value, "key": $0.key, "name": $0.name] },
                    "credit": p.credit(iso3: "{ISO3}", years: Array(p.years)),
                ]
            }
            print(
                String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            return
        }
        let width = products.map(\.id.count).max() ?? 10
        let releaseWidth = max(products.map(\.release.count).max() ?? 7, 7)
        print(
            "id".padding(toLength: width, withPad: " ", startingAt: 0) + "  years      res.    content  "
                + "release".padding(toLength: releaseWidth, withPad: " ", startingAt: 0) + "  doi                    title")
        for p in products {
            print(
                p.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(p.years.lowerBound)–\(p.years.upperBound)  "
                    + p.resolution.padding(toLength: 6, withPad: " ", startingAt: 0) + "  "
                    + p.content.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
                    + p.release.padding(toLength: releaseWidth, withPad: " ", startingAt: 0) + "  "
                    + (p.doi ?? "–").padding(toLength: 21, withPad: " ", startingAt: 0) + "  \(p.title)"
                    + (p.notes.isEmpty ? "" : " (\(p.notes))"))
        }
        print(
            "\nFiles: \(server)<pathTemplate> (--json shows the templates; {G1C} is maxar_v1 for sub-Saharan Africa, BSGM elsewhere).")
        print(
            "R2025A years from 2025 on are projections (doi:10.5258/SOTON/WP00839). Data: WorldPop (www.worldpop.org), CC BY 4.0.")
    }

    static func layer(_ layer: WorldPopFile.Layer) -> String {
        switch layer {
        case .total: return "total"
        case .ageSex(let sex, let start, let end): return "\(sex) \(AgeRange(start, end).label)"
        case .classes: return "classes"
        }
    }
}
