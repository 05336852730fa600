import Foundation
import Testing

@testable import Geometry

/// A large FeatureCollection's features are parsed on several threads: the value and the errors
/// must be those of the plain parse.
@Suite struct ParallelFeaturesTests {
    /// About 1.5 MB: features with tricky strings (quotes, brackets and commas inside, more closing
    /// brackets than a feature has levels, escapes) and rings of full-precision coordinates;
    /// "features" also as a property name, deeper down.
    static func collection(features: Int = 1_200, extra: String = "") -> Data {
        var rng = SeededRandom(state: 5)
        var parts: [String] = []
        for f in 0..<features {
            let ring = (0..<40).map { _ in "[\(Double.random(in: -180...180, using: &rng)), \(Double.random(in: -90...90, using: &rng))]" }
            let name = "Zone \\\"\(f)\\\" [a, b] {c}, \\\\ \\u00e9"
            parts.append(
                """
                {"type": "Feature", "properties": {"name": "\(name)", "note": "]]]]]]]] }}}}", "features": [1, {"x": "]"}]},
                 "geometry": {"type": "Polygon", "coordinates": [[\(ring.joined(separator: ",")), \(ring[0])]]}}
                """)
        }
        let text = """
            {"type": "FeatureCollection", "name": "with \\"features\\": [", \(extra)
             "features": [\n\(parts.joined(separator: ",\n"))\n], "bbox": [-180, -90, 180, 90]}
            """
        return Data(text.utf8)
    }

    @Test func theValueIsThatOfThePlainParse() throws {
        let data = Self.collection()
        #expect(data.count > JSONParser.parallelThreshold)
        let plain = try JSONParser.parse(data)
        let parallel = try JSONParser.parse(data, workers: 4)
        #expect(parallel == plain)
        guard case .array(let features)? = parallel["features"] else {
            Issue.record("no features array")
            return
        }
        #expect(features.count == 1_200)
        #expect(features[7]["properties"]?["name"]?.stringValue == "Zone \"7\" [a, b] {c}, \\ é")
    }

    @Test func theScanFindsEachElementAndOnlyTheTopLevelArray() throws {
        let data = Self.collection(features: 3, extra: "\"crs\": {\"features\": [9, 9]},")
        let split = try data.withUnsafeBytes { raw in try #require(FeatureArrayScan.scan(raw.bindMemory(to: UInt8.self))) }
        #expect(split.elements.count == 3)
        let text = String(decoding: data, as: UTF8.self)
        let bytes = Array(text.utf8)
        #expect(bytes[split.array.lowerBound] == UInt8(ascii: "[") && bytes[split.array.upperBound - 1] == UInt8(ascii: "]"))
        for element in split.elements {
            let trimmed = String(decoding: bytes[element], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(trimmed.hasPrefix("{\"type\": \"Feature\"") && trimmed.hasSuffix("}}"))
        }
        // Long runs of coordinates, scanned sixteen bytes at a time, between the tricky strings.
        let large = Self.collection()
        let all = try large.withUnsafeBytes { raw in try #require(FeatureArrayScan.scan(raw.bindMemory(to: UInt8.self))) }
        #expect(all.elements.count == 1_200)
        let largeBytes = [UInt8](large)
        for (f, element) in all.elements.enumerated() {
            let trimmed = String(decoding: largeBytes[element], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(
                trimmed.hasPrefix("{\"type\": \"Feature\", \"properties\": {\"name\": \"Zone \\\"\(f)\\\"") && trimmed.hasSuffix("]]}}"))
        }
        let empty = Data("{\"type\": \"FeatureCollection\", \"features\": [ ]}".utf8)
        #expect(empty.withUnsafeBytes { FeatureArrayScan.scan($0.bindMemory(to: UInt8.self))?.elements.count } == 0)
    }

    @Test func anErrorInOneFeatureIsThePlainParsesError() throws {
        var text = String(decoding: Self.collection(), as: UTF8.self)
        let broken = try #require(text.range(of: "\"Feature\"", range: text.index(text.startIndex, offsetBy: 900_000)..<text.endIndex))
        text.replaceSubrange(broken, with: "\"Feature\" 1")
        let data = Data(text.utf8)
        let plain = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(data) }
        let parallel = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(data, workers: 4) }
        #expect(plain != nil && parallel == plain)
        #expect((plain?.line ?? 0) > 1)
    }
}
