import DHIS2
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /api/login`, `POST /api/logout`, `GET /api/me`: signing in with a DHIS2 account.
extension WorldPopServer {
    func addSignInRoutes(to router: Router<ServeContext>) {
        router.post("/api/login") { [self] request, context in
            guard let sessions else {
                return JSONResponse.error(.notFound, "sign-in is not enabled on this server (serve --sign-in)")
            }
            struct Credentials: Decodable {
                var username: String
                var password: String
            }
            let body = try await request.body.collect(upTo: 16 * 1024)
            guard let given = try? JSONDecoder().decode(Credentials.self, from: Data(buffer: body)), !given.username.isEmpty,
                !given.password.isEmpty
            else {
                return JSONResponse.error(.badRequest, "the body must be JSON {\"username\": …, \"password\": …} with your DHIS2 account")
            }
            // Counted before DHIS2 is asked: past the limit, DHIS2 never sees the guess.
            let attempt: SignInLimit.Attempt
            do throws(SignInLimit.Refusal) {
                attempt = try signInLimit.begin(username: given.username, address: proxies.client(request, context: context))
            } catch {
                var response = JSONResponse.error(.tooManyRequests, error.message)
                response.headers[.retryAfter] = String(error.retryAfter)
                return response
            }
            do {
                let (token, session) = try await sessions.signIn(username: given.username, password: given.password)
                signInLimit.succeeded(attempt)
                var response = JSONResponse.make(Me(session))
                response.headers.append(
                    cookies.set(Sessions.cookieName, token, maxAge: Int(sessions.signIn.lifetime), for: request, context: context))
                return response
            } catch let error as DHIS2Error {
                if case .unauthorized = error {
                    return JSONResponse.error(.unauthorized, "DHIS2 refused this username and password")
                }
                signInLimit.notAFailure(attempt)
                return JSONResponse.error(.badGateway, "cannot check the sign-in with DHIS2: \(error)")
            } catch {
                signInLimit.notAFailure(attempt)
                throw error
            }
        }
        router.post("/api/logout") { [self] request, context in
            sessions?.signOut(cookieHeader: request.headers[.cookie])
            var response = JSONResponse.make(["signedOut": true])
            response.headers.append(cookies.set(Sessions.cookieName, "", maxAge: 0, for: request, context: context))
            return response
        }
        router.get("/api/me") { [self] request, _ in
            guard let sessions else { return JSONResponse.make(["signIn": false]) }
            guard let session = sessions.session(cookieHeader: request.headers[.cookie]) else {
                return JSONResponse.error(.unauthorized, "not signed in")
            }
            return JSONResponse.make(Me(session))
        }
    }
}
