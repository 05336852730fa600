import Foundation
import NIOCore

/// Why a server could not start listening: one message naming the address and the way out.
public enum ListenError: Error, CustomStringConvertible, Sendable, Equatable {
    case portInUse(host: String, port: Int)
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .portInUse(let host, let port):
            return "cannot listen on \(Self.address(host, port)): port \(port) is in use on \(host); choose another --port, "
                + "or stop the program listening there (`ss -ltnp 'sport = :\(port)'` names it)"
        case .cannotListen(let host, let port, let reason):
            return "cannot listen on \(Self.address(host, port)): \(reason); check --host and --port"
        }
    }

    /// `127.0.0.1:8080`, `[::1]:8080`.
    static func address(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The listening error `error` stands for, if it is one (NIO reports a failed bind as an IOError).
    static func from(_ error: any Error, host: String, port: Int) -> ListenError? {
        if let error = error as? ListenError { return error }
        guard let io = error as? IOError else { return nil }
        if io.errnoCode == EADDRINUSE { return .portInUse(host: host, port: port) }
        return .cannotListen(host: host, port: port, reason: String(describing: io))
    }
}
