import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What to do when DHIS2 (or a proxy in front of it) redirects: credentials go only to the origin
/// they were given for, and never from https down to http.
public enum RedirectPolicy {
    public enum Decision: Equatable, Sendable {
        /// Same scheme, host and port: follow with the credentials.
        case follow
        /// Another origin: follow without the `Authorization` header.
        case followWithoutCredentials
        /// https → http: refuse (the request and its answer would travel in clear).
        case refuse
    }

    public static func decide(from original: URL, to target: URL) -> Decision {
        let fromScheme = original.scheme?.lowercased()
        let toScheme = target.scheme?.lowercased()
        if fromScheme == "https", toScheme != "https" { return .refuse }
        func port(_ url: URL) -> Int? {
            url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
        }
        let sameOrigin =
            fromScheme == toScheme && original.host?.lowercased() == target.host?.lowercased() && port(original) == port(target)
        return sameOrigin ? .follow : .followWithoutCredentials
    }

    /// The redirected request as it may be sent, or nil to stop at the redirect.
    static func apply(to redirected: URLRequest, original: URL?) -> URLRequest? {
        guard let original, let target = redirected.url else { return redirected }
        switch decide(from: original, to: target) {
        case .follow:
            return redirected
        case .followWithoutCredentials:
            var stripped = redirected
            stripped.setValue(nil, forHTTPHeaderField: "Authorization")
            return stripped
        case .refuse:
            return nil
        }
    }
}
