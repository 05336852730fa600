import Foundation
import HTTPTypes
import Hummingbird

/// Calls that change something (POST, PUT, PATCH, DELETE) from a browser must carry the page's
/// anti-forgery token in `X-CSRF-Token`, equal to the session's cookie: a page of another site
/// can make the browser send cookies (and, on loopback without a key, reach the server at all),
/// but cannot read our page to learn the token. Calls authenticated by the `X-Access-Key`
/// header are exempt: a browser never adds that header on another site's behalf, so they are
/// API clients, not forgeries.
struct AntiForgeryMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let tokens: AntiForgeryToken
    let accessKey: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        if let accessKey, AccessKeyMiddleware<Context>.hasKeyHeader(request, key: accessKey) { return try await next(request, context) }
        guard let given = request.headers[HTTPField.Name(AntiForgeryToken.header)!] else {
            return Self.refuse("it has no X-CSRF-Token header")
        }
        guard
            let cookie = request.headers[.cookie].flatMap({
                AccessKeyMiddleware<Context>.cookieValue($0, name: AntiForgeryToken.cookieName)
            }),
            constantTimeEqual(given, cookie)
        else {
            return Self.refuse("its X-CSRF-Token is not this browser session's")
        }
        guard tokens.isValid(given) else { return Self.refuse("its X-CSRF-Token was not issued by this server (it restarted)") }
        return try await next(request, context)
    }

    static func refuse(_ why: String) -> Response {
        JSONResponse.error(
            .forbidden,
            "refused: this call changes something and \(why). Reload the page to get a new token; "
                + "API clients send the X-Access-Key header, or take a token (and its cookie) from GET /api/session")
    }
}
