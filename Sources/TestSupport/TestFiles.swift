import Foundation

/// The repository's root folder (the sample data is under `Samples/`, fixtures under `Tests/`).
public let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A file of `Samples/`: the Aruba raster and districts every layer of the tests starts from.
public func samplePath(_ name: String) -> String { repoRoot.appendingPathComponent("Samples/\(name)").path }

/// A new empty folder of its own, so that tests running in parallel never share files.
public func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("worldpop-dhis2-tests-\(UUID().uuidString)")
    do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
        fatalError("cannot create a temporary folder at \(url.path): \(error)")
    }
    return url
}

/// A path named `name` in a new temporary folder, holding `contents` when given.
public func temporaryFile(_ name: String, contents: String? = nil) throws -> String {
    let path = temporaryDirectory().appendingPathComponent(name).path
    if let contents { try contents.write(toFile: path, atomically: true, encoding: .utf8) }
    return path
}
