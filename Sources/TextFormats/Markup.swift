/// The one escaper for HTML and XML: element text and attribute values in either quotes. An org
/// unit named `<script>…` or `" onmouseover="…` stays text wherever it is put.
public enum Markup {
    public static func escaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // &#39;, not &apos;: the same in XML and every HTML version.
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
