import Audit
import Catchments
import DHIS2
import DenominatorMetadata
import Denominators
import Foundation
import Localization
import Logging
import Parallel
import Zonal

/// Runs a sync through its stages (Sources/Sync/Stages, one file each, in order): read the org
/// units → find the rasters → compute the populations (one coverage per unit for every band and
/// year) → ensure the metadata → compare with what DHIS2 holds → record the run in the audit log
/// → import what changed → read it back → check → report.
public struct SyncRunner: Sendable {
    public var client: DHIS2Client
    public var audit: AuditLog
    public var engine: ZonalEngine
    /// Progress lines and fractions for a progress bar.
    public var progress: (@Sendable (String, Double) -> Void)?
    public var user: String
    /// Steps and their figures at `info`, requests at `debug` (no-op unless the caller sets one).
    public var logger = Logger(label: "worldpop-dhis2.sync", factory: { _ in SwiftLogNoOpLogHandler() })

    public init(
        client: DHIS2Client, audit: AuditLog, engine: ZonalEngine = .geoTIFF(),
        user: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown",
        progress: (@Sendable (String, Double) -> Void)? = nil
    ) {
        self.client = client
        self.audit = audit
        self.engine = engine
        self.user = user
        self.progress = progress
    }

    /// A sync, stage by stage. Stages 1–3 make the run's context (what it is about); each later
    /// stage reads it and returns only what it adds. Everything after the run is recorded in the
    /// audit log ends it there: succeeded, with conflicts, failed, or interrupted when the server
    /// stops it.
    public func run(_ plan: SyncPlan) async throws -> SyncOutcome {
        try await onItsOwnQueue { try await stages(plan) }
    }

    /// The whole sync: the stages in order.
    private func stages(_ plan: SyncPlan) async throws -> SyncOutcome {
        let run = try await context(plan)
        let metadata = try await ensureMetadata(run)
        let changes = try await compareWithDHIS2(run, metadata)
        let recorded = try recordRun(run, changes)
        do {
            let imported = try await importValues(run, metadata, changes, recorded)
            let verified = try await verify(run, changes, imported)
            let checked = try await check(run)
            let delivery = SyncOutcome.Delivery(
                metadata: metadata, changes: changes, recorded: recorded, imported: imported, verified: verified)
            let outcome = try await writeReport(SyncOutcome(run, delivery: delivery, checked: checked, server: serverURL))
            try audit.finish(runID: recorded.runID, status: outcome.recordedStatus, summary: AuditJSON.encode(RunSummary(outcome)))
            return outcome
        } catch {
            // Cancelled: the server is stopping and has recorded the run as interrupted.
            let cancelled = error is CancellationError || Task.isCancelled
            try? audit.finish(
                runID: recorded.runID, status: cancelled ? .interrupted : .failed,
                summary: (try? AuditJSON.encode(["error": String(describing: error)])) ?? "{}")
            throw error
        }
    }

    /// The stages up to the populations, then the checks and the report: what a sync would
    /// import, without touching DHIS2's metadata or data.
    public func preview(_ plan: SyncPlan) async throws -> SyncOutcome {
        try await onItsOwnQueue {
            let run = try await context(plan)
            var outcome = SyncOutcome(run, delivery: nil, checked: try await check(run), server: serverURL)
            outcome.currentValues = await currentValues(run.orgUnits, years: plan.years)
            return try await writeReport(outcome)
        }
    }

    /// A sync runs on a queue of its own, never on the Swift concurrency pool: its parsing, repair,
    /// sums and report are seconds to minutes of CPU between two awaits, and on the pool (one
    /// thread per core) they held up every other task of the process for as long, serve's answers
    /// to the page and the DHIS2 app included.
    private func onItsOwnQueue<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(QueueExecutor(label: "sync")) { try await body() }
    }

    /// Stages 1–3: the org units, their rasters and their populations.
    func context(_ plan: SyncPlan) async throws -> SyncContext {
        let orgUnits = try await readOrgUnits(plan)
        let rasters = try await findRasters(plan, for: orgUnits)
        let populations = try computePopulations(plan, orgUnits, rasters)
        return SyncContext(plan: plan, orgUnits: orgUnits, rasters: rasters, populations: populations)
    }

    /// What DHIS2 holds now of the WorldPop data set's totals and groups (default option combo),
    /// for a preview to show beside the new figures: "data element|org unit|year" → value. Empty
    /// when DHIS2 holds none or the account may not read them (the preview does not depend on it).
    func currentValues(_ orgUnits: OrgUnitsRead, years: [Int]) async -> [String: Double] {
        guard let stored = try? await storedValues(orgUnits, years: years) else { return [:] }
        var current: [String: Double] = [:]
        for (key, value) in stored {
            guard let number = Double(value) else { continue }
            current["\(key.dataElement)|\(key.orgUnit)|\(key.period)", default: 0] += number
        }
        return current
    }

    var serverURL: String { client.connection.baseURL.absoluteString }

    /// The last stage (10): report.html, populations.csv and populations.geojson, in the plan's
    /// language or the account's.
    func writeReport(_ outcome: SyncOutcome) async throws -> SyncOutcome {
        var outcome = outcome
        outcome.reportFiles = try SyncReport.write(
            outcome, to: outcome.plan.reportDirectory, language: try await reportLanguage(outcome.plan))
        return outcome
    }

    /// `--language`, else the DHIS2 account's interface language when a catalogue has it, else English.
    func reportLanguage(_ plan: SyncPlan) async throws -> Catalogue {
        if let language = plan.language { return try Catalogues.load(language) }
        let locale = try? await client.me().uiLocale
        return try Catalogues.load(Catalogues.language(forLocale: locale) ?? Catalogues.base)
    }
}
