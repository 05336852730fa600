import ArchiveTesting
import Foundation
import TestSupport
import Testing

@testable import Archive

/// WorldPop's packs unpacked, hostile archives refused at their headers with nothing written
/// outside the destination (here: a `cache` folder inside a fresh temporary folder).
@Suite struct SafeArchiveTests {
    /// A fresh folder with `cache/` in it; the test checks that nothing appears beside `cache/`.
    func workspace() throws -> (root: URL, cache: URL) {
        let root = temporaryDirectory()
        let cache = root.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        return (root, cache)
    }

    func everything(under root: URL) -> [String] {
        (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).sorted()
    }

    @Test func aWorldPopLikeSevenZipUnpacksItsGeoTIFFAndOnlyIt() throws {
        let (root, cache) = try workspace()
        let archive = cache.appendingPathComponent("Kenya_1km_births.7z").path
        let tif = Data((0..<100_000).map { UInt8($0 % 251) })
        try TestArchive.write(
            [
                .init(name: "Kenya_1km_births/KEN_births_pp_v2_2015.tif", data: tif),
                .init(name: "Kenya_1km_births/KEN_births_pp_v2_2015.tif.aux.xml", data: Data("<x/>".utf8)),
            ], to: archive)
        let out = cache.appendingPathComponent("Kenya_1km_births.7z.unpacked")
        let file = try SafeArchive.unpack(archive, member: "_births_pp_v2_2015.tif", into: out)
        #expect(file.lastPathComponent == "KEN_births_pp_v2_2015.tif")
        #expect(try Data(contentsOf: file) == tif)
        #expect(
            everything(under: root) == [
                "cache", "cache/Kenya_1km_births.7z", "cache/Kenya_1km_births.7z.unpacked",
                "cache/Kenya_1km_births.7z.unpacked/KEN_births_pp_v2_2015.tif",
            ])
        // Again: the complete copy is used as it is.
        #expect(try SafeArchive.unpack(archive, member: "_births_pp_v2_2015.tif", into: out) == file)
        // A zip (the under-18 packs) the same way.
        let zip = cache.appendingPathComponent("u18.zip").path
        try TestArchive.write([.init(name: "rwa_T_Under_18_2020_CN_100m.tif", data: tif)], to: zip, format: .zip)
        let member = try SafeArchive.unpack(zip, member: "_T_Under_18_2020_CN_100m.tif", into: cache.appendingPathComponent("u18"))
        #expect(try Data(contentsOf: member) == tif)
    }

    @Test(arguments: [
        ("../../evil.tif", "climbs out with '..'"), ("/tmp/worldpop-dhis2-evil.tif", "is an absolute path"),
        ("ok/../../evil.tif", "climbs out with '..'"),
    ])
    func pathTraversalIsRefusedAndNothingIsWritten(name: String, reason: String) throws {
        let (root, cache) = try workspace()
        let archive = cache.appendingPathComponent("hostile.7z").path
        try TestArchive.write(
            [.init(name: "KEN_births_pp_v2_2015.tif", data: Data(count: 10)), .init(name: name, data: Data(count: 10))], to: archive)
        #expect(throws: ArchiveError.unsafeEntry(archive: archive, entry: name, reason: reason)) {
            try SafeArchive.unpack(archive, member: ".tif", into: cache.appendingPathComponent("out"))
        }
        #expect(everything(under: root) == ["cache", "cache/hostile.7z"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/worldpop-dhis2-evil.tif"))
        let message = "\(ArchiveError.unsafeEntry(archive: archive, entry: name, reason: reason))"
        #expect(message.hasPrefix("refused to unpack '\(archive)': its entry '\(name)' \(reason)"))
        #expect(message.contains("Nothing was written"))
    }

    /// A file that cannot be written is the cache's problem, named as such (not the archive's).
    @Test func anUnwritableTargetIsNamedAsOne() throws {
        let (_, cache) = try workspace()
        let archive = cache.appendingPathComponent("Kenya_1km_births.7z").path
        try TestArchive.write([.init(name: "KEN_births_pp_v2_2015.tif", data: Data(count: 100))], to: archive)
        let out = cache.appendingPathComponent("out")
        // A folder where the partial file would go: creating the file fails, as on a read-only disk.
        let part = out.appendingPathComponent("KEN_births_pp_v2_2015.tif.part")
        try FileManager.default.createDirectory(at: part, withIntermediateDirectories: true)
        let error = #expect(throws: ArchiveError.self) { try SafeArchive.unpack(archive, member: ".tif", into: out) }
        #expect(error == .cannotWrite(archive: archive, path: part.path))
        #expect(error?.description.contains("Check that the cache folder is writable") == true)
    }

    @Test func aSymlinkOutOfTheFolderIsRefused() throws {
        let (root, cache) = try workspace()
        let archive = cache.appendingPathComponent("link.7z").path
        try TestArchive.write([.init(name: "KEN_births_pp_v2_2015.tif", symlink: "/etc/passwd")], to: archive)
        #expect(throws: ArchiveError.unsafeEntry(archive: archive, entry: "KEN_births_pp_v2_2015.tif", reason: "is a link")) {
            try SafeArchive.unpack(archive, member: ".tif", into: cache.appendingPathComponent("out"))
        }
        #expect(everything(under: root) == ["cache", "cache/link.7z"])
    }

    @Test func aHugeDeclaredSizeIsRefusedBeforeAnyByteIsWritten() throws {
        let (root, cache) = try workspace()
        // A zip whose central directory declares a 4 GB entry in a few hundred bytes.
        let archive = cache.appendingPathComponent("huge.zip").path
        try Self.zipDeclaring(name: "KEN_births_pp_v2_2015.tif", size: 0xFFFF_0000).write(to: URL(fileURLWithPath: archive))
        let packed = Int64(try Data(contentsOf: URL(fileURLWithPath: archive)).count)
        #expect(throws: ArchiveError.ratio(archive: archive, declared: 0xFFFF_0000, packed: packed, limit: 1000)) {
            try SafeArchive.unpack(archive, member: ".tif", into: cache.appendingPathComponent("out"))
        }
        // Beyond the size limit itself (a tighter limit, so the test writes a small file).
        let big = cache.appendingPathComponent("big.7z").path
        try TestArchive.write([.init(name: "KEN_births_pp_v2_2015.tif", data: Data((0..<300_000).map { UInt8($0 % 7) }))], to: big)
        let limits = ArchiveLimits(maxEntries: 64, maxEntryBytes: 200_000, maxTotalBytes: 1 << 30, maxRatio: 1000)
        #expect(throws: ArchiveError.tooLarge(archive: big, entry: "KEN_births_pp_v2_2015.tif", declared: 300_000, limit: 200_000)) {
            try SafeArchive.unpack(big, member: ".tif", into: cache.appendingPathComponent("out"), limits: limits)
        }
        #expect(everything(under: root) == ["cache", "cache/big.7z", "cache/huge.zip"])
    }

    @Test func aDecompressionBombIsRefusedByItsRatio() throws {
        let (root, cache) = try workspace()
        let archive = cache.appendingPathComponent("bomb.7z").path
        try TestArchive.write([.init(name: "KEN_births_pp_v2_2015.tif", data: Data(count: 20 << 20))], to: archive)
        #expect {
            try SafeArchive.unpack(archive, member: ".tif", into: cache.appendingPathComponent("out"))
        } throws: { error in
            guard case ArchiveError.ratio(_, let declared, let packed, _) = error else { return false }
            return declared == 20 << 20 && Double(declared) / Double(packed) > 1000
        }
        #expect(everything(under: root) == ["cache", "cache/bomb.7z"])
    }

    @Test func aMissingMemberOrACorruptFileIsNamed() throws {
        let (_, cache) = try workspace()
        let archive = cache.appendingPathComponent("other.7z").path
        try TestArchive.write([.init(name: "readme.txt", data: Data("x".utf8))], to: archive)
        #expect(throws: ArchiveError.noMember(archive: archive, wanted: "_births_pp_v2_2015.tif", entries: ["readme.txt"])) {
            try SafeArchive.unpack(archive, member: "_births_pp_v2_2015.tif", into: cache.appendingPathComponent("out"))
        }
        let garbage = cache.appendingPathComponent("garbage.7z")
        try Data("not an archive at all".utf8).write(to: garbage)
        #expect(throws: ArchiveError.self) { try SafeArchive.entries(of: garbage.path) }
    }

    /// A stored zip entry of a few bytes whose local and central headers declare `size` bytes.
    static func zipDeclaring(name: String, size: UInt32) -> Data {
        var d = Data()
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        let n = Data(name.utf8)
        let payload = Data("tiny".utf8)
        u32(0x0403_4b50)
        u16(20)
        u16(0)
        u16(0)
        u16(0)
        u16(0)
        u32(0)
        u32(UInt32(payload.count))
        u32(size)
        u16(UInt16(n.count))
        u16(0)
        d.append(n)
        d.append(payload)
        let central = UInt32(d.count)
        u32(0x0201_4b50)
        u16(20)
        u16(20)
        u16(0)
        u16(0)
        u16(0)
        u16(0)
        u32(0)
        u32(UInt32(payload.count))
        u32(size)
        u16(UInt16(n.count))
        u16(0)
        u16(0)
        u16(0)
        u16(0)
        u32(0o100644 << 16)
        u32(0)
        d.append(n)
        let centralSize = UInt32(d.count) - central
        u32(0x0605_4b50)
        u16(0)
        u16(0)
        u16(1)
        u16(1)
        u32(centralSize)
        u32(central)
        u16(0)
        return d
    }
}
