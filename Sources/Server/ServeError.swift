import Foundation
import NIOCore

/// Why `serve` could not start listening.
public enum ServeError: Error, CustomStringConvertible, Sendable {
    case portInUse(host: String, port: Int)
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case let .portInUse(host, port):
            return "port \(port) is in use on \(host): stop the program listening there (`ss -ltnp 'sport = :\(port)'` names it) or choose another --port"
        case let .cannotListen(host, port, reason):
            return "cannot listen on \(host):\(port): \(reason); check --host and --port"
        }
    }

    /// The listening error `error` stands for, if it is one (NIO reports a failed bind as an IOError).
    static func listening(_ error: Error, host: String, port: Int) -> ServeError? {
        guard let io = error as? IOError else { return nil }
        if io.errnoCode == EADDRINUSE { return .portInUse(host: host, port: port) }
        return .cannotListen(host: host, port: port, reason: String(describing: io))
    }
}
