import Foundation

/// A small tmpfs mounted on a new folder: a disk that really fills up (ENOSPC) or is really
/// read-only (EROFS). As root, permissions deny nothing, so only a mount reproduces these. Needs
/// root and a kernel that lets it mount (not every container does): `isAvailable` says.
public struct TemporaryMount: Sendable {
    public let folder: URL

    /// Whether this process may mount (tried once).
    public static let isAvailable: Bool = {
        guard getuid() == 0, let probe = try? TemporaryMount(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    public init(megabytes: Int, readOnly: Bool = false) throws {
        folder = temporaryDirectory()
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m\(readOnly ? ",ro" : "")", "tmpfs", folder.path])
    }

    /// `source` seen read-only at a new folder (a bind mount): files that exist and cannot be written.
    public init(readOnlyViewOf source: URL) throws {
        folder = temporaryDirectory()
        try Self.run("/bin/mount", ["--bind", source.path, folder.path])
        do {
            try Self.run("/bin/mount", ["-o", "remount,bind,ro", folder.path])
        } catch {
            unmount()
            throw error
        }
    }

    public func unmount() { try? Self.run("/bin/umount", [folder.path]) }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(tool) \(arguments.joined(separator: " ")) failed"])
        }
    }
}
