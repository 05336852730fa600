import DHIS2
import DenominatorMetadata
import Denominators
import Foundation
import GDALBinding
import Localization
import WorldPop

extension SyncSettings {
    /// The plan these settings describe, checked: what is missing or out of range is a
    /// `SettingsError` naming the setting and the fix. `command` is how the run is recorded in
    /// the audit log (secrets removed).
    public func plan(command: String, zones: SyncPlan.ZoneSource = .boundaries) throws -> SyncPlan {
        guard let levels else { throw SettingsError("give --level (e.g. --level 3) or levels: in --config") }
        let checkedLevels = try checkLevels(levels.numbers)
        guard let years else { throw SettingsError("give --year 2020 (or --years 2020-2025), or years: in --config") }
        let checkedYears = try checkYears(years.numbers)
        let product = product ?? (rasters.ageSex != nil ? .agesex : .total)
        let decimals = self.import.decimals ?? 0
        try checkDecimals(decimals, source: "decimals")
        let chunkSize = self.import.chunkSize ?? 5_000
        try checkChunkSize(chunkSize, source: "chunkSize")
        let compareThreshold = compareThreshold ?? 0.1
        try checkCompareThreshold(compareThreshold, source: "compareThreshold")

        var plan = SyncPlan(
            levels: checkedLevels, within: within, product: product, rasters: try rasterSource(product: product, years: checkedYears),
            reportDirectory: report ?? "worldpop-report", credit: credit, command: command)
        plan.zoneSource = zones
        if let language {
            do { _ = try Catalogues.load(language) } catch { throw SettingsError(String(describing: error)) }
            plan.language = language
        }
        if let groups { plan.groups = try groups.map { try $0.group() } }
        if product == .age {
            // Bands of both sexes cannot give a group of one sex (women 15–49): the standard
            // groups shrink to those of both sexes; a configured one-sex group is refused.
            if let oneSex = plan.groups.first(where: { !$0.coversBothSexes }), groups != nil {
                let sexes = oneSex.sexes.sorted().map(\.label).joined(separator: " and ").lowercased()
                throw SettingsError(
                    "group '\(oneSex.key)' is for \(sexes) only, and --product age has both sexes together: "
                        + "use --product agesex, or leave the group out")
            }
            plan.groups = plan.groups.filter(\.coversBothSexes)
            if !plan.zoneSource.isBoundaries {
                throw SettingsError("catchments and access import totals or age/sex bands: use --product total or agesex")
            }
        }
        if product == .urbanisation, !plan.zoneSource.isBoundaries {
            throw SettingsError("catchments and access import totals or age/sex bands: use --product total or agesex")
        }
        plan.decimals = decimals
        plan.dryRun = self.import.dryRun ?? false
        plan.allowConflicts = self.import.allowConflicts ?? false
        plan.importOptions = ImportOptions(dataSet: PopulationMetadata.dataSetID, async: self.import.async ?? false, chunkSize: chunkSize)
        plan.analytics = self.import.analytics ?? false
        plan.strictGeometry = boundaries.strict ?? false
        plan.rawRateSums = self.import.raw2015 ?? false
        if plan.rawRateSums, product != .births, product != .pregnancies {
            throw SettingsError("--raw-2015 is for --product births or pregnancies")
        }
        if product == .births || product == .pregnancies {
            guard plan.worldPop != nil else {
                throw SettingsError(
                    "--product \(product.rawValue) reads WorldPop's 2015 grid and the population of 2015 and the synced years: leave "
                        + "out --raster/--agesex-raster, or give --worldpop-dir with them laid out as the server has them")
            }
            guard plan.zoneSource.isBoundaries else {
                throw SettingsError("catchments and access import totals or age/sex bands: use --product total or agesex")
            }
        }
        plan.boundaries = boundaries.file.map {
            BoundarySource.parse(matchBy: boundaries.matchBy ?? "name", field: boundaries.field, path: $0)
        }
        plan.valuesFile = outputValues
        plan.compareWith = compareWith
        plan.compareThreshold = compareThreshold
        return plan
    }

    /// Local files for a single year, or WorldPop's files of the product.
    private func rasterSource(product: SyncPlan.Product, years: [Int]) throws -> SyncPlan.Rasters {
        guard rasters.total != nil || rasters.ageSex != nil else { return .worldPop(try worldpop.request(product: product, years: years)) }
        guard years.count == 1 else {
            throw SettingsError(
                "--raster and --agesex-raster are one year's files: give a single --year, or leave them out to use "
                    + "WorldPop files for \(years.map(String.init).joined(separator: ","))")
        }
        if product == .agesex, rasters.ageSex == nil {
            throw SettingsError("--product agesex with local files needs --agesex-raster")
        }
        if product == .urbanisation {
            throw SettingsError(
                "--product urbanisation reads WorldPop's degree-of-urbanisation grid with its population (g2-dug-l1-100m): "
                    + "leave out --raster/--agesex-raster, or give --worldpop-dir with both laid out as the server has them")
        }
        if product == .age {
            throw SettingsError(
                "--product age reads WorldPop's both-sexes files (g2-age-100m): leave out --raster/--agesex-raster, "
                    + "or use --product agesex with a local age/sex file")
        }
        return .files([try rasters.inputs(year: years[0])])
    }
}

extension LocalRasterSettings {
    /// WorldPop's age groups: 0, 1–4, then five-year groups to 90+.
    public static let standardAgeStarts = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]

    func inputs(year: Int) throws -> YearInputs {
        var inputs = YearInputs(year: year, total: total.map { BandFile(path: $0) })
        guard let ageSex else { return inputs }
        let perSex = AgeSexBand.standard(ageStarts: ageStarts ?? Self.standardAgeStarts).filter { $0.sex == .female }.map(\.age)
        var index = 1
        for sex in (bandOrder ?? .mf).sexes {
            for age in perSex {
                inputs.bands[AgeSexBand(sex: sex, age: age)] = BandFile(path: ageSex, band: index)
                index += 1
            }
        }
        return inputs
    }
}

extension WorldPopSettings {
    func request(product: SyncPlan.Product, years: [Int]) throws -> WorldPopRequest {
        let defaults: [SyncPlan.Product: String] = [
            .total: "g2-total-100m", .agesex: "g2-agesex-100m", .age: "g2-age-100m", .urbanisation: "g2-dug-l1-100m",
            .under18: "g2-u18-100m", .births: "g2-total-100m", .pregnancies: "g2-total-100m",
        ]
        let id = self.product ?? defaults[product]!
        let wp = try WorldPopCatalogue.product(id)
        let bothSexes = wp.content == .ageSex && wp.sexes == ["t"]
        let fits =
            switch product {
            case .total: wp.content == .total
            case .agesex: wp.content == .ageSex && !bothSexes
            case .age: bothSexes
            case .urbanisation: wp.content == .classes
            case .under18: wp.subpopulation == "under-18 population"
            case .births, .pregnancies: wp.content == .total && wp.subpopulation == nil && wp.rateOf == nil
            }
        guard fits else {
            let (holds, fitting) =
                switch wp.content {
                case .total: ("total", "total")
                case .classes: ("urbanisation classes of", "urbanisation")
                case .ageSex: bothSexes ? ("both-sexes (t) age", "age") : ("age/sex", "agesex")
                }
            throw SettingsError(
                "WorldPop product '\(id)' holds \(holds) population, not what --product \(product.rawValue) imports: "
                    + "use --product \(fitting), or --worldpop-product \(defaults[product]!)")
        }
        if let outside = years.first(where: { !wp.years.contains($0) }) {
            throw WorldPopError.yearNotInProduct(product: wp.id, year: outside, years: wp.years)
        }
        let downloads = DownloadCache(directory: cacheDirectory, servers: try servers()) { url in
            // Packs (zip, 7z) are checked at their headers; their GeoTIFF is checked once unpacked.
            if PackedFile.isArchive(url.path) { try PackedFile.check(url) } else { try GeoTIFF(path: url.path).checkComplete() }
        }
        let store = RasterStore(folder: folder.map { URL(fileURLWithPath: $0) }, cache: downloads, offline: offline ?? false)
        var request = WorldPopRequest(product: wp, iso3: iso3, years: years, store: store)
        if product == .births || product == .pregnancies {
            guard wp.years.contains(2015) else {
                throw SettingsError(
                    "--product \(product.rawValue) makes its rate from 2015, which \(wp.id) does not have: "
                        + "use --worldpop-product g2-total-100m"
                )
            }
            request.rate = try WorldPopCatalogue.product("\(product.rawValue)-2015-1km")
        }
        request.resolver = try resolver()
        return request
    }

    /// `server`, or the FTP mirror then data.worldpop.org.
    public func servers() throws -> [URL] {
        guard let server else { return DownloadCache.defaultServers }
        guard let url = URL(string: server.hasSuffix("/") ? server : server + "/"),
            ["http", "https", "ftp"].contains(url.scheme?.lowercased() ?? "")
        else {
            throw SettingsError("--worldpop-url '\(server)' is not an ftp:// or http(s):// URL")
        }
        return [url]
    }

    /// Downloads and the hub's answers are kept here.
    public var cacheDirectory: URL { DownloadCache.directory(cache) }

    /// Each product's files as the hub lists them (kept for offline runs), else from the URL templates.
    public func resolver() throws -> WorldPopResolver {
        let hubText = hub ?? WorldPopCatalogue.defaultHub
        guard let hubURL = URL(string: hubText.hasSuffix("/") ? hubText : hubText + "/"), hubURL.scheme?.hasPrefix("http") == true else {
            throw SettingsError("--worldpop-hub '\(hubText)' is not an http(s):// URL")
        }
        return WorldPopResolver(hub: HubCatalogue(hub: hubURL, cacheDirectory: cacheDirectory, offline: offline ?? false))
    }
}
