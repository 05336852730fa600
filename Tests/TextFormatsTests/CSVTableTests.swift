import Testing

@testable import TextFormats

@Suite struct CSVTableTests {
    @Test func textThatCouldStartAFormulaIsNeutralisedAndQuoted() {
        var csv = CSVTable(header: ["id", "name", "population"])
        csv.append([.text("ou1"), .text("=HYPERLINK(\"http://evil.example\",\"click\")"), .number("12.500")])
        csv.append([.text("ou2"), .text("+cmd|' /C calc'!A0"), .number("-0.5")])
        csv.append([.text("ou3"), .text("-2+3"), .number("-12")])
        csv.append([.text("ou4"), .text("@SUM(A1:A9)"), .number("0")])
        csv.append([.text("ou5"), .text("\t=1+1"), .number("1")])
        csv.append([.text("ou6"), .text("\r=1+1"), .number("1")])
        csv.append([.text("ou7"), .text("North, \"West\""), .number("3")])
        csv.append([.text("-5"), .text("A-1 = B"), .number("+4")])
        #expect(
            csv.text == """
                id,name,population
                ou1,"'=HYPERLINK(""http://evil.example"",""click"")",12.500
                ou2,"'+cmd|' /C calc'!A0",-0.5
                ou3,"'-2+3",-12
                ou4,"'@SUM(A1:A9)",0
                ou5,"'\t=1+1",1
                ou6,"'\r=1+1",1
                ou7,"North, ""West\"\"",3
                -5,A-1 = B,+4

                """)
    }

    @Test func plainNumbersWrittenAsTextAreLeftAlone() {
        #expect(CSVTable.field(.text("-0.5")) == "-0.5")
        #expect(CSVTable.field(.text("+1e-3")) == "+1e-3")
        #expect(CSVTable.field(.text("-1e3+1")) == "\"'-1e3+1\"")
        #expect(CSVTable.field(.text("-")) == "\"'-\"")
    }

    /// Before, "\r\n" (one Swift Character) in a name was not seen as a line break: the row split in two.
    @Test func lineBreaksAndQuotesStayInsideTheirField() {
        var csv = CSVTable(header: ["id", "name"])
        csv.append([.text("ou1"), .text("two\nlines")])
        csv.append([.text("ou2"), .text("carriage\r\nreturn")])
        csv.append([.text("ou3"), .text("say \"hi\"")])
        csv.append([.text("ou4"), .text("\r\n=1+1")])
        #expect(csv.text == "id,name\nou1,\"two\nlines\"\nou2,\"carriage\r\nreturn\"\nou3,\"say \"\"hi\"\"\"\nou4,\"'\r\n=1+1\"\n")
    }

    /// What another program reads back (DHIS2's CSV import) is quoted when it must be and never prefixed.
    @Test func dataCellsAreQuotedButNeverNeutralised() {
        #expect(CSVTable.field(.data("=1+1")) == "=1+1")
        #expect(CSVTable.field(.data("-12.5")) == "-12.5")
        #expect(CSVTable.field(.data("a,b")) == "\"a,b\"")
        #expect(CSVTable.field(.data("say \"hi\"\n")) == "\"say \"\"hi\"\"\n\"")
        #expect(CSVTable.field(.data("HllvX50cXC0")) == "HllvX50cXC0")
    }
}
