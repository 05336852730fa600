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
        case let .cannotOpen(path, reason):
            return "cannot open the audit log '\(path)': \(reason). Check the path's permissions, or set --audit / WORLDPOP_DHIS2_AUDIT."
        case let .noSuchRun(id):
            return "there is no run \(id) in the audit log; `worldpop-dhis2 history` lists the runs."
        case let .alreadyUndone(id, by):
            return "run \(id) was already undone by run \(by)."
        case let .nothingToUndo(id, reason):
            return "run \(id) changed nothing in DHIS2 (\(reason)); there is nothing to undo."
        case let .superseded(id, by, count):
            return "run \(by) later wrote \(count) of the values run \(id) wrote; undo run \(by) first, or undoing \(id) would overwrite newer data."
        }
    }
}
