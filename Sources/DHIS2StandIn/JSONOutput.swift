import Foundation
import Geometry

/// Writes JSON the way DHIS2 does (keys in insertion order do not matter to clients).
enum JSONOutput {
    static func data(_ object: Any) -> Data {
        // No .sortedKeys: Foundation on Linux sorts with ICU collation, seconds for a translated bundle.
        (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
    }

    /// The same bytes for the same object on every call: for tests that compare what is stored.
    static func canonicalData(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// A parsed request value back to Foundation objects, to store and echo.
    static func foundation(_ v: JSONValue) -> Any {
        switch v {
        case .null: return NSNull()
        case .bool(let b): return b
        case .number(let d): return d
        case .string(let s): return s
        case .array(let a): return a.map(foundation)
        case .object(let o): return o.mapValues(foundation)
        case .position(let p): return [p.x, p.y]
        case .positions(let ps): return ps.map { [$0.x, $0.y] }
        }
    }
}
