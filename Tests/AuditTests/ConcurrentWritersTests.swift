import Foundation
import Synchronization
import Testing

@testable import Audit

/// `sync` from the command line and `serve`'s schedule share one audit file: two processes, two
/// connections. Each must wait its turn instead of failing with "database is locked".
@Suite struct ConcurrentWritersTests {
    /// One writer's whole run, as `sync` records it: open (and migrate), begin, values in a few
    /// batches, an import summary, finish, and the reads the history makes.
    static func recordRun(path: String, writer: Int) throws -> Int64 {
        let log = try AuditLog(path: path)
        _ = try log.markInterruptedRuns()
        let run = try log.begin(
            AuditRun(
                kind: "sync",
                user: "writer \(writer)", server: "https://dhis.example.org", command: "sync"))
        let id = run.id!
        for batch in 0..<20 {
            try log.record(
                values: (0..<50).map { i in
                    AuditValue(
                        runId: id, dataElement: "de\(writer)", period: "2020", orgUnit: "ou\(batch)-\(i)",
                        categoryOptionCombo: "HllvX50cXC0",
                        attributeOptionCombo: "HllvX50cXC0", value: String(i), previousValue: nil, action: .created)
                })
            _ = try log.runs(limit: 5)
        }
        try log.record(
            import: AuditImport(
                runId: id, sequence: 1, strategy: "CREATE_AND_UPDATE", dryRun: false, status: "SUCCESS",
                imported: 1000, updated: 0, ignored: 0, deleted: 0))
        try log.finish(runID: id, status: .succeeded)
        return id
    }

    @Test func twoWritersOnOneFileBothComplete() throws {
        for round in 0..<10 {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wpd-audit-\(UUID().uuidString)")
            let path = dir.appendingPathComponent("audit.sqlite").path
            let results = Results()
            // Two threads, each with its own AuditLog (its own connection), as two processes have.
            DispatchQueue.concurrentPerform(iterations: 2) { writer in
                do { results.set(writer, .success(try Self.recordRun(path: path, writer: writer))) } catch {
                    results.set(writer, .failure(error))
                }
            }
            for writer in 0..<2 {
                let outcome = try #require(results.get(writer))
                if case .failure(let error) = outcome { Issue.record("round \(round), writer \(writer): \(error)") }
            }
            let log = try AuditLog(path: path)
            let runs = try log.runs()
            #expect(runs.count == 2, "round \(round)")
            #expect(runs.allSatisfy { $0.status == .succeeded }, "round \(round)")
            for run in runs { #expect(try log.values(ofRun: run.id!).count == 1000, "round \(round)") }
            try? FileManager.default.removeItem(at: dir)
        }
    }
}

/// The outcome of each writer thread.
private final class Results: Sendable {
    private let outcomes = Mutex<[Int: Result<Int64, any Error>]>([:])

    func set(_ writer: Int, _ outcome: Result<Int64, any Error>) { outcomes.withLock { $0[writer] = outcome } }
    func get(_ writer: Int) -> Result<Int64, any Error>? { outcomes.withLock { $0[writer] } }
}
