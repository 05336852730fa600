import Denominators
import Foundation
import GDALBinding
import Geometry
import WorldPop

/// Rasters to take from WorldPop rather than from files named on the command line: a product,
/// a country (or none, to find it from the org units), years, and where files may come from.
public struct WorldPopRequest: Sendable {
    public var product: WorldPopProduct
    public var iso3: String?
    public var years: [Int]
    public var store: RasterStore
    /// For age/sex products: also read the total-population product of the same grid, to report
    /// how far the sum of the bands is from it.
    public var checkAgainstTotal = true
    /// Files through the hub's REST API (with the templates as fallback); nil: templates only.
    public var resolver: WorldPopResolver?
    /// Downloads at once (WorldPop asks for at most 4 connections).
    public var parallelDownloads = 4
    /// Births or pregnancies: the 2015 product whose rate per person the run applies to `product`.
    public var rate: WorldPopProduct?

    public init(product: WorldPopProduct, iso3: String?, years: [Int], store: RasterStore) {
        self.product = product
        self.iso3 = iso3
        self.years = years
        self.store = store
    }

    /// The rasters of every year, downloaded when needed (`progress` gets a label and a fraction),
    /// and notes for the report: the total-population companion of an age/sex product is a check,
    /// so when it cannot be had the run goes on without it and says so.
    public func inputs(country: String, progress: (@Sendable (String, Double) -> Void)?) async throws -> (
        inputs: [YearInputs], notes: [String]
    ) {
        var (wanted, notes) = try await wantedFiles(country: country)
        let plan = await store.plan(wanted.map(\.file), parallel: parallelDownloads)
        if !plan.downloads.isEmpty {
            // The sizes before the first byte: shown on the progress line, kept for the report.
            let summary = "\(plan.downloads.count) WorldPop file(s) to download, \(DownloadPlan.bytes(plan.totalBytes))"
            progress?(summary, 0)
            notes.append(summary + ".")
        }
        let results = await store.locateAll(wanted.map(\.file), plan: plan, parallel: parallelDownloads) { p in
            progress?(p.label, p.fraction)
        }
        var inputs = Dictionary(uniqueKeysWithValues: years.map { ($0, YearInputs(year: $0)) })
        for (item, result) in zip(wanted, results) {
            let report: DownloadReport
            switch result {
            case .success(let r): report = r
            case .failure(let error) where item.isCompanion:
                notes.append(
                    "\(item.year): the total-population raster was not available, so the age/sex bands were not checked against "
                        + "it (\(error))."
                )
                continue
            case .failure(let error): throw error
            }
            notes += report.notes
            let local = try PackedFile.member(of: item.file, at: report.local, cache: store.cache.directory)
            if item.file.archiveMember != nil { try GeoTIFF(path: local.path).checkComplete() }
            let band = BandFile(path: local.path)
            switch item.file.layer {
            case .total:
                inputs[item.year]!.total = band
            case .ageSex(let sex, let start, let end):
                guard !item.isCompanion, let s = Sex(rawValue: sex) else { continue }
                inputs[item.year]!.bands[AgeSexBand(sex: s, age: AgeRange(start, end))] = band
            case .classes:
                inputs[item.year]!.classes = ClassGrid(path: report.local.path, legend: product.classLegend, product: product.id)
            }
        }
        return (years.map { inputs[$0]! }, notes)
    }

    /// The files of every year (and the companion's), resolved through the hub when possible,
    /// with notes on where they came from (the hub's DOI and citation, or why templates were used).
    func wantedFiles(country: String) async throws -> ([(year: Int, file: WorldPopFile, isCompanion: Bool)], [String]) {
        let companion = try checkAgainstTotal ? product.totalCompanion.map(WorldPopCatalogue.product) : nil
        var wanted: [(year: Int, file: WorldPopFile, isCompanion: Bool)] = []
        var notes: [String] = []
        let resolver = self.resolver ?? WorldPopResolver(hub: nil)
        // One hub question per product and country, covering every year.
        var mains = try await resolver.resolve(product, iso3: country, years: years)
        // A class grid is read with its population: both are needed, neither is a check.
        if let population = try product.populationProduct.map(WorldPopCatalogue.product) {
            let people = try await resolver.resolve(population, iso3: country, years: years)
            for k in mains.indices { mains[k].files += people[k].files }
        }
        var companions: [Resolution]?
        if let companion { companions = try await resolver.resolve(companion, iso3: country, years: years) }
        for (k, year) in years.enumerated() {
            let main = mains[k]
            wanted += main.files.map { (year, $0, false) }
            if k == 0 {
                switch main.source {
                case .hub:
                    notes.append(
                        "WorldPop files from the hub's catalogue\(main.doi.map { ", doi:\($0)" } ?? "")."
                            + (main.citation.map { " Citation: \($0)" } ?? ""))
                case .templates(let reason) where self.resolver != nil:
                    notes.append("WorldPop files from the URL templates (\(reason)).")
                case .templates:
                    break
                }
            }
            if let companions { wanted += companions[k].files.map { (year, $0, true) } }
        }
        if let note = product.projectionNote(years: years) { notes.append(note + ".") }
        return (wanted, notes)
    }

    /// The 2015 grids of `rate` and of the population product, found (downloaded, unpacked) for the country.
    public func rateInputs(country: String) async throws -> RateInputs? {
        guard let rate else { return nil }
        let files = try rate.files(iso3: country, year: 2015) + product.files(iso3: country, year: 2015)
        let plan = await store.plan(files, parallel: parallelDownloads)
        let results = await store.locateAll(files, plan: plan, parallel: parallelDownloads) { _ in }
        var local: [String] = []
        for (file, result) in zip(files, results) {
            let found = try PackedFile.member(of: file, at: try result.get().local, cache: store.cache.directory)
            try GeoTIFF(path: found.path).checkComplete()
            local.append(found.path)
        }
        return RateInputs(
            what: rate.rateOf ?? rate.title, events: local[0], population: local[1], credit: rate.credit(iso3: country, years: [2015]))
    }

    /// What `inputs` would download for the country, and how much (`sync --dry-run`).
    public func downloadPlan(country: String) async throws -> DownloadPlan {
        let (wanted, _) = try await wantedFiles(country: country)
        return await store.plan(wanted.map(\.file), parallel: parallelDownloads)
    }

    /// The country whose local raster covers the org units best, when no ISO3 was given: WorldPop
    /// files are per country, and DHIS2 rarely says which country it is for.
    public func country(covering box: BoundingBox) throws -> String {
        if let iso3 { return try ISO3(iso3).upper }
        let year = years.min() ?? product.years.lowerBound
        let candidates = store.localCountries(product: product, year: year)
        guard !candidates.isEmpty else {
            throw WorldPopError.countryUndetermined(
                reason: "no \(product.id) file for \(year) in the WorldPop folder or cache to match the org units against")
        }
        var best: (code: String, share: Double)?
        for code in candidates {
            // A pack (zip, 7z) has no extent until unpacked: give --iso3 for those products.
            guard let file = try product.files(iso3: code, year: year).first, let url = store.localCopy(of: file),
                file.archiveMember == nil
            else { continue }
            let grid = try GeoTIFF(path: url.path).grid
            let share = Self.overlapShare(of: box, with: BoundingBox(minX: grid.minX, minY: grid.minY, maxX: grid.maxX, maxY: grid.maxY))
            if share > (best?.share ?? 0) { best = (code, share) }
        }
        guard let best, best.share >= 0.5 else {
            throw WorldPopError.countryUndetermined(
                reason: "none of the local rasters (\(candidates.joined(separator: ", "))) covers the org units' extent")
        }
        return best.code
    }

    /// Share of `box`'s area inside `extent` (1 when a point-like box lies inside).
    static func overlapShare(of box: BoundingBox, with extent: BoundingBox) -> Double {
        let w = min(box.maxX, extent.maxX) - max(box.minX, extent.minX)
        let h = min(box.maxY, extent.maxY) - max(box.minY, extent.minY)
        guard w >= 0, h >= 0 else { return 0 }
        let area = (box.maxX - box.minX) * (box.maxY - box.minY)
        return area > 0 ? w * h / area : 1
    }
}
