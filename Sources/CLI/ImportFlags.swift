import ArgumentParser
import Sync

/// The flags of `ImportSettings` (`import:` in the config file): how values are sent.
struct ImportFlags: ParsableArguments {
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

    @Flag(name: .long, help: "After a successful import, run DHIS2's analytics tables job for the synced years and follow it.")
    var analytics = false

    @Flag(
        name: .customLong("raw-2015"),
        help: "With --product births or pregnancies: also import WorldPop's raw 2015 sums, for 2015, into their own data element.")
    var raw2015 = false

    func validate() throws {
        try asUsageError {
            if let decimals { try checkDecimals(decimals, source: "--decimals") }
            if let chunkSize { try checkChunkSize(chunkSize, source: "--chunk-size") }
        }
    }

    var settings: ImportSettings {
        var s = ImportSettings()
        s.decimals = decimals
        s.dryRun = dryRun ? true : nil
        s.allowConflicts = allowConflicts ? true : nil
        s.chunkSize = chunkSize
        s.async = asyncImport ? true : nil
        s.analytics = analytics ? true : nil
        s.raw2015 = raw2015 ? true : nil
        return s
    }
}
