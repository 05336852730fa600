import Foundation
import TestSupport
import Testing

@testable import Audit

/// Issue 23: an audit file that is corrupt, or on a read-only mount, is named with the way out
/// instead of SQLite's bare message.
@Suite struct AuditFileProblemsTests {
    func run(_ command: String) -> AuditRun { AuditRun(kind: "sync", user: "alice", server: "https://dhis.example.org", command: command) }

    @Test func aFileThatIsNotSQLiteIsNamedWithTheFix() throws {
        let path = temporaryDirectory().appendingPathComponent("audit.sqlite").path
        try Data(String(repeating: "not a database ", count: 300).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: AuditError.self) { try AuditLog(path: path) }
        #expect(
            error?.description
                == "the audit log '\(path)' is damaged (file is not a database): move it aside (mv '\(path)' '\(path).corrupt') and a "
                + "new one is started, or give another file with --audit FILE.")
    }

    /// A real log whose pages after the first are overwritten: the header opens, the tables do not.
    @Test func aLogDamagedInsideIsNamedWithTheFix() throws {
        let path = temporaryDirectory().appendingPathComponent("audit.sqlite").path
        do {
            let log = try AuditLog(path: path)
            for i in 0..<50 { _ = try log.begin(run("sync --year \(2000 + i)")) }
        }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.count > 3 * 4096)
        for i in 4096..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: AuditError.self) {
            let log = try AuditLog(path: path)
            _ = try log.runs()
        }
        guard case .corrupt(let named, _)? = error else {
            Issue.record("not reported as corrupt: \(String(describing: error))")
            return
        }
        #expect(named == path)
        #expect(error?.description.contains("or give another file with --audit FILE") == true)
    }

    @Test(.enabled(if: TemporaryMount.isAvailable, "mounts a read-only view: needs root and a kernel that allows it"))
    func aLogOnAReadOnlyMountIsNamedWithTheFix() throws {
        let folder = temporaryDirectory()
        _ = try AuditLog(path: folder.appendingPathComponent("audit.sqlite").path)
        let view = try TemporaryMount(readOnlyViewOf: folder)
        defer { view.unmount() }
        let path = view.folder.appendingPathComponent("audit.sqlite").path
        let log = try AuditLog(path: path)
        #expect(try log.runs().isEmpty)
        let error = #expect(throws: AuditError.self) { try log.begin(run("sync")) }
        #expect(
            error?.description
                == "cannot write the audit log '\(path)' (attempt to write a readonly database): give a writable file with --audit FILE "
                + "(or WORLDPOP_DHIS2_AUDIT).")
        // A new file there cannot even be created.
        let fresh = view.folder.appendingPathComponent("new.sqlite").path
        #expect(throws: AuditError.notWritable(path: fresh, reason: "unable to open database file")) { try AuditLog(path: fresh) }
    }
}
