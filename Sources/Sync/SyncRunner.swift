import Audit
import Catchments
import DHIS2
import Denominators
import Foundation
import Logging
import Zonal

/// Runs a sync: read org units → sum the rasters (one coverage per unit for every band and year)
/// → ensure metadata → compare with what DHIS2 holds → import what changed → read it back →
/// check the hierarchy → write the report — recording every step in the audit log.
public struct SyncRunner: Sendable {
    public var client: DHIS2Client
    public var audit: AuditLog
    public var engine: ZonalEngine
    /// Progress lines and fractions for a progress bar.
    public var progress: (@Sendable (String, Double) -> Void)?
    public var user: String
    /// Steps and their figures at `info`, requests at `debug` (no-op unless the caller sets one).
    public var logger = Logger(label: "worldpop-dhis2.sync", factory: { _ in SwiftLogNoOpLogHandler() })

    public init(client: DHIS2Client, audit: AuditLog, engine: ZonalEngine = ZonalEngine(), user: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown",
                progress: (@Sendable (String, Double) -> Void)? = nil) {
        self.client = client
        self.audit = audit
        self.engine = engine
        self.user = user
        self.progress = progress
    }

    /// What every run starts with: the org units, the rasters and the populations.
    struct Prepared {
        var plan: SyncPlan
        var info: SystemInfo
        var units: OrgUnitSet
        /// Zones of the synced levels (or the facilities' catchments).
        var zones: [Zone]
        var table: PopulationTable
        var excluded: [ExcludedFacility]
        var drawn: [Zone]
        var boundaryMatch: BoundaryMatch?
        var notes: [String]
    }

    func prepare(_ plan: SyncPlan) async throws -> Prepared {
        var plan = plan
        let info = try await client.systemInfo()
        guard !plan.inputs.isEmpty || plan.worldPop != nil else { throw SyncError.noRasters }
        // 1. Org units, with the parent level for the hierarchy check.
        progress?("reading org units", 0)
        let parentLevel = (plan.levels.min() ?? 1) - 1
        var readLevels = Array(Set(plan.levels + (parentLevel >= 1 ? [parentLevel] : []))).sorted()
        if case let .access(_, facilitiesLevel) = plan.zoneSource { readLevels = Array(Set(readLevels + [facilitiesLevel])).sorted() }
        var units = try await client.organisationUnits(OrgUnitSelection(levels: readLevels, within: plan.within))
        var notes: [String] = []
        // 1a. Boundaries from a file, for the units it matches.
        var boundaryMatch: BoundaryMatch?
        if let source = plan.boundaries {
            let file = try BoundaryFile.read(source.path)
            // Catchments are drawn within the facilities' parents: the file holds those areas.
            var areaLevels = plan.levels
            if case .catchments = plan.zoneSource { areaLevels = [parentLevel] }
            let match = try BoundaryMatch.match(file, source: source, units: units.units.filter { areaLevels.contains($0.level) })
            units = match.apply(to: units)
            boundaryMatch = match
            notes.append("Boundaries of \(match.matched.count) org unit(s) from \(source.path)\(match.reprojectedFrom.map { " (reprojected from \($0) to WGS 84)" } ?? ""), "
                + "matched by \(source.key); \(match.unitsWithoutBoundary.count) unit(s) without a boundary in the file, \(match.boundariesWithoutUnit.count) boundar(ies) without a unit, "
                + "\(match.ambiguous.count) ambiguous.")
        }
        let zoning = try AreaZones.make(plan, units: units)
        let zones = zoning.zones
        guard !zones.isEmpty else {
            if case .catchments = plan.zoneSource { throw SyncError.noFacilities(level: plan.levels, excluded: zoning.excluded.count) }
            throw SyncError.noZones(levels: plan.levels)
        }
        logger.info("org units read", metadata: ["units": "\(units.units.count)", "zones": "\(zones.count)", "levels": "\(readLevels)",
                                                 "withoutGeometry": "\(units.units.filter { $0.zone == nil }.count)"])

        // 1b. The rasters, once we know where the org units are.
        if let request = plan.worldPop {
            let boxes = zones.compactMap(\.geometry.boundingBox)
            let box = BoundingBox(minX: boxes.map(\.minX).min()!, minY: boxes.map(\.minY).min()!,
                                  maxX: boxes.map(\.maxX).max()!, maxY: boxes.map(\.maxY).max()!)
            let country = try request.country(covering: box)
            logger.info("WorldPop rasters", metadata: ["product": "\(request.product.id)", "country": "\(country)", "years": "\(request.years)"])
            (plan.inputs, notes) = try await request.inputs(country: country, progress: progress)
            if plan.credit.isEmpty { plan.credit = request.product.credit(iso3: country, years: request.years) }
        }

        // 2. Populations.
        let zoneIDs = Set(zones.map(\.id))
        let boundaries = units.zones.filter { !zoneIDs.contains($0.id) }
        let table = try PopulationTable.compute(zones: boundaries + zones + zoning.extra, inputs: plan.inputs, engine: engine,
                                                strictGeometry: plan.strictGeometry, progress: progress)
        logger.info("populations computed", metadata: ["files": "\(Set(plan.inputs.flatMap(\.files)).count)", "outsideRaster": "\(table.outsideRaster.count)"])
        return Prepared(plan: plan, info: info, units: units, zones: zones, table: table, excluded: zoning.excluded,
                        drawn: zoning.drawn, boundaryMatch: boundaryMatch, notes: notes)
    }

    /// Computes and reports without touching DHIS2's metadata or data: the populations, checks
    /// and report of what a sync would import.
    public func preview(_ plan: SyncPlan) async throws -> SyncOutcome {
        let p = try await prepare(plan)
        var outcome = SyncOutcome(server: client.connection.baseURL.absoluteString, version: p.info.version, plan: p.plan, units: p.units,
                                  syncedLevels: p.plan.levels, metadataIDs: nil, table: p.table, values: [])
        outcome.excludedFacilities = p.excluded
        outcome.access = AccessRow.rows(p)
        outcome.drawnZones = p.drawn
        outcome.boundaryMatch = p.boundaryMatch
        outcome.notes = p.notes + ["Preview: nothing was sent to DHIS2."]
        try await check(&outcome, plan: p.plan, info: p.info)
        outcome.reportFiles = try SyncReport.write(outcome, to: p.plan.reportDirectory)
        return outcome
    }

    public func run(_ plan: SyncPlan) async throws -> SyncOutcome {
        let p = try await prepare(plan)
        let plan = p.plan, info = p.info, units = p.units, zones = p.zones, table = p.table

        // 3. Metadata, and the values to send.
        let bands = Array(Set(plan.inputs.flatMap { $0.bands.keys })).sorted()
        // Groups are the population's; catchments and access carry their own data elements.
        let groups = plan.product == .agesex && plan.zoneSource.isBoundaries ? try plan.groups.map { ($0, try $0.bands(from: bands)) } : []
        let ageGroups = Array(Set(bands.map(\.age))).sorted().map(\.label)
        var spec = PopulationMetadata(ageGroups: ageGroups.isEmpty ? PopulationMetadata.r2025AgeGroups : ageGroups,
                                      derivedGroups: groups.map { PopulationMetadata.Group(key: $0.0.key, name: $0.0.name, shortName: $0.0.shortName) },
                                      orgUnitIDs: zones.map(\.id), credit: plan.credit)
        let targets = ValueTargets(plan)
        spec.extraElements = targets.extraElements(credit: plan.credit)
        spec.years = plan.years
        progress?("ensuring metadata", 0)
        let metadata = try await client.ensureMetadata(spec, dryRun: plan.dryRun, requireAgeSex: plan.product == .agesex, currentYear: info.currentYear)
        let ids = metadata.ids
        // A dry run on a server without our metadata cannot validate values: DHIS2 would only
        // say the data elements do not exist.
        let metadataMissing = plan.dryRun && metadata.missingObjects > 0
        let synced = Set(zones.map(\.id))
        var syncedTable = table
        syncedTable.estimates = table.estimates.filter { synced.contains($0.key) }
        let access = AccessRow.rows(p)
        let values = access.isEmpty
            ? ValueBuilder(product: plan.product, groups: groups, ids: ids, decimals: plan.decimals, targets: targets).values(syncedTable)
            : AccessRow.values(access, targets: targets, ids: ids, decimals: plan.decimals)

        var outcome = SyncOutcome(server: client.connection.baseURL.absoluteString, version: info.version, plan: plan, units: units,
                                  syncedLevels: plan.levels, metadataIDs: ids, table: table, values: values)
        outcome.excludedFacilities = p.excluded
        outcome.access = access
        outcome.drawnZones = p.drawn
        outcome.boundaryMatch = p.boundaryMatch
        outcome.notes += p.notes + metadata.notes
        if let how = metadata.optionCombosGenerated {
            outcome.notes.append("DHIS2 generated the age/sex category option combos (\(how == .maintenance ? "maintenance endpoint" : "category combo update")).")
        }
        if metadataMissing {
            outcome.notes.append("Dry run: \(metadata.missingObjects) metadata object(s) do not exist in DHIS2 yet, so DHIS2 validated the metadata only; the values are computed and written to the report but not validated.")
        }

        // 4. What DHIS2 already holds, to send only what changes and to undo exactly.
        let roots = plan.within.map { [$0] } ?? Array(Set(zones.compactMap { units.unit($0.id)?.path.split(separator: "/").first.map(String.init) })).sorted()
        var existing: [DataValue.Key: String] = [:]
        if !metadataMissing {
            for root in roots {
                for v in try await client.dataValues(dataSet: PopulationMetadata.dataSetID, periods: plan.years.map(String.init), root: root) {
                    existing[v.key] = v.value
                }
            }
        }
        for v in values {
            switch existing[v.key] {
            case nil: outcome.created.append(v)
            case let old? where old == v.value || Double(old) == Double(v.value): outcome.unchanged += 1
            case let old?: outcome.updated.append((v, old))
            }
        }

        // 5. The audit record, then the import.
        var run = AuditRun(kind: plan.kind, user: user, server: outcome.server, dhis2Version: info.version, command: plan.command,
                           parameters: Self.parameters(plan))
        try audit.markInterruptedRuns()
        run = try audit.begin(run)
        let runID = run.id!
        outcome.runID = runID
        do {
            try audit.record(inputs: try plan.inputs.flatMap(\.files).map { try FileChecksum.input(runID: runID, kind: "raster", path: $0) })
            let toSend = metadataMissing ? [] : outcome.created + outcome.updated.map(\.value)
            if let file = plan.valuesFile {
                try write(values: values, to: file, ids: ids, units: units)
            }
            var options = plan.importOptions
            options.dryRun = plan.dryRun
            // Recorded before sending: if the import breaks off (network, a kill), the run still
            // says which values may have reached DHIS2 and what they replaced, and undo reverts them.
            if !plan.dryRun {
                try audit.record(values: outcome.created.map { Self.record(runID, $0, previous: nil, .created) }
                                    + outcome.updated.map { Self.record(runID, $0.value, previous: $0.previous, .updated) })
            }
            progress?("importing \(toSend.count) values", 0)
            let result = try await client.importDataValues(toSend, options: options) { done, total in
                progress?("importing \(total) values", Double(done) / Double(max(total, 1)))
            }
            outcome.importResult = result
            logger.info("import", metadata: ["sent": "\(toSend.count)", "imported": "\(result.summary.imported)", "updated": "\(result.summary.updated)",
                                            "ignored": "\(result.summary.ignored)", "conflicts": "\(result.summary.conflicts.count)", "dryRun": "\(plan.dryRun)"])
            outcome.conflictLines = result.describeConflicts(names: units.names)
            for (k, chunk) in result.chunks.enumerated() {
                let s = chunk.summary
                let conflicts = String(decoding: try JSONEncoder().encode(s.conflicts), as: UTF8.self)
                try audit.record(import: AuditImport(runId: runID, sequence: k, strategy: options.strategy.rawValue, dryRun: plan.dryRun, status: s.status,
                                                     imported: s.imported, updated: s.updated, ignored: s.ignored, deleted: s.deleted, conflicts: conflicts))
            }
            if !plan.dryRun {
                let rejected = Set(result.conflictValues.compactMap { $0.value?.key })
                try audit.forget(runID: runID, values: toSend.filter { rejected.contains($0.key) }.map {
                    ($0.dataElement, $0.period, $0.orgUnit, $0.categoryOptionCombo, $0.attributeOptionCombo)
                })
                // 6. Read back what was sent.
                progress?("verifying", 0)
                var stored: [DataValue.Key: String] = [:]
                for root in roots {
                    for v in try await client.dataValues(dataSet: PopulationMetadata.dataSetID, periods: plan.years.map(String.init), root: root) {
                        stored[v.key] = v.value
                    }
                }
                for v in toSend where !rejected.contains(v.key) && stored[v.key].flatMap(Double.init) != Double(v.value) {
                    outcome.mismatches.append("\(units.names[v.orgUnit] ?? v.orgUnit) \(v.period): sent \(v.value), found \(stored[v.key] ?? "nothing")")
                }
                // 6b. Analytics tables, so that dashboards show the values today.
                if plan.analytics, !outcome.hasConflicts, outcome.mismatches.isEmpty {
                    try await runAnalytics(&outcome, info: info)
                }
            }
            // 7. Checks.
            try await check(&outcome, plan: plan, info: info)
            // 8. Report.
            outcome.reportFiles = try SyncReport.write(outcome, to: plan.reportDirectory)
            let status = outcome.recordedStatus
            try audit.finish(runID: runID, status: status, summary: Self.summary(outcome))
        } catch {
            // Cancelled: the server is stopping and has recorded the run as interrupted.
            let cancelled = error is CancellationError || Task.isCancelled
            try? audit.finish(runID: runID, status: cancelled ? .interrupted : .failed, summary: Self.json(["error": String(describing: error)]))
            throw error
        }
        return outcome
    }

    func check(_ outcome: inout SyncOutcome, plan: SyncPlan, info: SystemInfo) async throws {
        guard let firstYear = plan.inputs.first else { return }
        let band = firstYear.total ?? firstYear.bands.values.sorted { $0.band < $1.band }.first
        if let band, firstYear.total != nil || plan.product == .total {
            outcome.hierarchy = try HierarchyCheck.run(units: outcome.units, table: outcome.table, band: band, year: firstYear.year, engine: engine)
        }
        for (unit, years) in outcome.table.estimates where outcome.syncedUnits.contains(where: { $0.id == unit }) {
            for (year, e) in years { if let d = e.bandTotalDifference { outcome.bandTotalDifferences.append((unit, year, d)) } }
        }
        outcome.bandTotalDifferences.sort { abs($0.difference) > abs($1.difference) }
        if let de = plan.compareWith {
            let names = outcome.units.names
            var theirs: [String: [Int: Double]] = [:]
            let roots = Set(outcome.syncedUnits.compactMap { $0.path.split(separator: "/").first.map(String.init) })
            for root in roots {
                for v in try await client.dataValues(dataElement: de, periods: plan.years.map(String.init), root: root, version: info) {
                    theirs[v.orgUnit, default: [:]][Int(v.period) ?? 0, default: 0] += Double(v.value) ?? 0
                }
            }
            for unit in outcome.syncedUnits {
                for year in plan.years {
                    guard let existing = theirs[unit.id]?[year], let e = outcome.table.estimates[unit.id]?[year] else { continue }
                    let ours = e.population
                    let ratio = existing > 0 ? ours / existing : .infinity
                    outcome.comparisons.append(Comparison(unit: unit.id, name: names[unit.id] ?? unit.id, year: year, existing: existing, worldPop: ours,
                                                          flagged: abs(ratio - 1) > plan.compareThreshold))
                }
            }
            outcome.comparisons.sort { abs($0.ratio - 1) > abs($1.ratio - 1) }
        }
    }

    /// Runs DHIS2's analytics tables job for the synced years and follows it. A failure does not
    /// undo the import: it is recorded, and the run exits non-zero saying so.
    func runAnalytics(_ outcome: inout SyncOutcome, info: SystemInfo) async throws {
        let current = info.currentYear
        let lastYears = max(1, current - (outcome.plan.years.min() ?? current) + 1)
        progress?("analytics tables", 0)
        do {
            let job = try await client.runAnalytics(lastYears: lastYears) { message in
                progress?("analytics: \(message)", 0)
                logger.info("analytics", metadata: ["message": "\(message)"])
            }
            outcome.analytics = .completed(job: job, lastYears: lastYears)
            outcome.notes.append("Analytics tables updated for the last \(lastYears) year(s) (DHIS2 job \(job)): dashboards and maps show the new values.")
        } catch let error as DHIS2Error {
            outcome.analytics = .failed(String(describing: error))
        }
    }

    func write(values: [DataValue], to file: String, ids: MetadataIDs, units: OrgUnitSet) throws {
        guard let format = DataValueSetFormat(path: file) else {
            throw SyncError.invalidInput("--output-values '\(file)': use a .json, .csv or .xml (ADX) file name")
        }
        let codes = ADXCodes.population(ids: ids, units: units)
        try DataValueSetWriter.render(values, as: format, codes: codes).write(toFile: file, atomically: true, encoding: .utf8)
    }

    static func record(_ runID: Int64, _ v: DataValue, previous: String?, _ action: ValueAction) -> AuditValue {
        AuditValue(runId: runID, dataElement: v.dataElement, period: v.period, orgUnit: v.orgUnit, categoryOptionCombo: v.categoryOptionCombo,
                   attributeOptionCombo: v.attributeOptionCombo, value: v.value, previousValue: previous, action: action)
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    static func parameters(_ plan: SyncPlan) -> String {
        let object: [String: Any] = ["levels": plan.levels, "years": plan.years, "product": plan.product.rawValue, "within": plan.within ?? NSNull(),
                                     "dryRun": plan.dryRun, "groups": plan.groups.map(\.key), "decimals": plan.decimals, "analytics": plan.analytics]
        return json(object)
    }

    static func summary(_ o: SyncOutcome) -> String {
        let s = o.importResult?.summary
        let object: [String: Any] = ["values": o.values.count, "created": o.created.count, "updated": o.updated.count, "unchanged": o.unchanged,
                                     "imported": s?.imported ?? 0, "dhis2Updated": s?.updated ?? 0, "ignored": s?.ignored ?? 0,
                                     "conflicts": s?.conflicts.count ?? 0, "mismatches": o.mismatches.count, "reports": o.reportFiles,
                                     "ignoredUnchanged": o.importResult?.ignoredUnchanged ?? 0]
        return json(object)
    }
}

extension ADXCodes {
    /// Codes of the population metadata for ADX files.
    static func population(ids: MetadataIDs, units: OrgUnitSet) -> ADXCodes {
        var combos: [String: [(category: String, option: String)]] = [:]
        for (key, coc) in ids.ageSexCombos {
            let parts = key.split(separator: "|").map(String.init)
            combos[coc] = [("WP_SEX", PopulationMetadata.code("SEX_\(parts[0])")),
                           ("WP_AGE", PopulationMetadata.code("AGE_\(parts[1].replacingOccurrences(of: "+", with: "PLUS"))"))]
        }
        var elements = [PopulationMetadata.totalDataElementID: "WP_POP", PopulationMetadata.ageSexDataElementID: "WP_POP_AGESEX"]
        for g in DerivedGroup.standard { elements[PopulationMetadata.groupDataElementID(g.key)] = PopulationMetadata.code("POP_\(g.key)") }
        return ADXCodes(dataSet: "WP_POPULATION", dataElements: elements,
                        orgUnits: Dictionary(units.units.compactMap { u in u.code.map { (u.id, $0) } }, uniquingKeysWith: { a, _ in a }), combos: combos)
    }
}
