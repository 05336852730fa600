import Catchments
import DHIS2
import Geometry

/// The zones a plan sums over: the org units' boundaries, the catchments of their facilities, or
/// (for access) the org units and the parts of them within reach of a facility.
enum AreaZones {
    struct Result {
        var zones: [Zone]
        /// Zones summed alongside, not sent themselves (access: "<unit>#within").
        var extra: [Zone] = []
        var excluded: [ExcludedFacility] = []
        /// The zones the tool drew itself, for the report's maps.
        var drawn: [Zone] = []
    }

    static let withinSuffix = "#within"

    static func make(_ plan: SyncPlan, units: OrgUnitSet) throws -> Result {
        let own = units.units.filter { plan.levels.contains($0.level) }
        switch plan.zoneSource {
        case .boundaries:
            return Result(zones: own.compactMap(\.zone))
        case .catchments(let method):
            let (facilities, excluded) = facilitiesAndProblems(own)
            let parents = Dictionary(uniqueKeysWithValues: units.units.compactMap { u in u.zone.map { (u.id, $0.geometry) } })
            let built = try CatchmentBuilder.build(facilities: facilities, parents: parents, method: method)
            return Result(zones: built.zones, excluded: excluded + built.excluded, drawn: built.zones)
        case .access(let km, let facilitiesLevel):
            let (facilities, excluded) = facilitiesAndProblems(units.units.filter { $0.level == facilitiesLevel })
            let zones = own.compactMap(\.zone)
            let reach = try Reach(centers: facilities.map(\.position), radius: km * 1000)
            let within = zones.map { zone in
                Zone(
                    id: zone.id + withinSuffix, name: zone.name, geometry: reach.within(zone.geometry),
                    properties: [Zone.derivedProperty: "within \(km) km"])
            }
            return Result(zones: zones, extra: within, excluded: excluded, drawn: within)
        }
    }

    /// Point org units as facilities; the others listed with the reason.
    static func facilitiesAndProblems(_ units: [OrgUnit]) -> ([Facility], [ExcludedFacility]) {
        var facilities: [Facility] = []
        var excluded: [ExcludedFacility] = []
        for u in units {
            switch u.geometry {
            case .point(let p)?: facilities.append(Facility(id: u.id, name: u.name, position: p, parent: u.parentID))
            case nil: excluded.append(ExcludedFacility(id: u.id, name: u.name, reason: "no coordinates in DHIS2"))
            case .area?:
                excluded.append(
                    ExcludedFacility(
                        id: u.id, name: u.name,
                        reason: "it has a boundary, not a point (use sync for areas)"))
            case .other(let kind)?:
                excluded.append(ExcludedFacility(id: u.id, name: u.name, reason: "its geometry is a \(kind), not a point"))
            }
        }
        return (facilities, excluded)
    }
}
