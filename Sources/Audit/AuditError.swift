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
        }
    }
}
