import HTTPTypes
import Hummingbird

/// Headers on every response: the Content-Security-Policy lets the page run only the server's own
/// script files (no inline script, no event-handler attributes — an org unit named
/// `<img onerror=…>` stays text even if some code slipped it into HTML), fetch only from the
/// server, and never be framed.
enum SecurityHeaders {
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    static func add(to response: inout Response) {
        response.headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"  // the page's URL may hold ?key=…
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
    }

    /// `routes` with the headers on every answer, also the router's own errors (404 for an
    /// unknown path), which router middleware never sees, and errors thrown by routes (500, JSON).
    static func wrapping<Routes: HTTPResponder>(_ routes: Routes) -> CallbackResponder<Routes.Context>
    where Routes.Context: RequestContext {
        CallbackResponder { request, context in
            var response: Response
            do {
                response = try await routes.respond(to: request, context: context)
            } catch let error as any HTTPResponseError {
                response = try error.response(from: request, context: context)
            } catch {
                // Anything a route throws that is not an HTTP answer is the server's failure.
                response = JSONResponse.internalError(error)
            }
            add(to: &response)
            return response
        }
    }
}
