import Foundation
import TextFormats

/// Renders a report as one HTML file with inline CSS and SVG.
public enum HTMLRenderer {
    public static func render(_ doc: ReportDocument) -> String {
        var body = ""
        for section in doc.sections {
            switch section {
            case .heading(let text):
                body += "<h2>\(Markup.escaped(text))</h2>\n"
            case .paragraph(let text):
                body += "<p>\(Markup.escaped(text))</p>\n"
            case .notice(let n):
                body += "<p class=\"notice \(n.level.rawValue)\">\(Markup.escaped(n.text))</p>\n"
            case .table(let t):
                body += table(t)
            case .map(let m):
                body += m.svg()
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="\(Markup.escaped(doc.language))"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Markup.escaped(doc.title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;
            padding:0 1rem;color:#222}
            h1{margin-bottom:.2rem} .subtitle{color:#555;margin-top:0}
            table{border-collapse:collapse;margin:1rem 0;font-size:.9rem} caption{text-align:left;font-weight:bold;padding:.3rem 0}
            th,td{border:1px solid #ccc;padding:.25rem .5rem} th{background:#f3f3f3}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            .notice{padding:.5rem .8rem;border-left:4px solid} .ok{border-color:#2e7d32;background:#edf7ed}
            .info{border-color:#1565c0;background:#e8f1fb}
            .warning{border-color:#ed6c02;background:#fff4e5} .error{border-color:#c62828;background:#fdecea}
            figure.map{margin:1rem 0} figcaption{font-weight:bold} path.area:hover{stroke:#000;stroke-width:1.5}
            footer{margin-top:2rem;color:#555;font-size:.85rem;border-top:1px solid #ddd;padding-top:.5rem}
            </style></head><body>
            <h1>\(Markup.escaped(doc.title))</h1>
            <p class="subtitle">\(Markup.escaped(doc.subtitle))</p>
            \(body)<footer>\(Markup.escaped(doc.credit))</footer>
            </body></html>

            """
    }

    static func table(_ t: ReportTable) -> String {
        var out = "<table><caption>\(Markup.escaped(t.caption))</caption><thead><tr>"
        out += t.columns.map { "<th>\(Markup.escaped($0))</th>" }.joined()
        out += "</tr></thead><tbody>\n"
        for row in t.rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out +=
                    t.numericColumns.contains(i)
                    ? "<td class=\"num\">\(Markup.escaped(cell))</td>" : "<td>\(Markup.escaped(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }
}
