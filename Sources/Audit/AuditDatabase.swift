import Foundation
import GRDB

/// The audit log's SQLite file, whose failures name the file and the way out: a corrupt file or
/// a read-only mount would otherwise surface as SQLite's bare "file is not a database" or
/// "attempt to write a readonly database", on whichever read or write meets it first.
struct AuditDatabase: Sendable {
    let queue: DatabaseQueue
    let path: String

    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do { return try queue.write(updates) } catch { throw explained(error) }
    }

    func read<T>(_ value: (Database) throws -> T) throws -> T {
        do { return try queue.read(value) } catch { throw explained(error) }
    }

    /// SQLite's corruption and permission codes as the audit log's errors; anything else as it is.
    func explained(_ error: Error) -> Error { Self.explained(error, path: path) }

    static func explained(_ error: Error, path: String) -> Error {
        guard let database = error as? DatabaseError else { return error }
        let reason = database.message ?? "\(database.resultCode)"
        switch database.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return AuditError.corrupt(path: path, reason: reason)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_FULL:
            return AuditError.notWritable(path: path, reason: reason)
        default:
            return error
        }
    }
}
