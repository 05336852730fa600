import Testing
import TextFormats

@Suite struct MarkupTests {
    @Test func hostileNamesStayText() {
        #expect(Markup.escaped("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        // Out of either kind of quoted attribute value.
        #expect(Markup.escaped(#"" onmouseover="steal()"#) == "&quot; onmouseover=&quot;steal()")
        #expect(Markup.escaped("' onfocus='x") == "&#39; onfocus=&#39;x")
        #expect(Markup.escaped("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
        // The ampersand first, once: an escaped text is escaped again, not left as it was.
        #expect(Markup.escaped("Fish & Chips &amp;") == "Fish &amp; Chips &amp;amp;")
        #expect(Markup.escaped("]]><!--") == "]]&gt;&lt;!--")
    }

    @Test func ordinaryTextIsUnchanged() {
        for text in ["Kinshasa", "Équateur", "Nord-Kivu 2020", "line\nbreak", "=SUM(A1)", "", "👍 ok"] {
            #expect(Markup.escaped(text) == text)
        }
    }
}
