import Foundation
import HTTPTypes
import Hummingbird

/// Calls that change something (POST, PUT, PATCH, DELETE) from a browser must carry the page's
/// anti-forgery token in `X-CSRF-Token`, equal to the session's cookie: a page of another site
/// can make the browser send cookies (and, on loopback without a key, reach the server at all),
/// but cannot read our page to learn the token. Calls authenticated by the `X-Access-Key`
/// header are exempt: a browser never adds that header on another site's behalf, so they are
/// API clients, not forgeries.
struct AntiForgeryMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: AntiForgeryToken
    let accessKey: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        if let accessKey, AccessKeyMiddleware<Context>.hasKeyHeader(request, key: accessKey) { return try await next(request, context) }
        guard let given = request.headers[HTTPField.Name(AntiForgeryToken.header)!] else {
            return Self.refuse("it has no X-CSRF-Token header")
        }
        guard let cookie = request.headers[.cookie].flatMap({ AccessKeyMiddleware<Context>.cookieValue($0, name: AntiForgeryToken.cookieName) }),
              constantTimeEqual(given, cookie) else {
            return Self.refuse("its X-CSRF-Token is not this browser session's")
        }
        guard tokens.isValid(given) else { return Self.refuse("its X-CSRF-Token was not issued by this server (it restarted)") }
        return try await next(request, context)
    }

    static func refuse(_ why: String) -> Response {
        JSONResponse.error(.forbidden, "refused: this call changes something and \(why). Reload the page to get a new token; "
            + "API clients send the X-Access-Key header, or take a token (and its cookie) from GET /api/session")
    }
}

/// Headers on every response: the Content-Security-Policy lets the page run only the server's own
/// script files (no inline script, no event-handler attributes — an org unit named
/// `<img onerror=…>` stays text even if some code slipped it into HTML), fetch only from the
/// server, and never be framed.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("Content-Security-Policy")!] = Self.contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"  // the page's URL may hold ?key=…
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
