import ArgumentParser
import Audit
import DHIS2
import Denominators
import Foundation
import GDALBinding
import Geometry
import Sync
import WorldPop

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

    @Option(
        name: [.customLong("years"), .customLong("year")],
        help: ArgumentHelp(
            "Year(s): 2020, 2020-2025 or 2020,2022.", valueName: "years"))
    var years: String?

    @Option(
        name: .long,
        help: "total (one value per unit), agesex (age/sex bands, totals and groups) or age (both-sexes bands, half the download).")
    var product: SyncPlan.Product?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Total-population GeoTIFF for a single year (instead of WorldPop downloads).", valueName: "file"))
    var raster: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Age/sex GeoTIFF with one band per sex and age group, for a single year (see --band-order).", valueName: "file"))
    var agesexRaster: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "First years of the age groups in the age/sex raster (default 0,1,5,10,…,90).", valueName: "list"))
    var ages: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Order of sexes in the age/sex raster's bands: mf (males first, default) or fm.", valueName: "order"))
    var bandOrder: BandOrder?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "WorldPop product (`datasets` lists them); default g2-total-100m, g2-agesex-100m or g2-age-100m.", valueName: "id"))
    var worldpopProduct: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Country of the WorldPop files; found from the org units and local files when omitted.", valueName: "ISO3"))
    var iso3: String?

    @Option(name: .long, help: ArgumentHelp("Folder laid out like data.worldpop.org, read before the cache.", valueName: "dir"))
    var worldpopDir: String?

    @Option(name: .long, help: ArgumentHelp("Download cache (default ~/.cache/worldpop-dhis2).", valueName: "dir"))
    var cacheDir: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "WorldPop data server, ftp:// or https:// (default: the FTP mirror, then data.worldpop.org).", valueName: "url"))
    var worldpopURL: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "WorldPop hub REST API that lists each product's files (default https://hub.worldpop.org/).", valueName: "url"))
    var worldpopHub: String?

    @Flag(name: .long, help: "Never download: use --worldpop-dir and the cache only.")
    var offline = false

    @Option(name: .long, help: ArgumentHelp("Decimals of the values sent (default 0).", valueName: "n"))
    var decimals: Int?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Ask DHIS2 to validate everything and store nothing; print the WorldPop download plan and download nothing."))
    var dryRun = false

    @Flag(name: .long, help: "Exit 0 even when DHIS2 ignored values or reported conflicts.")
    var allowConflicts = false

    @Option(name: .long, help: ArgumentHelp("Values per request, halved on HTTP 413 (default 5000).", valueName: "n"))
    var chunkSize: Int?

    @Flag(name: .customLong("async"), help: "Import as DHIS2 background jobs and poll them.")
    var asyncImport = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Boundaries from this file (GeoJSON, GeoPackage, Shapefile, zipped Shapefile) instead of DHIS2's.", valueName: "file"))
    var boundaries: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --boundaries: match features to org units by uid, code, name, or a PROPERTY holding the name (default name).",
            valueName: "key"))
    var matchBy: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --boundaries: the file's property holding the key (default uid/id, code or name).", valueName: "property"))
    var boundaryField: String?

    @Flag(name: .long, help: "Refuse invalid boundaries instead of repairing them (GEOS MakeValid) and reporting them.")
    var strictGeometry = false

    @Flag(
        name: .customLong("raw-2015"),
        help: "With --product births or pregnancies: also import WorldPop's raw 2015 sums, for 2015, into their own data element.")
    var raw2015 = false

    @Flag(name: .long, help: "After a successful import, run DHIS2's analytics tables job for the synced years and follow it.")
    var analytics = false

    @Option(name: .long, help: ArgumentHelp("Also write the data value set (.json, .csv or .xml for ADX).", valueName: "file"))
    var outputValues: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder for report.html, populations.csv and populations.geojson (default worldpop-report).", valueName: "dir"))
    var report: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Compare with the denominator already in DHIS2 under this data element.", valueName: "uid"))
    var compareWith: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Flag units off by more than this share in the comparison (default 0.1).", valueName: "x"))
    var compareThreshold: Double?

    @Option(name: .long, help: ArgumentHelp("Dataset credit for reports and metadata.", valueName: "text"))
    var credit: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The report's language: en, fr, pt, es, or another catalogue (default: the DHIS2 account's interface language, "
                + "else English).", valueName: "code"))
    var language: String?

    @Option(name: .long, help: ArgumentHelp("Audit log (SQLite) path (env WORLDPOP_DHIS2_AUDIT).", valueName: "file"))
    var audit: String?

    @OptionGroup var logging: LogOptions

    @Flag(name: .long, help: "Print the outcome as JSON on stdout.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        try asUsageError {
            if let decimals { try checkDecimals(decimals, source: "--decimals") }
            if let chunkSize { try checkChunkSize(chunkSize, source: "--chunk-size") }
            if let compareThreshold { try checkCompareThreshold(compareThreshold, source: "--compare-threshold") }
        }
    }

    /// What the flags say (a flag not given says nothing, so the settings file's value stays).
    var settings: SyncSettings {
        get throws {
            var s = SyncSettings()
            s.connection = dhis2.settings
            s.levels = try level.map(parseLevels)
            s.within = within
            s.years = try years.map(parseYears)
            s.product = product
            s.localRasters.total = raster
            s.localRasters.ageSex = agesexRaster
            s.localRasters.ageStarts = try ages.map(parseAgeStarts)
            s.localRasters.bandOrder = bandOrder
            s.worldPop.product = worldpopProduct
            s.worldPop.iso3 = iso3
            s.worldPop.folder = worldpopDir
            s.worldPop.cache = cacheDir
            s.worldPop.server = worldpopURL
            s.worldPop.hub = worldpopHub
            s.worldPop.offline = offline ? true : nil
            s.decimals = decimals
            s.dryRun = dryRun ? true : nil
            s.allowConflicts = allowConflicts ? true : nil
            s.chunkSize = chunkSize
            s.asyncImport = asyncImport ? true : nil
            s.analytics = analytics ? true : nil
            s.boundaries.file = boundaries
            s.boundaries.matchBy = matchBy
            s.boundaries.field = boundaryField
            s.strictGeometry = strictGeometry ? true : nil
            s.rawRateSums = raw2015 ? true : nil
            s.valuesFile = outputValues
            s.reportDirectory = report
            s.compareWith = compareWith
            s.compareThreshold = compareThreshold
            s.credit = credit
            s.language = language
            s.audit = audit
            return s
        }
    }

    /// The settings file under the environment under the flags; `command` adds what the
    /// subcommand itself says (catchments, access).
    func mergedSettings(_ command: SyncSettings = SyncSettings()) throws -> SyncSettings {
        let file = try config.map(SettingsFile.load) ?? SyncSettings()
        var environment = SyncSettings()
        environment.connection = .environment()
        return file.overriding(environment).overriding(try settings).overriding(command)
    }

    /// The plan of the flags over the settings file and the environment.
    func plan() throws -> SyncPlan { try plan(mergedSettings()) }

    func plan(_ settings: SyncSettings) throws -> SyncPlan {
        try settings.plan(command: redactedCommandLine())
    }

    /// Builds the plan, runs it, prints the summary and turns conflicts and mismatches into a
    /// failing exit.
    func execute(_ command: SyncSettings = SyncSettings()) async throws {
        let settings = try mergedSettings(command)
        let plan = try plan(settings)
        if plan.dryRun, let request = plan.worldPop, try await printDownloadPlan(request) { return }
        let progress = ProgressLine(enabled: !quiet)
        let client = try settings.connection.client(log: quiet ? nil : { @Sendable (message: String) in warn(message) })
        var runner = SyncRunner(client: client, audit: try AuditLog(path: settings.audit ?? AuditLog.defaultPath)) { label, f in
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
            if !quiet {
                warn(
                    "dry run: give --iso3 to see the WorldPop download plan (the country is otherwise found from the org units)")
            }
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
        var lines = [
            "WorldPop download plan (\(request.product.id), \(iso3), \(request.years.map(String.init).joined(separator: ", "))):"
        ]
        lines += plan.lines.map { "  " + $0 }
        guard plan.downloads.isEmpty, plan.unavailable.isEmpty else {
            lines.append("Dry run: nothing was downloaded and nothing sent to DHIS2. Run without --dry-run to download and import.")
            return (lines, true)
        }
        return (lines, false)
    }
}

extension SyncPlan.Product: ExpressibleByArgument {}
extension BandOrder: ExpressibleByArgument {}

/// The command line as recorded in the audit log: values of secret options replaced.
func redactedCommandLine(_ arguments: [String] = CommandLine.arguments) -> String {
    let secret = ["--token", "--password", "--access-key"]
    var out: [String] = []
    var hideNext = false
    for a in arguments {
        if hideNext {
            out.append("***")
            hideNext = false
            continue
        }
        if secret.contains(a) {
            out.append(a)
            hideNext = true
            continue
        }
        if let flag = secret.first(where: { a.hasPrefix($0 + "=") }) {
            out.append(flag + "=***")
            continue
        }
        out.append(a)
    }
    return out.joined(separator: " ")
}
