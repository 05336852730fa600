import Foundation
import Geometry

/// Writes JSON the way DHIS2 does (keys in insertion order do not matter to clients).
enum JSONOutput {
    static func data(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// A parsed request value back to Foundation objects, to store and echo.
    static func foundation(_ v: JSONValue) -> Any {
        switch v {
        case .null: return NSNull()
        case let .bool(b): return b
        case let .number(d): return d
        case let .string(s): return s
        case let .array(a): return a.map(foundation)
        case let .object(o): return o.mapValues(foundation)
        case let .position(p): return [p.x, p.y]
        case let .positions(ps): return ps.map { [$0.x, $0.y] }
        }
    }
}
