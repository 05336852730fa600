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
        let inPlace = outcome.deleted.ignored + outcome.restored.ignored - outcome.conflicts.count
        print(
            "run \(runID) undone by run \(outcome.undoRunID): deleted \(outcome.deleted.deleted) value(s), restored "
                + "\(outcome.restored.imported + outcome.restored.updated) value(s)"
                + (inPlace > 0 ? "; \(inPlace) value(s) were already as they should be" : ""))
        try outcome.requireComplete()
    }
}
