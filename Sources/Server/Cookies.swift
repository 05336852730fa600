import HTTPTypes
import Hummingbird

/// How `serve` sets its cookies (access key, anti-forgery token, session): HttpOnly and
/// SameSite=Strict always, and `Secure` when the browser talks https — the public URL is https,
/// or a trusted proxy says so in X-Forwarded-Proto. Over plain http a browser would drop a Secure
/// cookie, so it is not set there; behind TLS it keeps the key and the session off any http
/// request the browser might make to the same name.
struct Cookies: Sendable {
    var publicURLIsHTTPS: Bool
    var proxies: TrustedProxies

    func secure(_ request: Request, context: some RemoteAddressRequestContext) -> Bool {
        publicURLIsHTTPS || proxies.forwardedHTTPS(request, context: context)
    }

    /// `Set-Cookie` for `name=value`; `maxAge` 0 deletes it, nil keeps it for the browser session.
    func set(_ name: String, _ value: String, maxAge: Int? = nil, for request: Request, context: some RemoteAddressRequestContext)
        -> HTTPField
    {
        var attributes = "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict"
        if let maxAge { attributes += "; Max-Age=\(maxAge)" }
        if secure(request, context: context) { attributes += "; Secure" }
        return HTTPField(name: .setCookie, value: attributes)
    }
}
