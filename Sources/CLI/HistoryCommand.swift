import ArgumentParser
import Audit
import Foundation

/// `worldpop-dhis2 history`: the runs in the audit log.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List the runs recorded in the audit log, newest first.")

    @Option(name: .long, help: ArgumentHelp("Audit log (SQLite) path (env WORLDPOP_DHIS2_AUDIT).", valueName: "file"))
    var audit: String?

    @Option(name: .long, help: "How many runs.")
    var limit = 20

    @Option(name: .long, help: ArgumentHelp("Show one run in detail: inputs, imports, value counts.", valueName: "run"))
    var run: Int64?

    func run() async throws {
        let log = try AuditLog(path: audit ?? AuditLog.defaultPath)
        try log.markInterruptedRuns()
        let date = ISO8601DateFormatter()
        if let id = run {
            guard let r = try log.run(id: id) else { throw AuditError.noSuchRun(id) }
            print(
                "run \(id): \(r.kind) \(r.status.rawValue) by \(r.user) on \(r.server) (DHIS2 \(r.dhis2Version ?? "?")), "
                    + "\(date.string(from: r.startedAt))"
            )
            print("  command: \(r.command)")
            print("  parameters: \(r.parameters)")
            if let s = r.summary { print("  summary: \(s)") }
            if let u = r.undoneBy { print("  undone by run \(u)") }
            for i in try log.inputs(ofRun: id) { print("  input \(i.kind): \(i.name) (\(i.size) bytes, sha256 \(i.sha256))") }
            for i in try log.imports(ofRun: id) {
                print(
                    "  request \(i.sequence): \(i.strategy)\(i.dryRun ? " dry run" : "") \(i.status): imported \(i.imported), "
                        + "updated \(i.updated), ignored \(i.ignored), deleted \(i.deleted)"
                )
            }
            let values = try log.values(ofRun: id)
            let byAction = Dictionary(grouping: values, by: \.action).mapValues(\.count)
            print(
                "  values: "
                    + byAction.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                        "\($0.value) \($0.key.rawValue)"
                    }.joined(separator: ", ")
            )
            return
        }
        let runs = try log.runs(limit: limit)
        guard !runs.isEmpty else {
            print("no runs recorded in \(log.path)")
            return
        }
        print("run  kind   status      started               server")
        for r in runs {
            let id = String(r.id ?? 0).padding(toLength: 4, withPad: " ", startingAt: 0)
            let note = r.undoneBy.map { " (undone by \($0))" } ?? ""
            print(
                "\(id) \(r.kind.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                    + "\(r.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(date.string(from: r.startedAt)) "
                    + "\(r.server)\(note)"
            )
        }
    }
}
