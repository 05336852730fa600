import Foundation
import TestSupport
import Testing

@testable import GDALBinding

/// Runs a tool (ogr2ogr, zip) in `folder`, failing the test with its output when it fails.
func tool(_ arguments: [String], in folder: URL) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    p.currentDirectoryURL = folder
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    p.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: output]) }
}

/// One district in Web Mercator metres (x up to 1.5e6), as GeoJSON without a "crs" member.
let metresGeoJSON = """
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Kampemba", "code": "K1"},
    "geometry": {"type": "Polygon", "coordinates": [[[500000, 100000], [1500000, 100000], [1500000, 900000], [500000, 100000]]]}}]}
    """

/// Issue 23: boundary files whose problem was reported as something else, or not at all.
@Suite struct VectorFileTests {
    @Test func geoJSONInMetresIsRefusedAsProjected() throws {
        let path = try temporaryFile("districts.geojson", contents: metresGeoJSON)
        #expect(throws: VectorFileError.looksProjected(path: path, axis: "x", extreme: 1_500_000)) { try VectorFile.read(path: path) }
        #expect(
            VectorFileError.looksProjected(path: path, axis: "x", extreme: 1_500_000).description
                == "'\(path)': the file looks projected (x up to 1.5e6) but says no CRS: give it a CRS (a Shapefile's .prj; "
                + "ogr2ogr -a_srs EPSG:…) or reproject it to longitude/latitude (ogr2ogr -t_srs EPSG:4326).")
    }

    /// A Shapefile made from it, then its .prj taken away.
    @Test func aShapefileWithoutPrjIsRefusedAsProjected() throws {
        let folder = temporaryDirectory()
        try metresGeoJSON.write(to: folder.appendingPathComponent("m.geojson"), atomically: true, encoding: .utf8)
        try tool(["ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", "EPSG:3857", "d.shp", "m.geojson"], in: folder)
        let shp = folder.appendingPathComponent("d.shp").path
        // With its .prj it is reprojected, and read.
        #expect(try VectorFile.read(path: shp).reprojectedFrom?.contains("EPSG:3857") == true)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("d.prj"))
        #expect(throws: VectorFileError.looksProjected(path: shp, axis: "x", extreme: 1_500_000)) { try VectorFile.read(path: shp) }
    }

    @Test func aShapefileWithoutItsDbfIsNamed() throws {
        let folder = temporaryDirectory()
        try metresGeoJSON.write(to: folder.appendingPathComponent("m.geojson"), atomically: true, encoding: .utf8)
        try tool(["ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", "EPSG:3857", "d.shp", "m.geojson"], in: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("d.dbf"))
        let shp = folder.appendingPathComponent("d.shp").path
        #expect(throws: VectorFileError.missingDBF(path: shp, dbf: "d.dbf")) { try VectorFile.read(path: shp) }
        // The same inside a zip.
        try tool(["zip", "-q", "d.zip", "d.shp", "d.shx", "d.prj"], in: folder)
        let zip = folder.appendingPathComponent("d.zip").path
        let error = #expect(throws: VectorFileError.self) { try VectorFile.read(path: zip) }
        #expect(
            error?.description
                == "'\(zip)' is a Shapefile without its d.dbf, which holds the boundaries' names and codes: put d.dbf beside the "
                + ".shp (inside the zip, for a zip).")
    }

    /// GDAL refuses such an archive without saying why; the entries are named instead.
    @Test func aZipWithEntriesClimbingOutIsNamed() throws {
        let folder = temporaryDirectory()
        let inner = folder.appendingPathComponent("inner")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try metresGeoJSON.write(to: folder.appendingPathComponent("m.geojson"), atomically: true, encoding: .utf8)
        try tool(["ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", "EPSG:3857", "inner/d.shp", "m.geojson"], in: folder)
        // Entries stored as ../inner/d.shp (zip keeps them as given), and as /nner/d.shp: zip strips a
        // leading slash, so the name is patched in place (both headers; the CRC covers the data only).
        try tool(["zip", "-q", "../up.zip", "../inner/d.shp", "../inner/d.shx", "../inner/d.dbf"], in: inner)
        try tool(["zip", "-q", "abs.zip", "inner/d.shp", "inner/d.shx", "inner/d.dbf"], in: folder)
        let abs = folder.appendingPathComponent("abs.zip")
        var bytes = [UInt8](try Data(contentsOf: abs))
        for i in 0..<(bytes.count - 6) where bytes[i..<(i + 6)].elementsEqual("inner/".utf8) { bytes[i] = UInt8(ascii: "/") }
        try Data(bytes).write(to: abs)
        for (name, entry) in [("up.zip", "../inner/d.shp"), ("abs.zip", "/nner/d.shp")] {
            let zip = folder.appendingPathComponent(name).path
            guard let names = ZipEntries.names(of: zip) else {
                Issue.record("\(name): no central directory read")
                continue
            }
            let error = #expect(throws: VectorFileError.self) { try VectorFile.read(path: zip) }
            #expect(error?.description.hasPrefix("the zip '\(zip)' holds entries that climb out of their folder (") == true, "\(name)")
            #expect(error?.description.contains(entry) == true, "\(name): \(names)")
        }
    }

    @Test func unsafeEntryNames() {
        #expect(ZipEntries.isUnsafe("../a.shp"))
        #expect(ZipEntries.isUnsafe("a/../../b.shp"))
        #expect(ZipEntries.isUnsafe("/etc/a.shp"))
        #expect(ZipEntries.isUnsafe("C:\\a.shp"))
        #expect(ZipEntries.isUnsafe("..\\a.shp"))
        #expect(!ZipEntries.isUnsafe("districts/a.shp"))
        #expect(!ZipEntries.isUnsafe("a..b.shp"))
    }
}
