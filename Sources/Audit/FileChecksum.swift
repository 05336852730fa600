import Crypto
import Foundation

/// SHA-256 of files, read in chunks so that country rasters do not need to fit in memory.
public enum FileChecksum {
    public static func sha256(ofFileAt path: String) throws -> (size: Int64, hex: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return (size, hex)
    }

    /// An audit input record for a file.
    public static func input(runID: Int64, kind: String, path: String) throws -> AuditInput {
        let (size, hex) = try sha256(ofFileAt: path)
        return AuditInput(runId: runID, kind: kind, name: path, size: size, sha256: hex)
    }
}
