import ArgumentParser
import Audit
import DHIS2
import Denominators
import Foundation
import Sync
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

    @OptionGroup var dhis2: DHIS2Options

    @Option(name: .long, help: ArgumentHelp("Org unit level(s): 3, 2,3 or 2-4.", valueName: "levels"))
    var level: String

    @Option(name: .long, help: ArgumentHelp("Only org units under this one (UID).", valueName: "uid"))
    var within: String?

    @Option(name: .long, help: ArgumentHelp("The year the rasters are for.", valueName: "year"))
    var year: Int

    @Option(name: .long, help: "total (one value per unit) or agesex (40 bands, totals and groups).")
    var product: SyncPlan.Product = .total

    @Option(name: .long, help: ArgumentHelp("Total-population GeoTIFF for the year.", valueName: "file"))
    var raster: String?

    @Option(name: .long, help: ArgumentHelp("Age/sex GeoTIFF with one band per sex and age group (see --band-order).", valueName: "file"))
    var agesexRaster: String?

    @Option(name: .long, help: ArgumentHelp("First years of the age groups in the age/sex raster.", valueName: "list"))
    var ages = "0,1,5,10,15,20,25,30,35,40,45,50,55,60,65,70,75,80,85,90"

    @Option(name: .long, help: ArgumentHelp("Order of sexes in the age/sex raster's bands: mf (males first) or fm.", valueName: "order"))
    var bandOrder = "mf"

    @Option(name: .long, help: ArgumentHelp("Decimals of the values sent.", valueName: "n"))
    var decimals = 0

    @Flag(name: .long, help: "Ask DHIS2 to validate everything and store nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Exit 0 even when DHIS2 ignored values or reported conflicts.")
    var allowConflicts = false

    @Option(name: .long, help: ArgumentHelp("Values per request (halved on HTTP 413).", valueName: "n"))
    var chunkSize = 5_000

    @Flag(name: .customLong("async"), help: "Import as DHIS2 background jobs and poll them.")
    var asyncImport = false

    @Option(name: .long, help: ArgumentHelp("Also write the data value set (.json, .csv or .xml for ADX).", valueName: "file"))
    var outputValues: String?

    @Option(name: .long, help: ArgumentHelp("Folder for report.html, populations.csv and populations.geojson.", valueName: "dir"))
    var report = "worldpop-report"

    @Option(name: .long, help: ArgumentHelp("Compare with the denominator already in DHIS2 under this data element.", valueName: "uid"))
    var compareWith: String?

    @Option(name: .long, help: ArgumentHelp("Flag units off by more than this share in the comparison.", valueName: "x"))
    var compareThreshold = 0.1

    @Option(name: .long, help: ArgumentHelp("Dataset credit for reports and metadata.", valueName: "text"))
    var credit: String?

    @Option(name: .long, help: ArgumentHelp("Audit log (SQLite) path (env WORLDPOP_DHIS2_AUDIT).", valueName: "file"))
    var audit: String?

    @Flag(name: .long, help: "Print the outcome as JSON on stdout.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        guard raster != nil || agesexRaster != nil else { throw ValidationError("give --raster FILE (total population) and/or --agesex-raster FILE for --year") }
        if product == .agesex, agesexRaster == nil { throw ValidationError("--product agesex needs --agesex-raster") }
        guard ["mf", "fm"].contains(bandOrder) else { throw ValidationError("--band-order is mf or fm") }
        guard (0...6).contains(decimals) else { throw ValidationError("--decimals is 0 to 6") }
    }

    func plan() throws -> SyncPlan {
        var inputs = YearInputs(year: year, total: raster.map { BandFile(path: $0) })
        if let agesexRaster {
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
        }
        let credit = credit ?? "WorldPop (www.worldpop.org), \(URL(fileURLWithPath: raster ?? agesexRaster!).lastPathComponent), \(year), CC BY 4.0"
        var plan = SyncPlan(levels: try parseLevels(level), within: within, product: product, inputs: [inputs],
                            reportDirectory: report, credit: credit, command: redactedCommandLine())
        plan.decimals = decimals
        plan.dryRun = dryRun
        plan.allowConflicts = allowConflicts
        plan.importOptions = ImportOptions(async: asyncImport, chunkSize: chunkSize)
        plan.valuesFile = outputValues
        plan.compareWith = compareWith
        plan.compareThreshold = compareThreshold
        return plan
    }

    func run() async throws {
        let progress = ProgressLine(enabled: !quiet)
        let runner = SyncRunner(client: try dhis2.client(quiet: quiet), audit: try AuditLog(path: audit ?? AuditLog.defaultPath)) { label, f in
            progress.update(label, f)
        }
        let outcome = try await runner.run(try plan())
        progress.finish()
        if json {
            print(SyncSummary.json(outcome))
        } else if !quiet {
            print(SyncSummary.text(outcome))
        }
        if outcome.hasConflicts, !allowConflicts {
            throw SyncError.conflicts(count: outcome.importResult?.summary.conflicts.count ?? 0, ignored: outcome.importResult?.summary.ignored ?? 0)
        }
        if let first = outcome.mismatches.first { throw SyncError.verificationFailed(mismatches: outcome.mismatches.count, example: first) }
    }
}

extension SyncPlan.Product: ExpressibleByArgument {}

/// The command line as recorded in the audit log: values of secret options replaced.
func redactedCommandLine(_ arguments: [String] = CommandLine.arguments) -> String {
    var out: [String] = []
    var hideNext = false
    for a in arguments {
        if hideNext { out.append("***"); hideNext = false; continue }
        if a == "--token" || a == "--password" { out.append(a); hideNext = true; continue }
        if a.hasPrefix("--token=") || a.hasPrefix("--password=") { out.append(a.split(separator: "=")[0] + "=***"); continue }
        out.append(a)
    }
    return out.joined(separator: " ")
}
