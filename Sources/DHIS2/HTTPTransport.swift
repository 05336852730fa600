import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange. Behind a protocol so that retries and paging are tested without sockets
/// too, but the default is Foundation's URLSession.
public protocol HTTPTransport: Sendable {
    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse)
    /// Seconds a request may wait for an answer, for messages (nil when unknown).
    var timeout: TimeInterval? { get }
}

extension HTTPTransport {
    public var timeout: TimeInterval? { nil }
}

public struct URLSessionTransport: HTTPTransport {
    let session: URLSession
    public let timeout: TimeInterval?

    public init(timeout: TimeInterval = 120) {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout * 10
        config.httpCookieStorage = nil
        config.urlCache = nil
        session = URLSession(configuration: config, delegate: RedirectGuard(), delegateQueue: nil)
        self.timeout = timeout
    }

    public func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw DHIS2Error.invalidResponse(path: request.url?.path ?? "?", reason: "not an HTTP response")
        }
        return (data, http)
    }
}

/// Applies `RedirectPolicy` to every redirect URLSession would follow: Foundation copies the
/// request's headers, `Authorization` included, to whatever host the `Location` names.
final class RedirectGuard: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(RedirectPolicy.apply(to: request, original: task.originalRequest?.url))
    }
}
