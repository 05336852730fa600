import DHIS2
import Foundation
import ZIPFoundation

/// App Management (`AppController`) and the browser's sign-in (`AuthenticationController`), as
/// far as an installed app needs them.
extension StandInState {
    struct App {
        var key: String
        var manifest: [String: Any]
        var files: [String: Data]
    }

    /// `POST /api/apps` (`@RequiresAuthority M_dhis-web-app-management`): the multipart field
    /// `file`, a zip with `manifest.webapp` at its root. The key is the short name made URL
    /// friendly (`App.getUrlFriendlyName`); an app of the same key is replaced. 2.43 answers 201
    /// with the app, 2.38–2.42 204 (`installApp`).
    mutating func installApp(_ r: StandInRequest) -> StandInReply {
        guard account.has("M_dhis-web-app-management") else { return Self.forbidden("M_dhis-web-app-management") }
        guard let zip = Self.multipartFile(r.body, contentType: r.contentType, field: "file"),
            let archive = try? Archive(data: zip, accessMode: .read, pathEncoding: nil)
        else { return .error(400, "Bad Request", "Required part 'file' is not present.") }
        var files: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            // AppManager refuses entries that climb out of the app's folder.
            guard !entry.path.hasPrefix("/"), !entry.path.split(separator: "/").contains("..") else {
                return .error(409, "Conflict", "App could not be installed: invalid zip file entry")
            }
            var data = Data()
            guard (try? archive.extract(entry, consumer: { data.append($0) })) != nil else {
                return .error(409, "Conflict", "App could not be installed: invalid zip file")
            }
            files[entry.path] = data
        }
        guard let raw = files["manifest.webapp"], let manifest = try? JSONSerialization.jsonObject(with: raw) as? [String: Any],
            let name = manifest["name"] as? String
        else { return .error(409, "Conflict", "App could not be installed: missing manifest") }
        let key = Self.urlFriendly((manifest["short_name"] as? String) ?? name)
        apps[key] = App(key: key, manifest: manifest, files: files)
        return majorMinor >= (2, 43) ? .json(201, appJSON(apps[key]!)) : StandInReply(status: 204, body: Data())
    }

    /// `GET /api/apps`.
    func listApps() -> StandInReply {
        .json(200, apps.values.sorted { $0.key < $1.key }.map(appJSON))
    }

    func appJSON(_ app: App) -> [String: Any] {
        var o = app.manifest
        o["key"] = app.key
        o["baseUrl"] = "/api/apps/\(app.key)"
        o["launchUrl"] = "/api/apps/\(app.key)/" + ((app.manifest["launch_path"] as? String) ?? "index.html")
        return o
    }

    /// `GET /api/apps/{key}/{path}`: the app's files, with their content types.
    func appFile(_ path: [String]) -> StandInReply {
        guard let app = apps[path[1]] else { return .error(404, "Not Found", "App not found: \(path[1])") }
        let file = path.dropFirst(2).joined(separator: "/")
        guard let data = app.files[file.isEmpty ? "index.html" : file] else { return .error(404, "Not Found", "Not found: \(file)") }
        let types = [
            "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
            "webapp": "application/json", "json": "application/json", "png": "image/png", "svg": "image/svg+xml",
        ]
        return StandInReply(status: 200, body: data, contentType: types[(file as NSString).pathExtension] ?? "application/octet-stream")
    }

    /// `DELETE /api/apps/{key}`: 204, or 404 "App does not exist".
    mutating func deleteApp(_ key: String) -> StandInReply {
        guard account.has("M_dhis-web-app-management") else { return Self.forbidden("M_dhis-web-app-management") }
        guard apps.removeValue(forKey: key) != nil else { return .error(404, "Not Found", "App does not exist: \(key)") }
        return StandInReply(status: 204, body: Data())
    }

    /// `POST /api/auth/login` (2.41+, `AuthenticationController.login`): a username and password
    /// become a `JSESSIONID` session cookie; wrong ones are 401.
    mutating func browserLogin(_ r: StandInRequest) -> (StandInReply, cookie: String?) {
        guard majorMinor >= (2, 41) else { return (.error(404, "Not Found", "No endpoint POST /api/auth/login"), nil) }
        guard let o = try? JSONSerialization.jsonObject(with: r.body) as? [String: Any], let user = o["username"] as? String,
            let password = o["password"] as? String, let signedIn = accountFor(username: user, password: password)
        else { return (.error(401, "Unauthorized", "Bad credentials"), nil) }
        let session = randomUID() + randomUID()
        browserSessions[session] = signedIn
        return (.json(200, ["loginStatus": "SUCCESS", "redirectUrl": "/dhis-web-dashboard/"]), "JSESSIONID=\(session); Path=/; HttpOnly")
    }

    func accountFor(username: String, password: String) -> DHIS2StandIn.Account? {
        if username == options.username, password == options.password { return options.account }
        return options.people[username].flatMap { $0.password == password ? $0.account : nil }
    }

    /// The account of a `JSESSIONID` cookie, if it is a session of this server.
    func sessionAccount(_ cookieHeader: String?) -> DHIS2StandIn.Account? {
        guard let cookieHeader else { return nil }
        for part in cookieHeader.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, pair[0] == "JSESSIONID", let account = browserSessions[pair[1]] { return account }
        }
        return nil
    }

    static func urlFriendly(_ name: String) -> String {
        let kept = name.trimmingCharacters(in: .whitespaces).unicodeScalars.filter {
            ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == " " || $0 == "-"
        }
        return String(String.UnicodeScalarView(kept)).split(separator: " ").joined(separator: "-")
    }

    /// The bytes of one part of a multipart/form-data body.
    static func multipartFile(_ body: Data, contentType: String?, field: String) -> Data? {
        guard let type = contentType, let range = type.range(of: "boundary=") else { return nil }
        let boundary = Data(("--" + type[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))).utf8)
        var start = body.startIndex
        while let b = body.range(of: boundary, in: start..<body.endIndex) {
            let partStart = b.upperBound
            guard let headersEnd = body.range(of: Data("\r\n\r\n".utf8), in: partStart..<body.endIndex) else { return nil }
            let headers = String(decoding: body[partStart..<headersEnd.lowerBound], as: UTF8.self)
            let next = body.range(of: boundary, in: headersEnd.upperBound..<body.endIndex)?.lowerBound ?? body.endIndex
            if headers.contains("name=\"\(field)\"") {
                var end = next
                if end - headersEnd.upperBound >= 2 { end -= 2 }  // the CRLF before the boundary
                return body.subdata(in: headersEnd.upperBound..<end)
            }
            start = next
        }
        return nil
    }
}
