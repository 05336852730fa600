import CArchive
import Foundation

/// One entry of an archive as its header declares it.
public struct ArchiveEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case file, directory, link, other }
    public var name: String
    /// The declared size (nil: the header declares none).
    public var size: Int64?
    public var kind: Kind
}

/// Zip and 7z archives read with libarchive, for WorldPop's packed products, and unpacked only
/// after every header has been checked: names (no absolute path, no `..`, no link or device),
/// declared sizes and the ratio of declared to packed bytes. The data is then streamed with its
/// bytes counted against the declared size, into a `.part` file inside the destination, renamed
/// once complete — nothing is written anywhere else, and nothing half-written keeps its name.
/// No shell and no external program is involved.
public enum SafeArchive {
    /// Every entry's header, without reading any data.
    public static func entries(of path: String) throws -> [ArchiveEntry] {
        var result: [ArchiveEntry] = []
        try withReader(path) { reader, entry in
            result.append(describe(entry))
            return .skip
        } _: { _ in
        }
        return result
    }

    /// The headers, refused as a whole at the first that breaks a rule or a limit.
    @discardableResult
    public static func check(_ path: String, limits: ArchiveLimits = ArchiveLimits()) throws -> [ArchiveEntry] {
        let entries = try entries(of: path)
        guard entries.count <= limits.maxEntries else {
            throw ArchiveError.tooManyEntries(archive: path, count: entries.count, limit: limits.maxEntries)
        }
        var declared: Int64 = 0
        for entry in entries {
            if let reason = unsafeReason(entry) { throw ArchiveError.unsafeEntry(archive: path, entry: entry.name, reason: reason) }
            guard entry.kind == .file else { continue }
            guard let size = entry.size else {
                throw ArchiveError.unsafeEntry(archive: path, entry: entry.name, reason: "declares no size")
            }
            guard size <= limits.maxEntryBytes else {
                throw ArchiveError.tooLarge(archive: path, entry: entry.name, declared: size, limit: limits.maxEntryBytes)
            }
            declared += size
            guard declared <= limits.maxTotalBytes else {
                throw ArchiveError.tooLarge(archive: path, entry: entry.name, declared: declared, limit: limits.maxTotalBytes)
            }
        }
        let packed = max(1, (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 1)
        guard Double(declared) / Double(packed) <= limits.maxRatio else {
            throw ArchiveError.ratio(archive: path, declared: declared, packed: packed, limit: limits.maxRatio)
        }
        return entries
    }

    /// Unpacks the one file whose name ends with `suffix` (case-insensitive) into `folder`, under
    /// its own last name component, after `check`; an existing complete copy is returned as it is.
    public static func unpack(_ path: String, member suffix: String, into folder: URL, limits: ArchiveLimits = ArchiveLimits()) throws
        -> URL
    {
        let entries = try check(path, limits: limits)
        let wanted = suffix.lowercased()
        guard let member = entries.first(where: { $0.kind == .file && $0.name.lowercased().hasSuffix(wanted) }), let size = member.size
        else {
            throw ArchiveError.noMember(archive: path, wanted: suffix, entries: entries.map(\.name))
        }
        let name = String(member.name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
        let base = folder.standardizedFileURL
        let target = base.appendingPathComponent(name).standardizedFileURL
        guard !name.isEmpty, name != ".", name != "..", target.deletingLastPathComponent().path == base.path else {
            throw ArchiveError.unsafeEntry(archive: path, entry: member.name, reason: "has no usable file name")
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: target.path), attributes[.size] as? Int64 == size {
            return target
        }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let part = base.appendingPathComponent(name + ".part")
        guard FileManager.default.createFile(atPath: part.path, contents: nil), let handle = try? FileHandle(forWritingTo: part) else {
            throw ArchiveError.cannotWrite(archive: path, path: part.path)
        }
        var written: Int64 = 0
        do {
            try withReader(path) { _, entry in
                describe(entry).name == member.name ? .read : .skip
            } _: { chunk in
                written += Int64(chunk.count)
                guard written <= size else { throw ArchiveError.sizeLie(archive: path, entry: member.name, declared: size) }
                try handle.write(contentsOf: chunk)
            }
            try handle.close()
            guard written == size else {
                throw ArchiveError.cannotRead(archive: path, reason: "'\(member.name)' ended after \(written) of its \(size) bytes")
            }
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.moveItem(at: part, to: target)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: part)
            throw error
        }
        return target
    }

    /// Why an entry could write outside the folder it is unpacked into, or nil.
    static func unsafeReason(_ entry: ArchiveEntry) -> String? {
        let name = entry.name
        if name.isEmpty { return "has an empty name" }
        if name.hasPrefix("/") || name.hasPrefix("\\") { return "is an absolute path" }
        if name.count >= 2, name.dropFirst().first == ":" { return "names a drive" }
        if name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..") { return "climbs out with '..'" }
        if name.contains("\0") { return "has a NUL in its name" }
        switch entry.kind {
        case .link: return "is a link"
        case .other: return "is a device or special file"
        case .file, .directory: return nil
        }
    }

    enum Step { case read, skip }

    /// Opens the archive and walks its headers; `visit` says whether to read an entry's data,
    /// which `data` receives in chunks.
    private static func withReader(
        _ path: String, _ visit: (OpaquePointer, OpaquePointer) throws -> Step, _ data: (Data) throws -> Void
    ) throws {
        guard let reader = archive_read_new() else { throw ArchiveError.cannotRead(archive: path, reason: "libarchive has no memory") }
        defer { archive_read_free(reader) }
        archive_read_support_format_zip(reader)
        archive_read_support_format_7zip(reader)
        archive_read_support_filter_all(reader)
        guard archive_read_open_filename(reader, path, 1 << 16) == ARCHIVE_OK else {
            throw ArchiveError.cannotRead(archive: path, reason: message(reader))
        }
        var entry: OpaquePointer?
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw ArchiveError.cannotRead(archive: path, reason: message(reader))
            }
            guard try visit(reader, entry) == .read else { continue }
            while true {
                let n = buffer.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
                if n == 0 { break }
                guard n > 0 else { throw ArchiveError.cannotRead(archive: path, reason: message(reader)) }
                try data(Data(buffer[0..<n]))
            }
        }
    }

    private static func describe(_ entry: OpaquePointer) -> ArchiveEntry {
        let name =
            archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? archive_entry_pathname(entry).map { String(cString: $0) }
            ?? ""
        let type = archive_entry_filetype(entry) & 0o170000
        let linked = archive_entry_hardlink(entry) != nil || archive_entry_symlink(entry) != nil
        let kind: ArchiveEntry.Kind =
            linked || type == 0o120000 ? .link : type == 0o100000 ? .file : type == 0o040000 ? .directory : .other
        return ArchiveEntry(name: name, size: archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil, kind: kind)
    }

    private static func message(_ reader: OpaquePointer) -> String {
        archive_error_string(reader).map { String(cString: $0) } ?? "not a zip or 7z archive"
    }
}
