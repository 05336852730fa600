import Foundation
import HTTPTypes
import Hummingbird

/// With sign-in on, every API call needs a live session (or, for scripts, the access key in its
/// header); the page, its files, the anti-forgery token and sign-in itself stay open so that a
/// person can sign in.
struct SignInMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let sessions: Sessions?
    let accessKey: String?
    static var openPaths: [String] { ["/", "/api/session", "/api/login", "/openapi.yaml"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let sessions else { return try await next(request, context) }
        let path = request.uri.path
        if Self.openPaths.contains(path) || path.hasPrefix("/static/") { return try await next(request, context) }
        if let accessKey, AccessKeyMiddleware<Context>.hasKeyHeader(request, key: accessKey) { return try await next(request, context) }
        if sessions.session(cookieHeader: request.headers[.cookie]) != nil { return try await next(request, context) }
        return JSONResponse.error(
            .unauthorized,
            "sign in with your DHIS2 username and password (POST /api/login), or send the X-Access-Key header; sessions last "
                + "\(Int(sessions.signIn.lifetime / 3600)) h"
        )
    }
}
