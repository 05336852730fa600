import Foundation
import Testing

@testable import Geometry

@Suite struct GeoJSONReaderTests {
    func read(_ json: String, idField: String? = nil) throws -> ZoneCollection {
        try GeoJSONReader.zones(from: Data(json.utf8), source: "test.geojson", idField: idField)
    }

    @Test func readsPolygonsMultiPolygonsAndKeepsTheRest() throws {
        let c = try read(
            """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","id":"A1","properties":{"name":"Alpha","pop":3},"geometry":{"type":"Polygon","coordinates":[[[0,0],
                [1,0],[1,1],[0,0]],[[0.5,0.2],[0.8,0.2],[0.8,0.5],[0.5,0.2]]]}},
              {"type":"Feature","id":7,"properties":{"name":"Beta"},"geometry":{"type":"MultiPolygon","coordinates":[[[[2,2],[3,2],
                [3,3],[2,2]]],[[[5,5],[6,5],[6,6]]]]}},
              {"type":"Feature","id":"F1","properties":{"name":"Clinic"},"geometry":{"type":"Point","coordinates":[1,1]}},
              {"type":"Feature","id":"N1","properties":{"name":"Nowhere"},"geometry":null}
            ]}
            """)
        #expect(c.zones.map(\.id) == ["A1", "7"])
        #expect(c.zones[0].name == "Alpha")
        #expect(c.zones[0].properties["pop"] == "3")
        #expect(c.zones[0].geometry.polygons[0].holes.count == 1)
        #expect(c.zones[1].geometry.polygons.count == 2)
        #expect(c.zones[1].geometry.polygons[1].exterior.last == Position(5, 5), "unclosed rings are closed")
        #expect(
            c.skipped == [
                SkippedFeature(id: "F1", reason: "Point geometry has no area"),
                SkippedFeature(
                    id: "N1",
                    reason: "no geometry"),
            ])
    }

    @Test func idFieldAndPositionFallback() throws {
        let json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
              {"type":"Feature","properties":{"code":"Y"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}
            """
        #expect(try read(json).zones.map(\.id) == ["0", "1"])
        #expect(try read(json, idField: "code").zones.map(\.id) == ["X", "Y"])
        #expect(throws: GeoJSONError.missingIDField(source: "test.geojson", feature: "#0", field: "nope")) {
            try read(json, idField: "nope")
        }
    }

    @Test func bareGeometryIsOneZone() throws {
        let c = try read(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#)
        #expect(c.zones.count == 1)
    }

    /// A polygon without area is one zone without people: listed with its reason, the file read.
    @Test func aPolygonWithoutAreaIsSkippedWithItsReason() throws {
        let zones = try read(
            #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"flat","properties":{},"geometry":{"type":"Polygon","#
                + #""coordinates":[[[0,0],[1,0],[0,0]]]}}]}"#)
        #expect(zones.zones.isEmpty)
        #expect(zones.skipped.map(\.id) == ["flat"])
        #expect(zones.skipped.first?.reason.contains("fewer than 3") == true)
    }

    @Test(arguments: [
        (
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","#
                + #""coordinates":[[[0,"a"],[1,0],[1,1],[0,0]]]}}]}"#,
            "not [longitude, latitude]"
        ),
        (
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","#
                + #""coordinates":[[[500000,1000000],[500100,1000000],[500100,1000100],[500000,1000000]]]}}]}"#,
            "projected"
        ),
        (#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32633"}},"features":[]}"#, "EPSG:32633"),
        (
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","#
                + #""coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#,
            "not valid JSON"
        ),
        (#"{"type":"Topology"}"#, "Topology"),
        (#"[1,2]"#, "not a GeoJSON"),
    ]) func badInputIsNamed(json: String, expected: String) {
        #expect {
            _ = try read(json)
        } throws: { error in
            let message = String(describing: error)
            return message.contains(expected) && message.contains("test.geojson")
        }
    }

    @Test func duplicateIDsAreRefused() {
        let json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","id":"A","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
              {"type":"Feature","id":"A","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}
            """
        #expect(throws: GeoJSONError.duplicateID(source: "test.geojson", id: "A")) { try read(json) }
    }
}

@Suite struct TolerantGeometryReadingTests {
    func zone(_ geometry: String) throws -> Zone {
        let json = #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"z","properties":{},"geometry":"# + geometry + "}]}"
        return try #require(try GeoJSONReader.zones(from: Data(json.utf8), source: "t.geojson").zones.first)
    }

    @Test func zCoordinatesAreIgnoredAndUnclosedRingsClosedAndSaid() throws {
        let flat = try zone(#"{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}"#)
        let threeD = try zone(#"{"type":"Polygon","coordinates":[[[0,0,5],[2,0,5],[2,2,7],[0,2,1],[0,0,5]]]}"#)
        #expect(threeD.geometry == flat.geometry)
        #expect(threeD.fixes.isEmpty)
        let open = try zone(#"{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2]]]}"#)
        #expect(open.geometry == flat.geometry)
        #expect(open.fixes == ["closed ring 0 of polygon 0"])
    }

    @Test func degenerateHolesAreDroppedAndCollectionsKeepTheirPolygons() throws {
        let holed = try zone(#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,2],[1,1]]]}"#)
        #expect(holed.geometry.polygons.first?.holes.isEmpty == true)
        #expect(holed.fixes == ["dropped hole 1 of polygon 0: fewer than 3 distinct positions"])
        let collection = try zone(
            #"{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[0,0],[1,1]]},{"type":"Polygon","#
                + #""coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}"#
        )
        #expect(collection.geometry.polygons.count == 1)
        #expect(collection.fixes.first?.contains("GeometryCollection") == true)
    }

    @Test func ringsNeedThreeDistinctPositionsHoweverManyVertices() throws {
        let outer = "[[0,0],[4,0],[4,4],[0,4],[0,0]]"
        let twoPoints = try zone(#"{"type":"Polygon","coordinates":["# + outer + #",[[1,1],[2,2],[1,1],[2,2],[1,1],[2,2],[1,1]]]}"#)
        #expect(twoPoints.geometry.polygons.first?.holes.isEmpty == true)
        #expect(twoPoints.fixes == ["dropped hole 1 of polygon 0: fewer than 3 distinct positions"])
        let lateThird = try zone(#"{"type":"Polygon","coordinates":["# + outer + #",[[1,1],[1,1],[2,2],[1,1],[2,2],[2,1],[1,1]]]}"#)
        #expect(lateThird.geometry.polygons.first?.holes.count == 1)
        #expect(lateThird.fixes.isEmpty)
    }

    @Test func foundationParsedGeoJSONGivesTheSameZones() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/aruba-districts.geojson")
        let data = try Data(contentsOf: url)
        let ours = try GeoJSONReader.zones(from: data, source: "aruba")
        let foundation = try GeoJSONReader.zones(in: JSONValue(foundation: try JSONSerialization.jsonObject(with: data)), source: "aruba")
        #expect(ours.zones.count == 7)
        #expect(foundation.zones.map(\.id) == ours.zones.map(\.id))
        #expect(foundation.zones.map(\.name) == ours.zones.map(\.name))
        for (a, b) in zip(ours.zones, foundation.zones) {
            #expect(abs(a.geometry.planarArea - b.geometry.planarArea) <= 1e-12 * a.geometry.planarArea)
        }
    }
}
