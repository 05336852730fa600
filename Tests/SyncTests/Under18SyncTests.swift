import DHIS2
import DenominatorMetadata
import Foundation
import TestSupport
import Testing
import WorldPop

@testable import Sync

/// Under 18: WorldPop's zip per country and year, its both-sexes GeoTIFF unpacked into the cache
/// and imported into a data element of its own; a hostile zip refused with nothing written.
@Suite struct Under18SyncTests {
    let product = try! WorldPopCatalogue.product("g2-u18-100m")

    /// A folder laid out like the server (synthetic: the zip is ours, its T member the bundled Aruba
    /// raster standing in for the under-18 grid, F and M beside it as in WorldPop's packs).
    func serverFolder(members: [(String, String)]) throws -> URL {
        let root = temporaryDirectory()
        let zip = root.appendingPathComponent(try product.files(iso3: "ABW", year: 2020)[0].path)
        try FileManager.default.createDirectory(at: zip.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Zip.write(members, to: zip.path)
        return root
    }

    func plan(_ h: Harness, _ root: URL) -> SyncPlan {
        var plan = h.plan()
        plan.product = .under18
        plan.credit = nil
        let cache = DownloadCache(directory: URL(fileURLWithPath: h.dir + "/cache"), server: URL(string: "http://127.0.0.1:9/")!) { _ in }
        plan.rasters = .worldPop(
            WorldPopRequest(product: product, iso3: "ABW", years: [2020], store: RasterStore(folder: root, cache: cache, offline: true)))
        return plan
    }

    @Test func theBothSexesGridOfTheZipGoesIntoItsOwnDataElement() async throws {
        let root = try serverFolder(members: [
            ("abw_F_Under_18_2020_CN_100m.tif", samplePath("abw_ppp_2020_UNadj_constrained.tif")),
            ("abw_T_Under_18_2020_CN_100m.tif", arubaRaster),
            ("abw_M_Under_18_2020_CN_100m.tif", samplePath("abw_ppp_2020_UNadj_constrained.tif")),
        ])
        try await withHarness { h in
            let run = try await h.runner.run(plan(h, root))
            let id = PopulationMetadata.subpopulationDataElementID("under-18 population")
            let element = try #require(h.standIn.metadataObject("dataElements", id))
            #expect(element["name"] as? String == "Under-18 population (WorldPop)")
            #expect(element["code"] as? String == "WP_POP_UNDER_18")
            let stored = h.standIn.storedValues.filter { $0.dataElement == id }
            #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.orgUnit, $0.value) }) == (try expectedTotals()))
            #expect(!h.standIn.storedValues.contains { $0.dataElement == PopulationMetadata.totalDataElementID })
            // Unpacked into the cache, not into the user's folder.
            let file = try #require(run.inputs.first?.total?.path)
            #expect(file.hasPrefix(h.dir + "/cache/unpacked/") && file.hasSuffix("/abw_T_Under_18_2020_CN_100m.tif"))
            #expect(try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".tif") }.isEmpty)
        }
    }

    @Test func aZipClimbingOutOfTheCacheIsRefusedNamingItAndNothingIsSentOrWritten() async throws {
        let root = try serverFolder(members: [("../../../abw_T_Under_18_2020_CN_100m.tif", arubaRaster)])
        try await withHarness { h in
            let error = await #expect(throws: (any Error).self) { try await h.runner.run(plan(h, root)) }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("refused to unpack") && message.contains("climbs out with '..'"))
            #expect(h.standIn.storedValues.isEmpty)
            let written = (FileManager.default.enumerator(atPath: h.dir)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".tif") }
            #expect(written.isEmpty)
            #expect(
                !FileManager.default.fileExists(atPath: (h.dir as NSString).deletingLastPathComponent + "/abw_T_Under_18_2020_CN_100m.tif"))
        }
    }
}

/// A stored (uncompressed) zip of files, written here so the test needs no zip tool.
enum Zip {
    static func write(_ members: [(name: String, source: String)], to path: String) throws {
        var out = Data()
        var central = Data()
        func u16(_ v: UInt16, _ d: inout Data) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u32(_ v: UInt32, _ d: inout Data) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        for (name, source) in members {
            let data = try Data(contentsOf: URL(fileURLWithPath: source))
            let n = Data(name.utf8)
            let crc = CRC32.checksum(data)
            let offset = UInt32(out.count)
            u32(0x0403_4b50, &out)
            u16(20, &out)
            u16(0, &out)
            u16(0, &out)
            u16(0, &out)
            u16(0, &out)
            u32(crc, &out)
            u32(UInt32(data.count), &out)
            u32(UInt32(data.count), &out)
            u16(UInt16(n.count), &out)
            u16(0, &out)
            out.append(n)
            out.append(data)
            u32(0x0201_4b50, &central)
            u16(20, &central)
            u16(20, &central)
            u16(0, &central)
            u16(0, &central)
            u16(0, &central)
            u16(0, &central)
            u32(crc, &central)
            u32(UInt32(data.count), &central)
            u32(UInt32(data.count), &central)
            u16(UInt16(n.count), &central)
            u16(0, &central)
            u16(0, &central)
            u16(0, &central)
            u16(0, &central)
            u32(0o100644 << 16, &central)
            u32(offset, &central)
            central.append(n)
        }
        let start = UInt32(out.count)
        out.append(central)
        u32(0x0605_4b50, &out)
        u16(0, &out)
        u16(0, &out)
        u16(UInt16(members.count), &out)
        u16(UInt16(members.count), &out)
        u32(UInt32(central.count), &out)
        u32(start, &out)
        u16(0, &out)
        try out.write(to: URL(fileURLWithPath: path))
    }
}

enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i in
        (0..<8).reduce(UInt32(i)) { c, _ in c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }
    static func checksum(_ data: Data) -> UInt32 {
        ~data.reduce(~UInt32(0)) { c, b in table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    }
}
