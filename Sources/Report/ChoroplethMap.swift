import Foundation
import Geometry
import TextFormats

/// An SVG map of areas coloured by a value, in five quantile classes, with a legend and a
/// tooltip per area. Longitude is scaled by cos(latitude) so countries keep their shape.
public struct ChoroplethMap: Sendable {
    public struct Area: Sendable {
        public var id: String
        public var name: String
        public var geometry: MultiPolygon
        /// nil draws the area hatched grey: no value (e.g. outside the raster).
        public var value: Double?
        public init(id: String, name: String, geometry: MultiPolygon, value: Double?) {
            self.id = id
            self.name = name
            self.geometry = geometry
            self.value = value
        }
    }

    public var title: String
    public var areas: [Area]
    /// Optional points (e.g. facilities) drawn on top.
    public var points: [(name: String, position: Position)]
    public var valueLabel: String
    public var width: Double = 760
    /// Areas washed out in white on top of the colours (e.g. the parts within reach of a facility,
    /// so that what stays coloured is what is out of reach).
    public var overlays: [MultiPolygon] = []
    /// The reader's language: the legend's "no value", the text instead of an empty map, and numbers
    /// ("1 234" in French).
    public var noValueLabel = "no value"
    public var noAreasText = "No areas with boundaries to draw."
    public var formatNumber: @Sendable (Double) -> String = ChoroplethMap.format

    public init(title: String, areas: [Area], points: [(name: String, position: Position)] = [], valueLabel: String = "Population") {
        self.title = title
        self.areas = areas
        self.points = points
        self.valueLabel = valueLabel
    }

    /// Sequential, colour-blind-safe (ColorBrewer YlOrRd, 5 classes).
    static let palette = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]

    /// Upper bounds of the five classes (quantiles of the values present).
    func classBreaks() -> [Double] {
        let values = areas.compactMap(\.value).sorted()
        guard !values.isEmpty else { return [] }
        return (1...5).map { k in values[min(values.count - 1, Int((Double(values.count) * Double(k) / 5).rounded(.up)) - 1)] }
    }

    func colour(for value: Double?, breaks: [Double]) -> String {
        guard let value else { return "url(#nodata)" }
        let k = breaks.firstIndex { value <= $0 } ?? (Self.palette.count - 1)
        return Self.palette[k]
    }

    public func svg() -> String {
        let boxes =
            areas.compactMap { $0.geometry.boundingBox }
            + points.map { BoundingBox(minX: $0.position.x, minY: $0.position.y, maxX: $0.position.x, maxY: $0.position.y) }
        guard let first = boxes.first else { return "<p>\(Markup.escaped(noAreasText))</p>" }
        let box = boxes.dropFirst().reduce(first) { a, b in
            BoundingBox(minX: min(a.minX, b.minX), minY: min(a.minY, b.minY), maxX: max(a.maxX, b.maxX), maxY: max(a.maxY, b.maxY))
        }
        let kx = cos((box.minY + box.maxY) / 2 * .pi / 180)
        let spanX = max((box.maxX - box.minX) * kx, 1e-9)
        let spanY = max(box.maxY - box.minY, 1e-9)
        let mapWidth = width - 170
        let scale = mapWidth / spanX
        let height = spanY * scale
        func xy(_ p: Position) -> String {
            String(format: "%.2f,%.2f", (p.x - box.minX) * kx * scale + 5, (box.maxY - p.y) * scale + 5)
        }
        let breaks = classBreaks()
        var out = """
            <figure class="map"><figcaption>\(Markup.escaped(title))</figcaption>
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="\(Markup.escaped(title))"
            viewBox="0 0 \(Int(width)) \(Int(max(height, 150) + 10))" width="100%">
            <defs><pattern id="nodata" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#eee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#aaa" stroke-width="2"/></pattern></defs>

            """
        for area in areas {
            var d = ""
            for polygon in area.geometry.polygons {
                for ring in [polygon.exterior] + polygon.holes {
                    d += "M" + ring.map(xy).joined(separator: "L") + "Z"
                }
            }
            let shown = area.value.map { "\(valueLabel): \(formatNumber($0))" } ?? noValueLabel
            out +=
                "<path class=\"area\" data-id=\"\(Markup.escaped(area.id))\" d=\"\(d)\" "
                + "fill=\"\(colour(for: area.value, breaks: breaks))\" fill-rule=\"evenodd\" stroke=\"#555\" "
                + "stroke-width=\"0.6\"><title>\(Markup.escaped(area.name)) — \(Markup.escaped(shown))</title></path>\n"
        }
        if !overlays.isEmpty {
            var d = ""
            for shape in overlays {
                for polygon in shape.polygons {
                    for ring in [polygon.exterior] + polygon.holes { d += "M" + ring.map(xy).joined(separator: "L") + "Z" }
                }
            }
            out += "<path class=\"overlay\" d=\"\(d)\" fill=\"#ffffff\" fill-opacity=\"0.75\" stroke=\"none\"/>\n"
        }
        for point in points {
            let c = xy(point.position).split(separator: ",")
            out +=
                "<circle cx=\"\(c[0])\" cy=\"\(c[1])\" r=\"2.5\" fill=\"#1f4e9a\" stroke=\"#fff\" "
                + "stroke-width=\"0.8\"><title>\(Markup.escaped(point.name))</title></circle>\n"
        }
        // Legend
        let lx = mapWidth + 20
        out +=
            "<g class=\"legend\" font-size=\"12\"><text x=\"\(lx)\" y=\"18\" font-weight=\"bold\">\(Markup.escaped(valueLabel))</text>\n"
        var lower = areas.compactMap(\.value).min() ?? 0
        for (k, upper) in breaks.enumerated() {
            let y = 28 + k * 22
            out +=
                "<rect x=\"\(lx)\" y=\"\(y)\" width=\"18\" height=\"16\" fill=\"\(Self.palette[k])\" stroke=\"#555\" "
                + "stroke-width=\"0.5\"/><text x=\"\(lx + 24)\" y=\"\(y + 12)\">\(formatNumber(lower))–\(formatNumber(upper))</text>\n"
            lower = upper
        }
        if areas.contains(where: { $0.value == nil }) {
            let y = 28 + breaks.count * 22
            out +=
                "<rect x=\"\(lx)\" y=\"\(y)\" width=\"18\" height=\"16\" fill=\"url(#nodata)\" stroke=\"#555\" "
                + "stroke-width=\"0.5\"/><text x=\"\(lx + 24)\" y=\"\(y + 12)\">\(Markup.escaped(noValueLabel))</text>\n"
        }
        out += "</g></svg></figure>\n"
        return out
    }

    /// Thousands separators, no decimals: population counts for people, not machines.
    public static func format(_ x: Double) -> String {
        let n = Int64(x.rounded())
        let digits = String(abs(n))
        var grouped = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped += "," }
            grouped.append(ch)
        }
        return (n < 0 ? "-" : "") + grouped
    }
}
