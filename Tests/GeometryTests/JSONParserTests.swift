import Foundation
import Testing

@testable import Geometry

@Suite struct JSONParserTests {
    func parse(_ s: String) throws -> JSONValue { try JSONParser.parse(Data(s.utf8)) }

    @Test func valuesAndPositions() throws {
        let v = try parse(#"{"a": [1, 2.5e1], "b": [[0,1],[2,3,9]], "c": [1,2,3,4], "d": true, "e": null, "f": -0.125, "g": []}"#)
        #expect(v["a"] == .position(Position(1, 25)))
        #expect(v["b"] == .positions([Position(0, 1), Position(2, 3)]))
        #expect(v["c"] == .array([.number(1), .number(2), .number(3), .number(4)]), "four numbers (a bbox) stay an array")
        #expect(v["d"] == .bool(true))
        #expect(v["e"] == .null)
        #expect(v["f"] == .number(-0.125))
        #expect(v["g"] == .array([]))
    }

    @Test func stringsWithEscapes() throws {
        let v = try parse(#"["Kinshasa \"Gombe\"", "Lubumbashi\n", "\u00e9\u4e2d", "\ud83d\ude00", "Mbuji-Mayi/é"]"#)
        #expect(
            v
                == .array([
                    .string(
                        "Kinshasa \"Gombe\""), .string("Lubumbashi\n"), .string("é中"), .string("😀"), .string("Mbuji-Mayi/é"),
                ]))
    }

    @Test func numbersRoundTripExactly() throws {
        for x in [-70.063749705, 12.624583484, 0.000833333331933, 1e-300, 123_456_789_012_345_680] {
            #expect(try parse("[\(x)]") == .array([.number(x)]))
        }
    }

    @Test(arguments: [
        ("{\"a\": 1,\n \"b\": }", 2, 7),
        ("[1, 2", 1, 6),
        ("{\"a\" 1}", 1, 6),
        ("[01]", 1, 3),
        ("[1.]", 1, 4),
        ("[\"\\ud800\"]", 1, 8),
        ("[1] x", 1, 5),
        ("[tru]", 1, 2),
    ]) func errorsSayWhere(text: String, line: Int, column: Int) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            guard let e = error as? JSONParser.SyntaxError else { return false }
            return e.line == line && e.column == column
        }
    }

    @Test func agreesWithFoundationOnAGeoJSONFile() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/aruba-districts.geojson")
        let data = try Data(contentsOf: url)
        let ours = try JSONParser.parse(data)
        let foundation = JSONValue(foundation: try JSONSerialization.jsonObject(with: data))
        // Foundation on Linux parses numbers through Decimal and can be an ulp off; we use strtod.
        #expect(Self.nearlyEqual(ours, foundation))
    }

    /// Positions and lists of them are read on a path of their own: the values must be those of
    /// the general path (here Foundation's parse, compacted the same way; numbers it reads exactly).
    @Test func positionsReadAsTheGeneralPathReadsThem() throws {
        var rng = SeededRandom(state: 3)
        func number() -> String {
            ["\(Int.random(in: -180...180, using: &rng))", "\(Double(Int.random(in: -720...720, using: &rng)) / 4)"].randomElement(
                using: &rng)!
        }
        func space() -> String { ["", " ", "\n", " \t ", "\r\n"].randomElement(using: &rng)! }
        func value(_ depth: Int) -> String {
            switch Int.random(in: 0..<(depth > 3 ? 3 : 8), using: &rng) {
            case 0: return number()
            case 1: return "\"[1, 2]\""
            // (Foundation reads true as the number 1: not here.)
            case 2: return ["null", "{}", "{\"a\": [1, 2]}"].randomElement(using: &rng)!
            case 3, 4:
                // A position of 1 to 4 numbers (2 and 3 are positions, the others arrays).
                let count = [2, 2, 2, 3, 1, 4].randomElement(using: &rng)!
                return "[" + space() + (0..<count).map { _ in number() }.joined(separator: space() + "," + space()) + space() + "]"
            default:
                let count = Int.random(in: 0...5, using: &rng)
                let uniform = Bool.random(using: &rng)
                return "[" + space() + (0..<count).map { _ in uniform ? value(9) : value(depth + 1) }.joined(separator: space() + ",")
                    + space() + "]"
            }
        }
        for _ in 0..<3_000 {
            let text = value(0)
            let ours = try parse(text)
            let general = JSONValue(foundation: try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed))
            #expect(ours == general, "\(text)")
        }
        #expect(try parse("[[1, 2], [3, 4, 5]]") == .positions([Position(1, 2), Position(3, 4)]))
        #expect(
            try parse("[[1, 2], [3, 4, 5, 6]]") == .array([.position(Position(1, 2)), .array([3, 4, 5, 6].map { .number(Double($0)) })]))
        #expect(try parse("[[1, 2], 3]") == .array([.position(Position(1, 2)), .number(3)]))
        #expect(try parse("[[1, 2], []]") == .array([.position(Position(1, 2)), .array([])]))
        #expect(try parse("[[[1, 2]], [[3, 4]]]") == .array([.positions([Position(1, 2)]), .positions([Position(3, 4)])]))
    }

    /// Errors inside positions are found where the general path finds them.
    @Test(arguments: [
        ("[[1,2],[3,]]", 1, 11, "unexpected character ']'"),
        ("[[1,2],[3,4", 1, 12, "unexpected end of file inside an array"),
        ("[[1, 2], [1.]]", 1, 13, "invalid number"),
        ("[-]", 1, 3, "invalid number"),
        ("[[0,\n 01]]", 2, 3, "invalid number (leading zero)"),
        ("[[1,2] [3,4]]", 1, 8, "expected ',' or ']' in an array"),
    ]) func errorsInPositionsSayWhere(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONParser.SyntaxError(line: line, column: column, message: message)) { _ = try parse(text) }
    }

    /// Near the depth limit the positions path steps aside; the limit is the same.
    @Test func positionsAtTheDepthLimit() throws {
        for depth in 508...511 {
            var v = try parse(String(repeating: "[", count: depth) + "1, 2" + String(repeating: "]", count: depth))
            for _ in 0..<(depth - 2) {
                guard case .array(let items) = v, items.count == 1 else {
                    Issue.record("depth \(depth)")
                    break
                }
                v = items[0]
            }
            #expect(v == .positions([Position(1, 2)]), "depth \(depth)")
        }
        #expect(throws: JSONParser.SyntaxError(line: 1, column: 513, message: "nesting too deep")) {
            _ = try parse(String(repeating: "[", count: 512) + "1, 2" + String(repeating: "]", count: 512))
        }
    }

    static func nearlyEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-13 * max(1, abs(x)) }
        switch (a, b) {
        case (.number(let x), .number(let y)): return close(x, y)
        case (.position(let p), .position(let q)): return close(p.x, q.x) && close(p.y, q.y)
        case (.positions(let p), .positions(let q)):
            return p.count == q.count && zip(p, q).allSatisfy { close($0.x, $1.x) && close($0.y, $1.y) }
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { nearlyEqual($0, $1) }
        case (.object(let x), .object(let y)):
            return x.keys.sorted() == y.keys.sorted() && x.allSatisfy { nearlyEqual($0.value, y[$0.key]!) }
        default: return a == b
        }
    }
}
