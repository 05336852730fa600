import Catchments
import DHIS2
import GDALBinding
import Zonal

/// Stage 1 of a sync: the org units of the run with their boundaries (DHIS2's, or a file's), the
/// zones to sum over, and the roots under which DHIS2's values are read later.
struct OrgUnitsRead: Sendable {
    var server: SystemInfo
    /// The synced levels and, for the hierarchy check, their parents (and for access, the facilities).
    var units: OrgUnitSet
    /// The units of the synced levels.
    var synced: [OrgUnit]
    var zoning: AreaZones.Result
    var boundaryMatch: BoundaryMatch?
    /// The `within` unit, or the top ancestors of the synced units: DHIS2's values are read under these.
    var roots: [String]
    var notes: [SyncNote]
}

extension SyncRunner {
    func readOrgUnits(_ plan: SyncPlan) async throws -> OrgUnitsRead {
        let server = try await client.systemInfo()
        if case .files(let inputs) = plan.rasters, inputs.isEmpty { throw SyncError.noRasters }
        progress?("reading org units", 0)
        let parentLevel = (plan.levels.min() ?? 1) - 1
        var readLevels = Set(plan.levels + (parentLevel >= 1 ? [parentLevel] : []))
        if case .access(_, let facilitiesLevel) = plan.zoneSource { readLevels.insert(facilitiesLevel) }
        var units = try await client.organisationUnits(OrgUnitSelection(levels: readLevels.sorted(), within: plan.within))
        var notes = server.compatibilityNote.map { [SyncNote(.dhis2Release, $0)] } ?? []
        var boundaryMatch: BoundaryMatch?
        if let source = plan.boundaries {
            // Catchments are drawn within the facilities' parents: the file holds those areas.
            var areaLevels = Set(plan.levels)
            if case .catchments = plan.zoneSource { areaLevels = [parentLevel] }
            let match = try BoundaryMatch.match(
                try BoundaryFile.read(source.path), source: source,
                units: units.units.filter { areaLevels.contains($0.level) })
            units = match.apply(to: units)
            boundaryMatch = match
            notes.append(SyncNote(.boundaryFile, match.summary))
        }
        let zoning = try AreaZones.make(plan, units: units)
        guard !zoning.zones.isEmpty else {
            if case .catchments = plan.zoneSource { throw SyncError.noFacilities(level: plan.levels, excluded: zoning.excluded.count) }
            throw SyncError.noZones(levels: plan.levels)
        }
        let levels = Set(plan.levels)
        let synced = units.units.filter { levels.contains($0.level) }
        let roots =
            plan.within.map { [$0] } ?? Array(Set(synced.compactMap { $0.path.split(separator: "/").first.map(String.init) })).sorted()
        logger.info(
            "org units read",
            metadata: [
                "units": "\(units.units.count)", "zones": "\(zoning.zones.count)", "levels": "\(readLevels.sorted())",
                "withoutGeometry": "\(units.units.filter { $0.zone == nil }.count)",
            ])
        return OrgUnitsRead(
            server: server, units: units, synced: synced, zoning: zoning, boundaryMatch: boundaryMatch,
            roots: roots, notes: notes)
    }
}
