import Foundation
import HTTPTypes
import Hummingbird

/// Every page and API call needs the access key when one is set: in the `X-Access-Key` header,
/// or in the cookie a browser gets by opening `/?key=…` once (scripts and stylesheets cannot send
/// headers). Without a key set (loopback only) everything is open.
struct AccessKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Access-Key")! }
    static var cookieName: String { "worldpop_dhis2_key" }

    let key: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key else { return try await next(request, context) }
        if let given = request.headers[Self.header], Self.same(given, key) { return try await next(request, context) }
        if let cookie = request.headers[.cookie], Self.cookieValue(cookie).map({ Self.same($0, key) }) == true {
            return try await next(request, context)
        }
        if let given = request.uri.queryParameters.get("key"), Self.same(given, key) {
            var response = try await next(request, context)
            response.headers[.setCookie] = "\(Self.cookieName)=\(key); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        return JSONResponse.error(.unauthorized, "this server needs its access key: send the X-Access-Key header (or open /?key=… in a browser)")
    }

    static func cookieValue(_ header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == cookieName { return String(pair[1]) }
        }
        return nil
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { diff |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return diff == 0
    }
}
