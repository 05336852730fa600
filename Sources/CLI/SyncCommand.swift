import ArgumentParser
import Audit
import DHIS2
import Denominators
import Foundation
import Raster
import Sync
import WorldPop
import Zonal

/// `worldpop-dhis2 sync`: the main job.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Compute WorldPop populations for DHIS2 org units and import them as denominators.",
        discussion: """
        Reads the org units of the level(s) with their boundaries, sums the rasters exactly over each \
        (one coverage per unit, reused for every band and year), creates the metadata if needed, \
        sends only values that are new or changed, reads them back, checks the hierarchy and writes \
        report.html, populations.csv and populations.geojson. Every run is recorded in the audit log \
        (`history`) and can be reverted (`undo`).
        """
    )

    @OptionGroup var options: SyncOptions

    func run() async throws { try await options.execute() }
}

/// Everything `sync`, `catchments` and `access` share: DHIS2, org units, years, rasters, import,
/// report, audit and output options.
struct SyncOptions: ParsableArguments {
    @OptionGroup var dhis2: DHIS2Options

    @Option(name: .long, help: ArgumentHelp("YAML file with any of these settings (flags win; see README).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Org unit level(s): 3, 2,3 or 2-4.", valueName: "levels"))
    var level: String?

    @Option(name: .long, help: ArgumentHelp("Only org units under this one (UID).", valueName: "uid"))
    var within: String?

    @Option(name: [.customLong("years"), .customLong("year")], help: ArgumentHelp("Year(s): 2020, 2020-2025 or 2020,2022.", valueName: "years"))
    var years: String?

    @Option(name: .long, help: "total (one value per unit) or agesex (age/sex bands, totals and groups).")
    var product: SyncPlan.Product?

    @Option(name: .long, help: ArgumentHelp("Total-population GeoTIFF for a single year (instead of WorldPop downloads).", valueName: "file"))
    var raster: String?

    @Option(name: .long, help: ArgumentHelp("Age/sex GeoTIFF with one band per sex and age group, for a single year (see --band-order).", valueName: "file"))
    var agesexRaster: String?

    @Option(name: .long, help: ArgumentHelp("First years of the age groups in the age/sex raster.", valueName: "list"))
    var ages = "0,1,5,10,15,20,25,30,35,40,45,50,55,60,65,70,75,80,85,90"

    @Option(name: .long, help: ArgumentHelp("Order of sexes in the age/sex raster's bands: mf (males first) or fm.", valueName: "order"))
    var bandOrder = "mf"

    @Option(name: .long, help: ArgumentHelp("WorldPop product (`datasets` lists them); default g2-total-100m or g2-agesex-100m.", valueName: "id"))
    var worldpopProduct: String?

    @Option(name: .long, help: ArgumentHelp("Country of the WorldPop files; found from the org units and local files when omitted.", valueName: "ISO3"))
    var iso3: String?

    @Option(name: .long, help: ArgumentHelp("Folder laid out like data.worldpop.org, read before the cache.", valueName: "dir"))
    var worldpopDir: String?

    @Option(name: .long, help: ArgumentHelp("Download cache (default ~/.cache/worldpop-dhis2).", valueName: "dir"))
    var cacheDir: String?

    @Option(name: .long, help: ArgumentHelp("WorldPop data server, ftp:// or https:// (default: the FTP mirror, then data.worldpop.org).", valueName: "url"))
    var worldpopURL: String?

    @Option(name: .long, help: ArgumentHelp("WorldPop hub REST API that lists each product's files (default https://hub.worldpop.org/).", valueName: "url"))
    var worldpopHub: String?

    @Flag(name: .long, help: "Never download: use --worldpop-dir and the cache only.")
    var offline = false

    @Option(name: .long, help: ArgumentHelp("Decimals of the values sent (default 0).", valueName: "n"))
    var decimals: Int?

    @Flag(name: .long, help: "Ask DHIS2 to validate everything and store nothing; print the WorldPop download plan and download nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Exit 0 even when DHIS2 ignored values or reported conflicts.")
    var allowConflicts = false

    @Option(name: .long, help: ArgumentHelp("Values per request, halved on HTTP 413 (default 5000).", valueName: "n"))
    var chunkSize: Int?

    @Flag(name: .customLong("async"), help: "Import as DHIS2 background jobs and poll them.")
    var asyncImport = false

    @Option(name: .long, help: ArgumentHelp("Boundaries from this file (GeoJSON, GeoPackage, Shapefile, zipped Shapefile) instead of DHIS2's.", valueName: "file"))
    var boundaries: String?

    @Option(name: .long, help: ArgumentHelp("With --boundaries: match features to org units by uid, code, name, or a PROPERTY holding the name (default name).", valueName: "key"))
    var matchBy = "name"

    @Option(name: .long, help: ArgumentHelp("With --boundaries: the file's property holding the key (default uid/id, code or name).", valueName: "property"))
    var boundaryField: String?

    @Flag(name: .long, help: "Refuse invalid boundaries instead of repairing them (GEOS MakeValid) and reporting them.")
    var strictGeometry = false

    @Flag(name: .long, help: "After a successful import, run DHIS2's analytics tables job for the synced years and follow it.")
    var analytics = false

    @Option(name: .long, help: ArgumentHelp("Also write the data value set (.json, .csv or .xml for ADX).", valueName: "file"))
    var outputValues: String?

    @Option(name: .long, help: ArgumentHelp("Folder for report.html, populations.csv and populations.geojson (default worldpop-report).", valueName: "dir"))
    var report: String?

    @Option(name: .long, help: ArgumentHelp("Compare with the denominator already in DHIS2 under this data element.", valueName: "uid"))
    var compareWith: String?

    @Option(name: .long, help: ArgumentHelp("Flag units off by more than this share in the comparison (default 0.1).", valueName: "x"))
    var compareThreshold: Double?

    @Option(name: .long, help: ArgumentHelp("Dataset credit for reports and metadata.", valueName: "text"))
    var credit: String?

    @Option(name: .long, help: ArgumentHelp("Audit log (SQLite) path (env WORLDPOP_DHIS2_AUDIT).", valueName: "file"))
    var audit: String?

    @OptionGroup var logging: LogOptions

    @Flag(name: .long, help: "Print the outcome as JSON on stdout.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        guard ["mf", "fm"].contains(bandOrder) else { throw ValidationError("--band-order is mf or fm") }
        if let decimals { try checkDecimals(decimals, source: "--decimals") }
        if let chunkSize { try checkChunkSize(chunkSize, source: "--chunk-size") }
        if let compareThreshold { try checkCompareThreshold(compareThreshold, source: "--compare-threshold") }
    }

    func loadConfig() throws -> SyncConfig? { try config.map(SyncConfig.load) }

    func plan(config: SyncConfig? = nil) throws -> SyncPlan {
        guard let levelText = level ?? config?.levels?.text else { throw ValidationError("give --level (e.g. --level 3) or levels: in --config") }
        guard let yearText = years ?? config?.years?.text else { throw ValidationError("give --year 2020 (or --years 2020-2025), or years: in --config") }
        let yearList = try parseYears(yearText)
        let product = try product ?? config?.product.map { text in
            guard let p = SyncPlan.Product(rawValue: text) else { throw ConfigError("product: '\(text)' is total or agesex") }
            return p
        } ?? (agesexRaster != nil ? .agesex : .total)
        let imports = config?.import
        let decimals = decimals ?? imports?.decimals ?? 0
        try checkDecimals(decimals, source: "decimals")
        let chunkSize = chunkSize ?? imports?.chunkSize ?? 5_000
        try checkChunkSize(chunkSize, source: "chunkSize")
        let compareThreshold = compareThreshold ?? config?.compareThreshold ?? 0.1
        try checkCompareThreshold(compareThreshold, source: "compareThreshold")

        var plan = SyncPlan(levels: try parseLevels(levelText), within: within ?? config?.within, product: product, inputs: [],
                            reportDirectory: report ?? config?.report ?? "worldpop-report", credit: credit ?? "", command: redactedCommandLine())
        if raster != nil || agesexRaster != nil {
            guard yearList.count == 1 else {
                throw ValidationError("--raster and --agesex-raster are one year's files: give a single --year, or leave them out to use WorldPop files for \(yearText)")
            }
            if product == .agesex, agesexRaster == nil { throw ValidationError("--product agesex with local files needs --agesex-raster") }
            plan.inputs = [try localInputs(year: yearList[0])]
            if plan.credit.isEmpty {
                plan.credit = "WorldPop (www.worldpop.org), \(URL(fileURLWithPath: raster ?? agesexRaster!).lastPathComponent), \(yearList[0]), CC BY 4.0"
            }
        } else {
            plan.worldPop = try worldPopRequest(product: product, years: yearList, config: config?.worldpop)
        }
        if let groups = try config?.derivedGroups() { plan.groups = groups }
        plan.decimals = decimals
        plan.dryRun = dryRun
        plan.allowConflicts = allowConflicts || (imports?.allowConflicts ?? false)
        plan.importOptions = ImportOptions(async: asyncImport || (imports?.async ?? false), chunkSize: chunkSize)
        plan.analytics = analytics || (imports?.analytics ?? false)
        plan.strictGeometry = strictGeometry
        plan.boundaries = boundaries.map { BoundarySource.parse(matchBy: matchBy, field: boundaryField, path: $0) }
        plan.valuesFile = outputValues
        plan.compareWith = compareWith ?? config?.compareWith
        plan.compareThreshold = compareThreshold
        return plan
    }

    func localInputs(year: Int) throws -> YearInputs {
        var inputs = YearInputs(year: year, total: raster.map { BandFile(path: $0) })
        guard let agesexRaster else { return inputs }
        let starts = try ages.split(separator: ",").map { s -> Int in
            guard let v = Int(s.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--ages: '\(s)' is not a number") }
            return v
        }
        let sexes: [Sex] = bandOrder == "mf" ? [.male, .female] : [.female, .male]
        let perSex = AgeSexBand.standard(ageStarts: starts).filter { $0.sex == .female }.map(\.age)
        var index = 1
        for sex in sexes {
            for age in perSex {
                inputs.bands[AgeSexBand(sex: sex, age: age)] = BandFile(path: agesexRaster, band: index)
                index += 1
            }
        }
        return inputs
    }

    func worldPopRequest(product: SyncPlan.Product, years: [Int], config: SyncConfig.WorldPop?) throws -> WorldPopRequest {
        let id = worldpopProduct ?? config?.product ?? (product == .agesex ? "g2-agesex-100m" : "g2-total-100m")
        let wp = try WorldPopCatalogue.product(id)
        guard (wp.content == .ageSex) == (product == .agesex) else {
            throw ValidationError("WorldPop product '\(id)' holds \(wp.content == .ageSex ? "age/sex" : "total") population: use --product \(wp.content == .ageSex ? "agesex" : "total") or another product")
        }
        guard wp.isWholePopulation else {
            throw ValidationError("WorldPop product '\(id)' is \(wp.title), not the whole population: sync would import it as Population (WorldPop). Use `datasets --product \(id)` for its files and `zonal` for its sums per org unit")
        }
        if wp.content == .ageSex, !wp.sexes.contains("f") || !wp.sexes.contains("m") {
            throw ValidationError("WorldPop product '\(id)' holds both-sexes (t) age bands; sync imports age × sex (the category combo Age and sex (WorldPop)): use g2-agesex-100m, or read the t files with `datasets` and `zonal`")
        }
        if let outside = years.first(where: { !wp.years.contains($0) }) {
            throw WorldPopError.yearNotInProduct(product: wp.id, year: outside, years: wp.years)
        }
        var servers = DownloadCache.defaultServers
        if let serverText = worldpopURL ?? config?.server {
            guard let server = URL(string: serverText.hasSuffix("/") ? serverText : serverText + "/"),
                  ["http", "https", "ftp"].contains(server.scheme?.lowercased() ?? "") else {
                throw ValidationError("--worldpop-url '\(serverText)' is not an ftp:// or http(s):// URL")
            }
            servers = [server]
        }
        let cacheDirectory = (cacheDir ?? config?.cache).map { URL(fileURLWithPath: $0) } ?? DownloadCache.defaultDirectory
        let cache = DownloadCache(directory: cacheDirectory, servers: servers) { url in _ = try GeoTIFF(path: url.path) }
        let isOffline = offline || (config?.offline ?? false)
        let store = RasterStore(folder: (worldpopDir ?? config?.folder).map { URL(fileURLWithPath: $0) }, cache: cache,
                                offline: isOffline)
        let hubText = worldpopHub ?? WorldPopCatalogue.defaultHub
        guard let hubURL = URL(string: hubText.hasSuffix("/") ? hubText : hubText + "/"), hubURL.scheme?.hasPrefix("http") == true else {
            throw ValidationError("--worldpop-hub '\(hubText)' is not an http(s):// URL")
        }
        var request = WorldPopRequest(product: wp, iso3: iso3 ?? config?.iso3, years: years, store: store)
        request.resolver = WorldPopResolver(hub: HubCatalogue(hub: hubURL, cacheDirectory: cacheDirectory, offline: isOffline))
        return request
    }

    /// Builds the plan (with `configure` for the command's own settings), runs it, prints the
    /// summary and turns conflicts and mismatches into a failing exit.
    func execute(_ configure: (inout SyncPlan) throws -> Void = { _ in }) async throws {
        let config = try loadConfig()
        var plan = try plan(config: config)
        try configure(&plan)
        if plan.dryRun, let request = plan.worldPop, try await printDownloadPlan(request) { return }
        let progress = ProgressLine(enabled: !quiet)
        let client = try dhis2.client(quiet: quiet, config: config?.dhis2)
        var runner = SyncRunner(client: client, audit: try AuditLog(path: audit ?? config?.audit ?? AuditLog.defaultPath)) { label, f in
            progress.update(label, f)
        }
        runner.logger = logging.logger("worldpop-dhis2.\(plan.kind)", quiet: quiet)
        let outcome = try await runner.run(plan)
        progress.finish()
        if json {
            print(SyncSummary.json(outcome))
        } else if !quiet {
            print(SyncSummary.text(outcome))
        }
        try outcome.requireComplete()
    }
}

extension SyncOptions {
    /// `--dry-run` with WorldPop files: prints what would be downloaded and how much. True when
    /// files are missing, so the dry run stops there rather than downloading them; when every
    /// file is on disk, the dry run goes on to DHIS2's validation.
    func printDownloadPlan(_ request: WorldPopRequest) async throws -> Bool {
        guard request.iso3 != nil else {
            if !quiet { warn("dry run: give --iso3 to see the WorldPop download plan (the country is otherwise found from the org units)") }
            return false
        }
        let (lines, stop) = try await downloadPlanText(request)
        for line in lines { print(line) }
        return stop
    }

    /// The plan's lines, and whether the dry run stops there (files to download or missing).
    func downloadPlanText(_ request: WorldPopRequest) async throws -> (lines: [String], stop: Bool) {
        let iso3 = try ISO3(request.iso3 ?? "").upper
        let plan = try await request.downloadPlan(country: iso3)
        var lines = ["WorldPop download plan (\(request.product.id), \(iso3), \(request.years.map(String.init).joined(separator: ", "))):"]
        lines += plan.lines.map { "  " + $0 }
        guard plan.downloads.isEmpty, plan.unavailable.isEmpty else {
            lines.append("Dry run: nothing was downloaded and nothing sent to DHIS2. Run without --dry-run to download and import.")
            return (lines, true)
        }
        return (lines, false)
    }
}

extension SyncPlan.Product: ExpressibleByArgument {}

/// The command line as recorded in the audit log: values of secret options replaced.
func redactedCommandLine(_ arguments: [String] = CommandLine.arguments) -> String {
    let secret = ["--token", "--password", "--access-key"]
    var out: [String] = []
    var hideNext = false
    for a in arguments {
        if hideNext { out.append("***"); hideNext = false; continue }
        if secret.contains(a) { out.append(a); hideNext = true; continue }
        if let flag = secret.first(where: { a.hasPrefix($0 + "=") }) { out.append(flag + "=***"); continue }
        out.append(a)
    }
    return out.joined(separator: " ")
}
