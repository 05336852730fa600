public enum AuditError: Error, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
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
