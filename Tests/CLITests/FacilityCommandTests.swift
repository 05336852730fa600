import Catchments
import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import GDALTesting
import Grid
import TestSupport
import Testing

@testable import CLI

/// One person per 0.01° cell over the small hierarchy's two districts (x 0…2, y 0…1).
func uniformRaster() throws -> String {
    let path = try temporaryFile("uniform.tif")
    let grid = RasterGrid(width: 200, height: 100, transform: GeoTransform(originX: 0, originY: 1, pixelWidth: 0.01, pixelHeight: 0.01))
    try GeoTIFFWriter.write(path: path, grid: grid, bands: [[Float](repeating: 1, count: 20_000)], noData: -99999)
    return path
}

@Suite struct FacilityCommandTests {
    @Test func accessCountsThePeopleBeyondTheDistance() async throws {
        let raster = try uniformRaster()
        try await withCLIStandIn { standIn, connection in
            let dir = URL(fileURLWithPath: raster).deletingLastPathComponent().path
            let error = await run(
                [
                    "access", "--facilities-level", "3", "--distance-km", "5", "--report-level", "2", "--raster", raster, "--year", "2020",
                    "--report", dir + "/report", "--audit", dir + "/audit.sqlite", "-q",
                ] + connection)
            #expect(error == nil, "\(error.map(WorldPopDHIS2.message) ?? "")")
            func stored(_ de: String, _ ou: String) -> String? {
                standIn.storedValues.first { $0.dataElement == de && $0.orgUnit == ou && $0.period == "2020" }?.value
            }
            // Clinic A at (0.5, 0.5): a 5 km disc inside District A holds π·25 km² of people at one per cell.
            let disc = Double.pi * 25e6 / Geodesic.cellArea(latitude: 0.5, width: 0.01, height: 0.01)
            let beyondA = try #require(stored(PopulationMetadata.beyondDataElementID(km: 5), "DistrictA01").flatMap(Double.init))
            #expect(abs((10_000 - beyondA) / disc - 1) < 0.01, "within \(10_000 - beyondA) vs \(disc)")
            #expect(
                stored(PopulationMetadata.beyondShareDataElementID(km: 5), "DistrictA01") == String(format: "%.1f", 100 * beyondA / 10_000))
            // District B is 55 km from the clinic: everybody is beyond reach.
            #expect(stored(PopulationMetadata.beyondDataElementID(km: 5), "DistrictB01") == "10000")
            #expect(stored(PopulationMetadata.beyondShareDataElementID(km: 5), "DistrictB01") == "100")
            let report = try String(contentsOfFile: dir + "/report/report.html", encoding: .utf8)
            #expect(report.contains("People beyond 5 km of a health facility, 2020"))
            #expect(report.contains("class=\"overlay\""))
            // The same report in French: its sentences, and 10 000 people written as French writes them.
            let french = await run(
                [
                    "access", "--facilities-level", "3", "--distance-km", "5", "--report-level", "2", "--raster", raster, "--year", "2020",
                    "--report", dir + "/report-fr", "--audit", dir + "/audit.sqlite", "--language", "fr", "-q",
                ] + connection)
            #expect(french == nil)
            let rapport = try String(contentsOfFile: dir + "/report-fr/report.html", encoding: .utf8)
            #expect(rapport.contains("<html lang=\"fr\">"))
            #expect(rapport.contains("Personnes à plus de 5 km d&#39;un établissement de santé, 2020"))
            #expect(rapport.contains("Accès par unité d") && rapport.contains("10\u{202F}000"))
        }
    }

    @Test func catchmentsGoToTheFacilities() async throws {
        let raster = try uniformRaster()
        try await withCLIStandIn { standIn, connection in
            let dir = URL(fileURLWithPath: raster).deletingLastPathComponent().path
            let error = await run(
                [
                    "catchments", "--level", "3", "--raster", raster, "--year", "2020",
                    "--report", dir + "/report", "--audit", dir + "/audit.sqlite", "-q",
                ] + connection)
            #expect(error == nil, "\(error.map(WorldPopDHIS2.message) ?? "")")
            // The only facility of District A gets all of it.
            let values = standIn.storedValues.filter { $0.dataElement == PopulationMetadata.catchmentDataElementID }
            #expect(values.map(\.orgUnit) == ["ClinicAAA01"])
            #expect(values.first?.value == "10000")
            let radius = await run(
                [
                    "catchments", "--level", "3", "--method", "radius", "--radius-km", "5", "--raster", raster, "--year", "2020",
                    "--report", dir + "/report2", "--audit", dir + "/audit.sqlite", "-q",
                ] + connection)
            #expect(radius == nil, "\(radius.map(WorldPopDHIS2.message) ?? "")")
            let disc = Double.pi * 25e6 / Geodesic.cellArea(latitude: 0.5, width: 0.01, height: 0.01)
            let got = try #require(
                standIn.storedValues.first { $0.dataElement == PopulationMetadata.catchmentDataElementID }.flatMap { Double($0.value) })
            #expect(abs(got - disc.rounded()) <= 1)
        }
    }
}

@Suite struct AgeSexCatchmentTests {
    @Test func catchmentsByAgeAndSexFromLocalWorldPopFiles() async throws {
        let folder = try smallWorldPopFolder()
        try await withCLIStandIn { standIn, connection in
            let dir = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            let error = await run(
                [
                    "catchments", "--level", "3", "--years", "2021", "--product", "agesex", "--worldpop-dir", folder, "--offline",
                    "--cache-dir", dir + "/cache", "--report", dir + "/report", "--audit", dir + "/audit.sqlite", "-q",
                ] + connection)
            #expect(error == nil, "\(error.map(WorldPopDHIS2.message) ?? "")")
            let clinic = standIn.storedValues.filter { $0.orgUnit == "ClinicAAA01" && $0.period == "2021" }
            // The clinic is District A's only facility: its catchment is the district (41 people a cell).
            #expect(clinic.filter { $0.dataElement == PopulationMetadata.catchmentAgeSexDataElementID }.count == 40)
            #expect(clinic.first { $0.dataElement == PopulationMetadata.catchmentDataElementID }?.value == "4100")
            // Nothing went to the district's own population data elements.
            #expect(standIn.storedValues.allSatisfy { $0.dataElement != PopulationMetadata.totalDataElementID })
        }
    }
}
