import DHIS2
import Zonal

/// Children against their parent: does the sum of the children's populations equal the
/// population inside the parent's own boundary, and where do the children overlap each other,
/// stray outside the parent, or leave gaps?
public struct HierarchyFinding: Sendable {
    public var parent: String
    public var parentName: String
    public var year: Int
    public var parentPopulation: Double
    public var childrenPopulation: Double
    public var children: Int
    /// Population (and area in cells) counted twice or outside the parent.
    public var overlapPopulation: Double
    public var overlapCells: Double
    /// Population (and area in cells) of the parent no child covers.
    public var gapPopulation: Double
    public var gapCells: Double

    public var relativeDifference: Double {
        parentPopulation > 0 ? (childrenPopulation - parentPopulation) / parentPopulation : 0
    }
}

enum HierarchyCheck {
    /// One finding per parent that has both a boundary and children with boundaries, for the
    /// first year's total raster.
    static func run(units: OrgUnitSet, table: PopulationTable, band: BandFile, year: Int, engine: ZonalEngine) throws -> [HierarchyFinding]
    {
        let childrenByParent = Dictionary(grouping: units.units.filter { table.coverages[$0.id] != nil }) { $0.parentID ?? "" }
        var parents: [(OrgUnit, [OrgUnit])] = []
        for (parentID, children) in childrenByParent {
            guard let parent = units.unit(parentID), table.coverages[parentID] != nil else { continue }
            parents.append((parent, children.sorted { $0.id < $1.id }))
        }
        parents.sort { $0.0.id < $1.0.id }
        guard !parents.isEmpty else { return [] }
        var maps: [CoverageMap] = []
        for (parent, children) in parents {
            let cmp = CoverageComparison(parent: table.coverages[parent.id]!, children: children.map { table.coverages[$0.id]! })
            maps += [cmp.overlap, cmp.gap]
        }
        let sums = try engine.statistics(of: maps, bands: [BandSource(path: band.path, band: band.band)])[0]
        return parents.enumerated().map { k, entry in
            let (parent, children) = entry
            func total(_ id: String) -> Double { table.estimates[id]?[year]?.population ?? 0 }
            return HierarchyFinding(
                parent: parent.id, parentName: parent.name, year: year, parentPopulation: total(parent.id),
                childrenPopulation: children.reduce(0) { $0 + total($1.id) }, children: children.count,
                overlapPopulation: sums[2 * k].sum, overlapCells: maps[2 * k].coveredCells,
                gapPopulation: sums[2 * k + 1].sum, gapCells: maps[2 * k + 1].coveredCells)
        }
    }
}
