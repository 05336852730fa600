import HTTPTypes
import Hummingbird

/// A known path asked with a method it does not take answers 405 with `Allow` (RFC 9110), not
/// the router's 404 "no such page": a client that sent GET for a POST learns its mistake. The
/// routes are public (openapi.yaml), so this comes before the access key is checked.
struct MethodNotAllowed: Sendable {
    /// The router's routes: path pattern ("/api/jobs/{id}") and its methods.
    let routes: [(pattern: [Substring], methods: Set<HTTPRequest.Method>)]

    init(routes: [(path: String, method: HTTPRequest.Method)]) {
        var methods: [String: Set<HTTPRequest.Method>] = [:]
        for route in routes { methods[route.path, default: []].insert(route.method) }
        self.routes = methods.sorted { $0.key < $1.key }.map { (Self.segments($0.key), $0.value) }
    }

    static func segments(_ path: some StringProtocol) -> [Substring] {
        Substring(path).split(separator: "/", omittingEmptySubsequences: true)
    }

    /// The methods `path` takes, or nil when no route has that path.
    func methods(of path: String) -> Set<HTTPRequest.Method>? {
        let given = Self.segments(path)
        let matching = routes.filter { Self.matches($0.pattern, given) }
        guard !matching.isEmpty else { return nil }
        var methods = matching.reduce(into: Set<HTTPRequest.Method>()) { $0.formUnion($1.methods) }
        // Hummingbird answers HEAD for every GET route.
        if methods.contains(.get) { methods.insert(.head) }
        return methods
    }

    static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        for (index, part) in pattern.enumerated() {
            if part == "**" { return path.count > index }
            guard index < path.count else { return false }
            if part.hasPrefix("{") && part.hasSuffix("}") { continue }
            if part != path[index] { return false }
        }
        return pattern.count == path.count
    }

    /// `responder` behind the check. Before the routes, not on their way back: the router turns
    /// its own "no such route" into a plain 404 response, not to be told from a route's 404.
    func wrapping<Responder: HTTPResponder>(_ responder: Responder) -> CallbackResponder<Responder.Context> {
        CallbackResponder { [self] request, context in
            guard let allowed = methods(of: request.uri.path), !allowed.contains(request.method) else {
                return try await responder.respond(to: request, context: context)
            }
            let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            var response = JSONResponse.error(
                .methodNotAllowed, "\(request.method.rawValue) is not a method of \(request.uri.path): use \(list)")
            response.headers[.allow] = list
            return response
        }
    }
}
