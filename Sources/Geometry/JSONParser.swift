import Foundation

/// A small, strict JSON parser (RFC 8259) over UTF-8 bytes, with errors that give a line and column.
///
/// Kept because Foundation is slower on coordinate-heavy GeoJSON, and less exact. `make bench-geojson`
/// (`.build/release/worldpop-dhis2 bench-geojson bench-data/zones.geojson bench-data/country.geojson`,
/// best of 5, release build, Debian 12, 2 cores, Swift 6.3; after issue 19: positions read straight
/// into `Position`s, numbers by `DecimalDouble`):
///
///     file                                   zones.geojson        country.geojson
///                                            6.0 MB, 150 zones,   20.9 MB, 1 MultiPolygon,
///                                            144,801 vertices     529,754 vertices
///     JSONParser, parse                      0.008 s              0.038 s
///     JSONParser → zones (GeoJSONReader)     0.016 s              0.078 s
///     JSONSerialization, parse alone         0.33 s   (40×)       1.5 s    (40×)
///     JSONSerialization → the same zones     2.6 s                12.7 s
///     JSONDecoder → polygons only            0.21 s               0.78 s
///
/// JSONSerialization's numbers are also not strtod's (correctly rounded), and ours are: 92,492 of
/// 289,602 and 347,014 of 1,059,508 coordinates differ in the last bits. Data: bench/make_data.py
/// and scripts/make_country_geojson.py.
public struct JSONParser {
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(message) at line \(line), column \(column)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// A value parsed already (the features, on several threads) for the bytes `range`.
    private var injected: (range: Range<Int>, value: JSONValue)?

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// One element of an array, which must fill `range` (up to white space).
    static func parseElement(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> JSONValue {
        var p = JSONParser(UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]))
        p.i = range.lowerBound
        p.skipSpace()
        let v = try p.value(depth: 2)
        p.skipSpace()
        guard p.i == range.upperBound else { throw p.error("unexpected text after an array element") }
        return v
    }

    /// `parse` of the whole document, taking `value` for the bytes of `range`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, injecting value: JSONValue, at range: Range<Int>) throws -> JSONValue {
        var p = JSONParser(bytes)
        p.injected = (range, value)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.error("unexpected text after the JSON value") }
        return v
    }

    public static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { raw in
            var p = JSONParser(raw.bindMemory(to: UInt8.self))
            p.skipSpace()
            let v = try p.value(depth: 0)
            p.skipSpace()
            guard p.i == p.bytes.count else { throw p.error("unexpected text after the JSON value") }
            return v
        }
    }

    /// Arrays of positions become `.positions`, and `[x, y]` becomes `.position`.
    static func compact(_ items: [JSONValue]) -> JSONValue {
        if items.count == 2 || items.count == 3, items.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
            if case .number(let x) = items[0], case .number(let y) = items[1] { return .position(Position(x, y)) }
        }
        if !items.isEmpty, items.allSatisfy({ if case .position = $0 { return true } else { return false } }) {
            return .positions(items.map { if case .position(let p) = $0 { return p } else { fatalError() } })
        }
        return .array(items)
    }

    private func error(_ message: String) -> SyntaxError {
        var line = 1
        var column = 1
        for k in 0..<min(i, bytes.count) {
            if bytes[k] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SyntaxError(line: line, column: column, message: message)
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 512 else { throw error("nesting too deep") }
        guard i < bytes.count else { throw error("unexpected end of file") }
        if let injected, injected.range.lowerBound == i {
            i = injected.range.upperBound
            return injected.value
        }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character '\(Character(UnicodeScalar(bytes[i])))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count, memcmp(bytes.baseAddress! + i, word.utf8Start, n) == 0 else {
            throw error("invalid literal")
        }
        i += n
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        i += 1
        var result: [String: JSONValue] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(result)
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after member name") }
            i += 1
            skipSpace()
            result[key] = try value(depth: depth + 1)
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end of file inside an object") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object(result)
            }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        i += 1
        skipSpace()
        // GeoJSON is mostly positions and lists of them: read those straight into `Position`s, not
        // into a `JSONValue` per number and an array per pair. Anything else (or anything that is
        // not a plain position after all) is read again from the `[` the general way, so the value
        // and any error are the same as without this path (its numbers are read by `number()` at
        // the same places as the general path would, and the depth is in range for both).
        if depth + 2 < 512, i < bytes.count {
            let start = i
            if Self.startsNumber(bytes[i]) {
                if let p = try positionRest() { return .position(p) }
            } else if bytes[i] == UInt8(ascii: "[") {
                if let list = try positionList() { return .positions(list) }
            }
            i = start
        }
        var items: [JSONValue] = []
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end of file inside an array") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return Self.compact(items)
            }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func number() throws -> Double {
        let start = i
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // The digits as one integer (leading zeros skipped) and a power of ten, for DecimalDouble;
        // more than 19 significant digits go to strtod.
        var significand: UInt64 = 0
        var significant = 0
        var fractionDigits = 0
        @inline(__always) func take(_ digit: UInt8) {
            let d = UInt64(digit &- UInt8(ascii: "0"))
            if significand == 0, d == 0 { return }
            significant += 1
            if significant <= 19 { significand = significand &* 10 &+ d }
        }
        var digits = 0
        while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
            if digits == 1, bytes[i - 1] == UInt8(ascii: "0") { throw error("invalid number (leading zero)") }
            take(bytes[i])
            i += 1
            digits += 1
        }
        guard digits > 0 else { throw error("invalid number") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
                take(bytes[i])
                i += 1
                fractionDigits += 1
            }
            guard fractionDigits > 0 else { throw error("invalid number") }
        }
        var exponent = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var exp = 0
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
                // Capped: anything this large is far outside DecimalDouble's range anyway.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
                i += 1
                exp += 1
            }
            guard exp > 0 else { throw error("invalid number") }
            if exponentNegative { exponent = -exponent }
        }
        if significant <= 19,
            let value = DecimalDouble.value(significand: significand, exponent: exponent - fractionDigits, negative: negative)
        {
            return value
        }
        let length = i - start
        // strtod needs a terminated string; numbers are short, so copy to the stack.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buf in
            for k in 0..<length { buf[k] = CChar(bitPattern: bytes[start + k]) }
            buf[length] = 0
            return strtod(buf.baseAddress!, nil)
        }
    }

    @inline(__always) private static func startsNumber(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
    }

    /// `x, y]` or `x, y, z]` from the first number on (z dropped), or nil when the array is not that.
    private mutating func positionRest() throws -> Position? {
        let x = try number()
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
        i += 1
        skipSpace()
        guard i < bytes.count, Self.startsNumber(bytes[i]) else { return nil }
        let y = try number()
        skipSpace()
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: ",") {
            i += 1
            skipSpace()
            guard i < bytes.count, Self.startsNumber(bytes[i]) else { return nil }
            _ = try number()
            skipSpace()
            guard i < bytes.count else { return nil }
        }
        guard bytes[i] == UInt8(ascii: "]") else { return nil }
        i += 1
        return Position(x, y)
    }

    /// `[x, y], [x, y] …]` from the first `[` on, or nil when some element is not a position.
    private mutating func positionList() throws -> [Position]? {
        var list: [Position] = []
        while true {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
            i += 1
            skipSpace()
            guard i < bytes.count, Self.startsNumber(bytes[i]), let p = try positionRest() else { return nil }
            list.append(p)
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                continue
            }
            guard bytes[i] == UInt8(ascii: "]") else { return nil }
            i += 1
            return list
        }
    }

    private mutating func string() throws -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
            guard bytes[i] >= 0x20 else { throw error("control character in a string") }
            i += 1
        }
        guard i < bytes.count else { throw error("unterminated string") }
        if bytes[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { break }
                switch bytes[i] {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in \\u escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw error("invalid escape")
                }
                i += 1
                continue
            }
            guard b >= 0x20 else { throw error("control character in a string") }
            out.append(b)
            i += 1
        }
        throw error("unterminated string")
    }

    /// Reads the 4 hex digits after `\u` (i is on the `u`), leaving i on the last digit.
    private mutating func hex4() throws -> UInt32 {
        guard i + 4 < bytes.count else { throw error("invalid \\u escape") }
        var v: UInt32 = 0
        for k in 1...4 {
            let c = bytes[i + k]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }
}
