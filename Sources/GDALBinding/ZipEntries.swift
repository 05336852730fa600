import Foundation

/// The entry names of a zip, read from its central directory: GDAL refuses an archive with
/// unsafe names without saying which, so they are looked at first.
enum ZipEntries {
    /// Names of the entries; nil when the file has no readable central directory (not a zip, or
    /// ZIP64: then GDAL's own answer stands).
    static func names(of path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 22 else { return nil }
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end record is in the last 22 + 65535 (comment) bytes.
        var end = bytes.count - 22
        let stop = max(0, bytes.count - 22 - 65_535)
        while end >= stop, u32(end) != 0x0605_4b50 { end -= 1 }
        guard end >= stop else { return nil }
        let count = u16(end + 10)
        var at = u32(end + 16)
        guard at != 0xFFFF_FFFF else { return nil }
        var names: [String] = []
        for _ in 0..<count {
            guard at + 46 <= bytes.count, u32(at) == 0x0201_4b50 else { return nil }
            let nameLength = u16(at + 28)
            guard at + 46 + nameLength <= bytes.count else { return nil }
            names.append(String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self))
            at += 46 + nameLength + u16(at + 30) + u16(at + 32)
        }
        return names
    }

    /// A name that unpacks outside its folder: absolute, a drive, or a `..` segment.
    static func isUnsafe(_ name: String) -> Bool {
        if name.hasPrefix("/") || name.hasPrefix("\\") { return true }
        if name.count >= 2, name.dropFirst().first == ":" { return true }
        return name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }
}
