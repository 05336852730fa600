import ArgumentParser
import Audit
import Foundation
import Sync

/// `worldpop-dhis2 undo RUN`: revert exactly what a run changed in DHIS2.
struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Revert a run: delete the values it created and restore the values it overwrote.",
        discussion: "Refused when a later run rewrote the same values (undo that one first) or the run was already undone."
    )

    @Argument(help: "The run number, from `worldpop-dhis2 history`.")
    var runID: Int64

    @OptionGroup var dhis2: DHIS2Options

    @Option(name: .long, help: ArgumentHelp("Audit log (SQLite) path (env WORLDPOP_DHIS2_AUDIT).", valueName: "file"))
    var audit: String?

    func run() async throws {
        let runner = UndoRunner(client: try dhis2.client(), audit: try AuditLog(path: audit ?? AuditLog.defaultPath))
        let outcome = try await runner.undo(runID: runID, command: redactedCommandLine())
        print("run \(runID) undone by run \(outcome.undoRunID): deleted \(outcome.deleted.deleted) value(s), restored \(outcome.restored.imported + outcome.restored.updated) value(s)")
        if outcome.deleted.ignored + outcome.restored.ignored > 0 {
            throw SyncError.conflicts(count: outcome.deleted.conflicts.count + outcome.restored.conflicts.count, ignored: outcome.deleted.ignored + outcome.restored.ignored)
        }
    }
}
