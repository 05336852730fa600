import Hummingbird
import NIOCore

/// The request context of `serve`: Hummingbird's basic one plus the TCP peer's address, which
/// the sign-in limit counts by and which decides whether a reverse proxy's headers are believed.
public struct ServeContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
