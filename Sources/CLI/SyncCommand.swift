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

/// Everything `sync`, `catchments` and `access` share: the flags of `SyncSettings`, one option
/// group per section (DHIS2, local rasters, WorldPop, boundaries, import) and the top-level ones
/// here (org units, years, product, report, audit), plus how the command itself prints.
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

    @OptionGroup var rasters: RasterFileOptions

    @OptionGroup var worldpop: WorldPopOptions

    @OptionGroup var boundaries: BoundaryOptions

    @OptionGroup var importing: ImportFlags

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
            if let compareThreshold { try checkCompareThreshold(compareThreshold, source: "--compare-threshold") }
        }
    }

    /// What the flags say (a flag not given says nothing, so the settings file's value stays).
    var settings: SyncSettings {
        get throws {
            var s = SyncSettings()
            s.dhis2 = dhis2.settings
            s.levels = try level.map { NumberList(try parseLevels($0)) }
            s.within = within
            s.years = try years.map { NumberList(try parseYears($0)) }
            s.product = product
            s.rasters = try rasters.settings
            s.worldpop = worldpop.settings
            s.boundaries = boundaries.settings
            s.import = importing.settings
            s.outputValues = outputValues
            s.report = report
            s.compareWith = compareWith
            s.compareThreshold = compareThreshold
            s.credit = credit
            s.language = language
            s.audit = audit
            return s
        }
    }

    /// The settings file under the environment under the flags; `command` adds what the
    /// subcommand itself says (access's --report-level).
    func mergedSettings(_ command: SyncSettings = SyncSettings()) throws -> SyncSettings {
        let file = try config.map(SettingsFile.load) ?? SyncSettings()
        var environment = SyncSettings()
        environment.dhis2 = .environment()
        return file.overriding(environment).overriding(try settings).overriding(command)
    }

    /// The plan of the flags over the settings file and the environment.
    func plan() throws -> SyncPlan { try plan(mergedSettings()) }

    func plan(_ settings: SyncSettings, zones: SyncPlan.ZoneSource = .boundaries) throws -> SyncPlan {
        try settings.plan(command: redactedCommandLine(), zones: zones)
    }

    /// Builds the plan, runs it, prints the summary and turns conflicts and mismatches into a
    /// failing exit.
    func execute(_ command: SyncSettings = SyncSettings(), zones: SyncPlan.ZoneSource = .boundaries) async throws {
        let settings = try mergedSettings(command)
        let plan = try plan(settings, zones: zones)
        if plan.dryRun, let request = plan.worldPop, try await printDownloadPlan(request) { return }
        let progress = ProgressLine(enabled: !quiet)
        let client = try settings.dhis2.client(log: clientWarnings(quiet: quiet))
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
