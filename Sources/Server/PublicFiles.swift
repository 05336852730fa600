import Foundation
import HTTPServing
import Hummingbird

/// The files `serve` sends as they are — `openapi.yaml` (the API's one description) and the page's
/// `static/page.js` and `static/page.css` — through Hummingbird's FileMiddleware. They are SwiftPM
/// resources of this module (`Sources/Server/Public`), copied beside the program at build time.
enum PublicFiles {
    /// Each kind of file with its own content type (Hummingbird's table has no YAML, and no charset).
    static let contentTypes: [String: MediaType] = [
        "yaml": MediaType(type: .application, subType: "yaml", parameter: ("charset", "utf-8")),
        "js": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
        "css": MediaType(type: .text, subType: "css", parameter: ("charset", "utf-8")),
    ]

    /// Files of `folder` at the same paths (below `under`, when given); browsers check with the
    /// server before using a kept copy, so a new version of the page is seen at once.
    static func middleware<Context: RequestContext>(folder: String, under basePath: String? = nil) -> FileMiddleware<
        Context, LocalFileSystem
    > {
        let revalidate = CacheControl([(MediaType(type: .any), [.noCache])])
        return FileMiddleware(folder, urlBasePath: basePath, cacheControl: revalidate, logger: HTTPServingLog.silent)
            .withAdditionalMediaTypes(forFileExtensions: contentTypes)
    }

    /// SwiftPM's resource bundle of this module beside the program (or the test bundle); not
    /// `Bundle.module`, which stops the process when the bundle is missing instead of saying so.
    static func folder() throws -> String {
        let name = "worldpop-dhis2_Server"
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var places = [Bundle.main.bundleURL.standardizedFileURL]
        if !places.contains(executable.standardizedFileURL) { places.append(executable.standardizedFileURL) }
        for place in places {
            for suffix in ["resources", "bundle"] {
                let url = place.appendingPathComponent("\(name).\(suffix)")
                guard let bundle = Bundle(url: url), let resources = bundle.resourceURL else { continue }
                let folder = resources.appendingPathComponent("Public")
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("openapi.yaml").path) { return folder.path }
            }
        }
        throw MissingPublicFiles(places: places.map(\.path), bundle: name + ".resources")
    }
}

struct MissingPublicFiles: Error, CustomStringConvertible {
    var places: [String]
    var bundle: String

    var description: String {
        "the page's files (\(bundle), built beside worldpop-dhis2) are not in \(places.joined(separator: " or ")): "
            + "keep that folder next to the program when you copy it"
    }
}
