import CArchive
import Foundation

/// Test support: archives written with libarchive (7z or zip), hostile ones included — libarchive's
/// writer stores whatever name, type and link it is given.
public struct TestArchive {
    public enum Format: Sendable { case sevenZip, zip }
    public struct Item: Sendable {
        public var name: String
        public var data = Data()
        public var symlink: String?
        public init(name: String, data: Data = Data(), symlink: String? = nil) {
            self.name = name
            self.data = data
            self.symlink = symlink
        }
    }

    public static func write(_ items: [Item], to path: String, format: Format = .sevenZip) throws {
        let writer = archive_write_new()!
        defer { archive_write_free(writer) }
        _ = format == .sevenZip ? archive_write_set_format_7zip(writer) : archive_write_set_format_zip(writer)
        guard archive_write_open_filename(writer, path) == ARCHIVE_OK else { throw Failure(writer) }
        for item in items {
            let entry = archive_entry_new()!
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, item.name)
            if let target = item.symlink {
                archive_entry_set_filetype(entry, 0o120000)
                archive_entry_set_symlink(entry, target)
                archive_entry_set_size(entry, 0)
            } else {
                archive_entry_set_filetype(entry, 0o100000)
                archive_entry_set_size(entry, Int64(item.data.count))
            }
            archive_entry_set_perm(entry, 0o644)
            guard archive_write_header(writer, entry) == ARCHIVE_OK else { throw Failure(writer) }
            if !item.data.isEmpty {
                _ = item.data.withUnsafeBytes { archive_write_data(writer, $0.baseAddress, $0.count) }
            }
        }
        guard archive_write_close(writer) == ARCHIVE_OK else { throw Failure(writer) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ writer: OpaquePointer) {
            description = archive_error_string(writer).map { String(cString: $0) } ?? "libarchive write failed"
        }
    }
}
