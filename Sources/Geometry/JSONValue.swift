import Foundation

/// A parsed JSON value, shaped for GeoJSON: position arrays are kept as `Position`s and rings as
/// `[Position]`, so a boundary file with 10⁶ vertices costs one allocation per ring, not per number.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    /// `[x, y]` or `[x, y, z]` (z dropped).
    case position(Position)
    /// An array whose elements are all positions: a ring or a line.
    case positions([Position])

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// How the value reads as an id or property: numbers without a trailing ".0".
    public var text: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .string(let s): return s
        case .position(let p): return "[\(p.x),\(p.y)]"
        case .array, .object, .positions: return "(structured value)"
        }
    }

    /// A short name of the kind of value, for error messages.
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array, .positions: return "an array"
        case .position: return "a position"
        case .object: return "an object"
        }
    }

    /// Converts a `JSONSerialization` result (for callers that already parsed with Foundation).
    /// Foundation's booleans arrive as numbers 0 and 1: this is for geometry, which has none.
    public init(foundation any: Any) {
        switch any {
        case is NSNull: self = .null
        case let s as String: self = .string(s)
        case let n as NSNumber: self = .number(n.doubleValue)
        case let a as [Any]:
            let items = a.map(JSONValue.init(foundation:))
            self = JSONParser.compact(items)
        case let o as [String: Any]: self = .object(o.mapValues(JSONValue.init(foundation:)))
        default: self = .null
        }
    }
}
