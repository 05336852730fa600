/// Why an archive was not unpacked: each names the archive, the entry and the way out.
public enum ArchiveError: Error, Equatable, Sendable {
    case cannotRead(archive: String, reason: String)
    /// The unpacked file could not be written (the folder is not writable, the disk is full).
    case cannotWrite(archive: String, path: String)
    /// An absolute name, a `..` step, a link or a device: it could write outside the folder.
    case unsafeEntry(archive: String, entry: String, reason: String)
    case tooLarge(archive: String, entry: String, declared: Int64, limit: Int64)
    case tooManyEntries(archive: String, count: Int, limit: Int)
    case ratio(archive: String, declared: Int64, packed: Int64, limit: Double)
    /// The entry's data ran past the size its header declared.
    case sizeLie(archive: String, entry: String, declared: Int64)
    case noMember(archive: String, wanted: String, entries: [String])
}

extension ArchiveError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotRead(let archive, let reason):
            return "cannot read the archive '\(archive)': \(reason). Delete it and download it again."
        case .cannotWrite(let archive, let path):
            return
                "cannot unpack '\(archive)': cannot write '\(path)'. Check that the cache folder is writable and has room "
                + "(--cache-dir chooses another), then run again."
        case .unsafeEntry(let archive, let entry, let reason):
            return
                "refused to unpack '\(archive)': its entry '\(entry)' \(reason), which could write outside the cache. Nothing was "
                + "written; WorldPop's archives hold plain files, so this one is not WorldPop's: delete it and download it again."
        case .tooLarge(let archive, let entry, let declared, let limit):
            return
                "refused to unpack '\(archive)': its entry '\(entry)' declares \(declared) bytes, more than the \(limit) allowed. "
                + "Nothing was written; delete the archive and download it again from WorldPop."
        case .tooManyEntries(let archive, let count, let limit):
            return "refused to unpack '\(archive)': \(count) entries, more than the \(limit) a WorldPop pack has. Nothing was written."
        case .ratio(let archive, let declared, let packed, let limit):
            return
                "refused to unpack '\(archive)': \(packed) bytes would unpack to \(declared) (more than \(Int(limit)) times their "
                + "size, as a decompression bomb does). Nothing was written; delete the archive and download it again."
        case .sizeLie(let archive, let entry, let declared):
            return
                "refused to unpack '\(archive)': the entry '\(entry)' holds more than the \(declared) bytes its header declares. "
                + "What was written is removed; delete the archive and download it again."
        case .noMember(let archive, let wanted, let entries):
            return
                "the archive '\(archive)' has no file ending in '\(wanted)' (it holds \(entries.prefix(5).joined(separator: ", "))). "
                + "Check the product and country, or delete the archive and download it again."
        }
    }
}
