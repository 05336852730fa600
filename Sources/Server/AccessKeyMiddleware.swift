import Foundation
import HTTPTypes
import Hummingbird

/// Every page and API call needs the access key when one is set: in the `X-Access-Key` header,
/// or in the cookie a browser gets by opening `/?key=…` once (scripts and stylesheets cannot send
/// headers). Without a key set (loopback only) everything is open.
struct AccessKeyMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Access-Key")! }
    static var cookieName: String { "worldpop_dhis2_key" }

    let key: String?
    let cookies: Cookies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key else { return try await next(request, context) }
        if Self.hasKeyHeader(request, key: key) { return try await next(request, context) }
        if let cookie = request.headers[.cookie],
            Self.cookieValue(cookie, name: Self.cookieName).map({ constantTimeEqual($0, key) }) == true
        {
            return try await next(request, context)
        }
        if let given = request.uri.queryParameters.get("key"), constantTimeEqual(given, key) {
            var response = try await next(request, context)
            // Appended: the page sets its anti-forgery cookie on the same response.
            response.headers.append(cookies.set(Self.cookieName, key, for: request, context: context))
            return response
        }
        return JSONResponse.error(
            .unauthorized, "this server needs its access key: send the X-Access-Key header (or open /?key=… in a browser)")
    }

    /// The request carries the key in its header: a client that sets headers itself, not a
    /// browser sending a cookie on another site's behalf.
    static func hasKeyHeader(_ request: Request, key: String) -> Bool {
        guard let given = request.headers[header] else { return false }
        return constantTimeEqual(given, key)
    }

    static func cookieValue(_ header: String, name: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }
}
