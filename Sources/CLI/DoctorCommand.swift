import ArgumentParser
import DHIS2
import Foundation
import Sync

/// `worldpop-dhis2 doctor`: reads DHIS2 and says what a sync with the same options would run
/// into, before anything is written.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the DHIS2 server and account for a sync with the same options, writing nothing.",
        discussion: """
            Reads the server version, the account (`/api/me`: authorities, data capture org units), the \
            org units of the run, and the WorldPop data set and category options if they exist, and names \
            each problem with its fix: missing authorities, org units outside the capture scope, a data set \
            that refuses the run's future years or expires old ones, sharing that refuses values. Exits 1 \
            when there is a problem.
            """
    )

    @OptionGroup var options: SyncOptions

    func run() async throws {
        let settings = try options.mergedSettings()
        let plan = try options.plan(settings)
        let client = try settings.dhis2.client(log: clientWarnings(quiet: options.quiet))
        let findings = try await Preflight(client: client).run(plan)
        for f in findings {
            let mark =
                switch f.kind {
                case .ok: "ok     "
                case .note: "note   "
                case .problem: "PROBLEM"
                }
            print("\(mark) \(f.text)")
        }
        let problems = findings.filter { $0.kind == .problem }.count
        guard problems == 0 else {
            throw PreflightFailed(problems: problems)
        }
        print("No problems found: a sync with these options can run.")
    }
}

struct PreflightFailed: Error, CustomStringConvertible {
    var problems: Int
    var description: String { "\(problems) problem(s) found; fix them and run doctor again." }
}
