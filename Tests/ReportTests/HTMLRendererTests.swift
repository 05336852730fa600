import Foundation
import Geometry
import Testing

@testable import Report

@Suite struct HTMLRendererTests {
    func square(_ x: Double, _ y: Double) -> MultiPolygon {
        MultiPolygon([Polygon(exterior: [Position(x, y), Position(x + 1, y), Position(x + 1, y + 1), Position(x, y + 1), Position(x, y)])])
    }

    @Test func quantileClassesColourAreasByValue() {
        let areas = (0..<10).map { i in
            ChoroplethMap.Area(id: "ou\(i)", name: "Unit \(i)", geometry: square(Double(i), 0), value: Double(i * 100))
        }
        let map = ChoroplethMap(
            title: "Population 2020",
            areas: areas + [
                ChoroplethMap.Area(
                    id: "x",
                    name: "Off raster", geometry: square(0, 2), value: nil)
            ])
        #expect(map.classBreaks() == [100, 300, 500, 700, 900])
        #expect(map.colour(for: 0, breaks: map.classBreaks()) == "#ffffb2")
        #expect(map.colour(for: 900, breaks: map.classBreaks()) == "#bd0026")
        let svg = map.svg()
        #expect(svg.components(separatedBy: "<path class=\"area\"").count - 1 == 11)
        #expect(svg.contains("fill=\"url(#nodata)\""))
        #expect(svg.contains("<title>Unit 9 — Population: 900</title>"))
        #expect(svg.contains("no value"))
    }

    @Test func documentIsSelfContainedAndEscaped() {
        let doc = ReportDocument(
            title: "Denominators <2020>", subtitle: "Run 3", credit: "WorldPop (www.worldpop.org), CC BY 4.0",
            sections: [
                .heading("Level 2"),
                .notice(ReportNotice(.warning, "2 units have no geometry")),
                .table(
                    ReportTable(
                        caption: "Totals", columns: ["Org unit", "Population"],
                        rows: [
                            [
                                "A & B", "1,234",
                            ]
                        ], numericColumns: [1])),
                .map(ChoroplethMap(title: "Map", areas: [ChoroplethMap.Area(id: "a", name: "A", geometry: square(0, 0), value: 5)])),
            ])
        let page = HTMLRenderer.render(doc)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<title>Denominators &lt;2020&gt;</title>"))
        #expect(page.contains("<td>A &amp; B</td><td class=\"num\">1,234</td>"))
        #expect(page.contains("class=\"notice warning\""))
        #expect(page.contains("WorldPop (www.worldpop.org), CC BY 4.0"))
        #expect(!page.contains("<script"), "no scripts")
        #expect(!page.contains("src=") && !page.contains("<link"), "no external resources")
    }

    @Test func formatsCountsForPeople() {
        #expect(ChoroplethMap.format(1_234_567.4) == "1,234,567")
        #expect(ChoroplethMap.format(999.5) == "1,000")
        #expect(ChoroplethMap.format(-12_000) == "-12,000")
    }
}
