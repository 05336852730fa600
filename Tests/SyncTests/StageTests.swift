import Audit
import DHIS2
import DenominatorMetadata
import Denominators
import Foundation
import GDALBinding
import Geometry
import Grid
import TestSupport
import Testing
import Zonal

@testable import Sync

/// Stages tested on their own, so that a failure points at its cause rather than at the end of a
/// whole sync.
@Suite struct StageTests {
    static let f0 = AgeSexBand(sex: .female, age: AgeRange(0, 1))
    static let f1 = AgeSexBand(sex: .female, age: AgeRange(1, 5))
    static let m0 = AgeSexBand(sex: .male, age: AgeRange(0, 1))
    static let m1 = AgeSexBand(sex: .male, age: AgeRange(1, 5))

    /// Value building: bands rounded together (their sum is the rounded sum of the raw bands, not
    /// the sum of each band rounded), the total and the groups sums of the rounded bands, each band
    /// on its own option combo, and a band DHIS2 has no combo for left out.
    @Test func valuesAreRoundedBandsWithTotalsAndGroupsSummedFromThem() throws {
        let raw: [AgeSexBand: Double] = [Self.f0: 10.48, Self.f1: 20.4, Self.m0: 10.3, Self.m1: 20.45]
        var table = PopulationTable(
            grid: RasterGrid(width: 1, height: 1, transform: GeoTransform(originX: 0, originY: 1, pixelWidth: 1, pixelHeight: -1)),
            estimates: [:], outsideRaster: [], noDataShare: [:], coverages: [:])
        table.estimates["OU1"] = [2020: PopulationEstimate(byBand: raw, total: 62.9)]
        let combos = Dictionary(
            uniqueKeysWithValues: [Self.f0, Self.f1, Self.m0].map {
                ("\($0.sex.rawValue)|\($0.age.label)", "coc-\($0.sex.rawValue)\($0.age.label)")
            })
        let u1 = DerivedGroup.standard[0]
        let builder = ValueBuilder(
            product: .agesex, groups: [(u1, try u1.bands(from: Array(raw.keys)))],
            ids: MetadataIDs(defaultCategoryOptionCombo: "default", ageSexCombos: combos), decimals: 0,
            targets: ValueTargets(zones: .boundaries, subpopulation: nil, rate: nil, rawRate: false))
        let values = builder.values(table)
        func value(_ element: String, _ coc: String = "default") -> Double? {
            let found: DataValue? = values.first { (v: DataValue) -> Bool in v.dataElement == element && v.categoryOptionCombo == coc }
            return found.flatMap { Double($0.value) }
        }
        let bands = values.filter { $0.dataElement == PopulationMetadata.ageSexDataElementID }
        #expect(bands.count == 3, "m1 has no option combo: not sent")
        let rounded = [Self.f0, Self.f1, Self.m0].map {
            value(PopulationMetadata.ageSexDataElementID, combos["\($0.sex.rawValue)|\($0.age.label)"]!)!
        }
        for (band, r) in zip([Self.f0, Self.f1, Self.m0], rounded) { #expect(abs(r - raw[band]!) < 1, "\(band)") }
        // 61.63 people in all: 62, whatever the total raster says (62.9 is the report's check).
        #expect(value(PopulationMetadata.totalDataElementID) == 62)
        #expect(value(PopulationMetadata.groupDataElementID("u1")) == rounded[0] + rounded[2])
        let places = Set(values.map { (v: DataValue) -> String in "\(v.orgUnit) \(v.period) \(v.attributeOptionCombo)" })
        #expect(places == ["OU1 2020 default"])
    }

    /// Area zones of access: the units of the level, the parts of them within reach of a facility
    /// summed alongside, and a facility without coordinates listed with the reason.
    @Test func accessZonesAreTheUnitsAndTheirPartsWithinReach() throws {
        let square = MultiPolygon([
            Polygon(exterior: [Position(0, 0), Position(0.5, 0), Position(0.5, 0.5), Position(0, 0.5), Position(0, 0)])
        ])
        let units = OrgUnitSet(units: [
            OrgUnit(
                id: "District001", name: "District", level: 2, path: "/Country0001/District001", parentID: "Country0001",
                geometry: .area(square)),
            OrgUnit(
                id: "Clinic00001", name: "Clinic", level: 3, path: "/Country0001/District001/Clinic00001", parentID: "District001",
                geometry: .point(Position(0.25, 0.25))),
            OrgUnit(
                id: "Clinic00002", name: "Lost clinic", level: 3, path: "/Country0001/District001/Clinic00002", parentID: "District001",
                geometry: nil),
        ])
        var plan = SyncPlan(levels: [2], product: .total, rasters: .files([YearInputs(year: 2020)]), reportDirectory: "r", command: "test")
        plan.zoneSource = .access(km: 5, facilitiesLevel: 3)
        let result = try AreaZones.make(plan, units: units)
        #expect(result.zones.map(\.id) == ["District001"])
        #expect(result.extra.map(\.id) == ["District001" + AreaZones.withinSuffix])
        #expect(result.excluded.map(\.id) == ["Clinic00002"] && result.excluded.first?.reason == "no coordinates in DHIS2")
        // A 5 km circle (about 0.045° across the equator) is a small part of a 0.5° square.
        let within = try #require(result.extra.first).geometry.planarArea
        #expect(within > 0.005 && within < 0.008 && within < square.planarArea / 30, "\(within)")
    }

    /// Stage 3: every zone's population from the raster, the parents' too (for the hierarchy
    /// check), and no groups for a total-only run.
    @Test func populationsAreTheZonesSumsAndTheirParents() async throws {
        let zones = try GeoJSONReader.zones(at: samplePath("aruba-districts.geojson")).zones
        let raster = samplePath("abw_ppp_2020_UNadj_constrained.tif")
        let expected = try ZonalTable.compute(zones: zones, rasterPaths: [raster], engine: .geoTIFF())
        // The country: the raster's whole extent, so its population is the file's own total.
        let grid = try GeoTIFF(path: raster).grid
        let extent = [
            Position(grid.minX, grid.minY), Position(grid.maxX, grid.minY), Position(grid.maxX, grid.maxY), Position(grid.minX, grid.maxY),
            Position(grid.minX, grid.minY),
        ]
        let country = OrgUnit(
            id: "Country0001", name: "Aruba", level: 1, path: "/Country0001", parentID: nil,
            geometry: .area(MultiPolygon([Polygon(exterior: extent)])))
        let districts = zones.map { z in
            OrgUnit(
                id: z.id, name: z.name ?? z.id, level: 2, path: "/Country0001/\(z.id)", parentID: "Country0001", geometry: .area(z.geometry)
            )
        }
        let plan = SyncPlan(
            levels: [2], product: .total, rasters: .files([YearInputs(year: 2020, total: BandFile(path: raster))]), reportDirectory: "r",
            command: "test")
        let units = OrgUnitSet(units: [country] + districts)
        let orgUnits = OrgUnitsRead(
            server: try JSONDecoder().decode(SystemInfo.self, from: Data(#"{"version": "2.43.1"}"#.utf8)), units: units, synced: districts,
            zoning: try AreaZones.make(plan, units: units), boundaryMatch: nil, roots: ["Country0001"], notes: [])
        let rasters = RastersFound(inputs: [YearInputs(year: 2020, total: BandFile(path: raster))], credit: "c", notes: [])
        let client = DHIS2Client(connection: DHIS2Connection(baseURL: URL(string: "http://127.0.0.1:9")!, credentials: .token("t")))
        let runner = SyncRunner(client: client, audit: try AuditLog(path: ":memory:"))
        let populations = try runner.computePopulations(plan, orgUnits, rasters)
        for (zone, stats) in zip(zones, expected.statistics) {
            #expect(abs((populations.table.estimates[zone.id]?[2020]?.total ?? -1) - stats[0].sum) < 1e-6, "\(zone.id)")
        }
        // 106766.00001: the sum of the file's valid cells (see RasterTests).
        #expect(abs((populations.table.estimates["Country0001"]?[2020]?.total ?? -1) - 106766.00001) < 1e-3)
        #expect(populations.groups.isEmpty && populations.access.isEmpty && populations.notes.isEmpty)
    }
}
