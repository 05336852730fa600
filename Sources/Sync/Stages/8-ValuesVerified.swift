import DHIS2

/// Stage 8: what was sent read back from DHIS2 (a value DHIS2 said it took but does not hold is a
/// failure, whatever the import summary said), then, if asked and all is well, the analytics
/// tables job so that dashboards show the values today.
struct ValuesVerified: Sendable {
    /// "unit year: sent x, found y" for each value read back differently.
    var mismatches: [String] = []
    var analytics: SyncOutcome.AnalyticsOutcome?
    var notes: [SyncNote] = []
}

extension SyncRunner {
    func verify(_ run: SyncContext, _ changes: ValueChanges, _ imported: ValuesImported) async throws -> ValuesVerified {
        var verified = ValuesVerified()
        let (plan, orgUnits) = (run.plan, run.orgUnits)
        guard !plan.dryRun else { return verified }
        progress?("verifying", 0)
        let stored = try await storedValues(orgUnits, years: plan.valueYears)
        let names = orgUnits.units.names
        for v in changes.toSend where !imported.rejected.contains(v.key) && stored[v.key].flatMap(Double.init) != Double(v.value) {
            verified.mismatches.append(
                "\(names[v.orgUnit] ?? v.orgUnit) \(v.period): sent \(v.value), found \(stored[v.key] ?? "nothing")")
        }
        if plan.analytics, !imported.result.hasProblems, verified.mismatches.isEmpty {
            try await runAnalytics(&verified, years: plan.years, server: orgUnits.server)
        }
        return verified
    }

    /// Runs DHIS2's analytics tables job for the synced years and follows it. A failure does not
    /// undo the import: it is recorded, and the run exits non-zero saying so.
    func runAnalytics(_ verified: inout ValuesVerified, years: [Int], server: SystemInfo) async throws {
        let current = server.currentYear
        let lastYears = max(1, current - (years.min() ?? current) + 1)
        progress?("analytics tables", 0)
        do {
            let job = try await client.runAnalytics(lastYears: lastYears, server: server) { [progress, logger] message in
                progress?("analytics: \(message)", 0)
                logger.info("analytics", metadata: ["message": "\(message)"])
            }
            verified.analytics = .completed(job: job, lastYears: lastYears)
            verified.notes.append(SyncNote(.analytics, .init(key: "note.analytics", values: ["years": String(lastYears), "job": job])))
        } catch let error as DHIS2Error {
            verified.analytics = .failed(String(describing: error))
        }
    }
}
