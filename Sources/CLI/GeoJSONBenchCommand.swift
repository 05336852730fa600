import ArgumentParser
import Foundation
import Geometry

/// `worldpop-dhis2 bench-geojson`: our JSON parser against Foundation's on boundary files, to the
/// same zones — the figures behind keeping `JSONParser` (see its doc comment).
struct GeoJSONBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-geojson",
        abstract: "Time reading GeoJSON boundaries: our parser against Foundation's (benchmark).",
        discussion: """
            For each file, the best of --runs runs of: parsing alone, and parsing to zones, by JSONParser, by JSONSerialization \
            (then the same reader), and by JSONDecoder into nested [Double] arrays (geometry only, no properties and no checks: \
            a lower bound for a Codable reader). Also counts the coordinates on which Foundation's numbers differ from ours.
            """
    )

    @Argument(help: ArgumentHelp("GeoJSON files.", valueName: "file"))
    var files = ["bench-data/zones.geojson", "bench-data/country.geojson"]

    @Option(name: .long, help: "Runs per case; the best is reported.")
    var runs = 5

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs \(runs) is out of range: give at least 1") }
    }

    func run() throws {
        for path in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let ours = try GeoJSONReader.zones(from: data, source: path)
            let vertices = Self.coordinates(ours.zones.map(\.geometry)).count / 2
            print(
                String(
                    format: "%@: %.1f MB, %d zones, %d vertices, best of %d",
                    path, Double(data.count) / 1e6, ours.zones.count, vertices, runs))

            report("JSONParser, parse", try best { try JSONParser.parse(data) })
            report("JSONParser → zones", try best { try GeoJSONReader.zones(from: data, source: path) })
            report("JSONSerialization, parse", try best { try JSONSerialization.jsonObject(with: data) })
            report("JSONSerialization → zones", try best { try Self.foundationZones(data, source: path) })
            report("JSONDecoder → polygons", try best { try JSONDecoder().decode(DecodedCollection.self, from: data) })

            let foundation = try Self.foundationZones(data, source: path)
            let decoded = try JSONDecoder().decode(DecodedCollection.self, from: data).features.compactMap(\.geometry?.multiPolygon)
            let reference = ours.zones.map(\.geometry)
            print(
                "  coordinates differing from ours: JSONSerialization \(Self.differences(reference, foundation.zones.map(\.geometry))), "
                    + "JSONDecoder \(Self.differences(reference, decoded))")
        }
    }

    private func best<T>(_ body: () throws -> T) rethrows -> Duration {
        var fastest = Duration.seconds(Int64.max)
        for _ in 0..<runs {
            let clock = ContinuousClock()
            let start = clock.now
            let result = try body()
            let elapsed = clock.now - start
            withExtendedLifetime(result) {}
            fastest = min(fastest, elapsed)
        }
        return fastest
    }

    private func report(_ name: String, _ time: Duration) {
        let seconds = Double(time.components.seconds) + Double(time.components.attoseconds) * 1e-18
        print("  " + name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%7.3f s", seconds))
    }

    private static func foundationZones(_ data: Data, source: String) throws -> ZoneCollection {
        try GeoJSONReader.zones(in: JSONValue(foundation: try JSONSerialization.jsonObject(with: data)), source: source)
    }

    private static func coordinates(_ geometries: [MultiPolygon]) -> [Double] {
        geometries.flatMap { $0.polygons.flatMap { ([$0.exterior] + $0.holes).flatMap { $0.flatMap { [$0.x, $0.y] } } } }
    }

    /// Coordinates (x and y counted apart) that are not bit for bit the same; -1 when the shapes differ.
    private static func differences(_ a: [MultiPolygon], _ b: [MultiPolygon]) -> Int {
        let x = coordinates(a)
        let y = coordinates(b)
        guard x.count == y.count else { return -1 }
        return zip(x, y).reduce(0) { $0 + ($1.0.bitPattern == $1.1.bitPattern ? 0 : 1) }
    }
}

/// GeoJSON as plain `Decodable` types: just the polygons, which is all a Codable reader could skip to.
private struct DecodedCollection: Decodable {
    var features: [DecodedFeature]
}

private struct DecodedFeature: Decodable {
    var geometry: DecodedGeometry?
}

private struct DecodedGeometry: Decodable {
    var polygons: [[[[Double]]]]

    enum CodingKeys: String, CodingKey { case type, coordinates }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "Polygon": polygons = [try container.decode([[[Double]]].self, forKey: .coordinates)]
        case "MultiPolygon": polygons = try container.decode([[[[Double]]]].self, forKey: .coordinates)
        default: polygons = []
        }
    }

    var multiPolygon: MultiPolygon? {
        guard !polygons.isEmpty else { return nil }
        return MultiPolygon(
            polygons.map { rings in
                let parsed = rings.map { $0.map { Position($0[0], $0[1]) } }
                return Polygon(exterior: parsed[0], holes: Array(parsed.dropFirst()))
            })
    }
}
