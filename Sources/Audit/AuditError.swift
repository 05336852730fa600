import Foundation

public enum AuditError: Error, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
    /// The file is not a SQLite database, or its pages are damaged.
    case corrupt(path: String, reason: String)
    /// Read-only (a mount, permissions) or full.
    case notWritable(path: String, reason: String)
    case noSuchRun(Int64)
    case alreadyUndone(Int64, by: Int64)
    case nothingToUndo(Int64, reason: String)
    case superseded(Int64, by: Int64, count: Int)
    /// The run is marked running and its process is alive (or on another machine).
    case stillRunning(Int64, host: String, pid: Int32)
    /// Another undo of the run is running in a live process.
    case undoInProgress(Int64, by: Int64)
}

extension AuditError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the audit log '\(path)': \(reason). Check the path's permissions, or set --audit / WORLDPOP_DHIS2_AUDIT."
        case .corrupt(let path, let reason):
            return
                "the audit log '\(path)' is damaged (\(reason)): move it aside (mv '\(path)' '\(path).corrupt') and a new one is "
                + "started, or give another file with --audit FILE."
        case .notWritable(let path, let reason):
            return
                "cannot write the audit log '\(path)' (\(reason)): give a writable file with --audit FILE (or WORLDPOP_DHIS2_AUDIT)."
        case .noSuchRun(let id):
            return "there is no run \(id) in the audit log; `worldpop-dhis2 history` lists the runs."
        case .alreadyUndone(let id, let by):
            return "run \(id) was already undone by run \(by)."
        case .nothingToUndo(let id, let reason):
            return "run \(id) changed nothing in DHIS2 (\(reason)); there is nothing to undo."
        case .superseded(let id, let by, let count):
            return
                "run \(by) later wrote \(count) of the values run \(id) wrote; undo run \(by) first, or undoing \(id) would "
                + "overwrite newer data."
        case .stillRunning(let id, let host, let pid):
            let here = host == ProcessInfo.processInfo.hostName
            return
                "run \(id) is still running (process \(pid) on \(here ? "this machine" : host)): undoing it now would miss the values "
                + "it has yet to send. Wait for it to finish (`worldpop-dhis2 history --run \(id)`), or stop it; an interrupted run "
                + "can be undone"
                + (here ? "." : "; if that process is gone, `worldpop-dhis2 history` on \(host) marks the run interrupted.")
        case .undoInProgress(let id, let by):
            return "run \(id) is being undone by run \(by), still running; wait for it (`worldpop-dhis2 history --run \(by)`)."
        }
    }
}
