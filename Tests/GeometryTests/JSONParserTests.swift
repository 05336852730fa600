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
