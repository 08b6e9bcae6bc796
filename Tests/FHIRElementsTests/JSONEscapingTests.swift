import Testing
@testable import FHIRElements

@Suite struct JSONEscapingTests {
    private func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSONEscaping.appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func plainTextIsQuotedAsIs() {
        #expect(quoted("") == #""""#)
        #expect(quoted("Patient.name[0].given") == #""Patient.name[0].given""#)
        #expect(quoted("José – 東京") == "\"José – 東京\"")
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(quoted(#"say "hi""#) == #""say \"hi\"""#)
        #expect(quoted(#"a\b"#) == #""a\\b""#)
        #expect(quoted("line1\nline2\r\tend") == #""line1\nline2\r\tend""#)
        #expect(quoted("\u{01}x\u{1F}") == #""\u0001x\u001f""#)
        #expect(quoted("\"") == #""\"""#)
        // Escapes after long plain runs (copied eight bytes at a time) and at word boundaries.
        #expect(quoted("a long plain run before \"quoted\" text\nand a 東京 line") ==
                #""a long plain run before \"quoted\" text\nand a 東京 line""#)
        #expect(quoted("12345678\"12345678\\") == #""12345678\"12345678\\""#)
    }

    @Test func decimalsAreWrittenAsSwiftPrintsThem() {
        for value in [0, 7, 9, 10, 99, 100, 1_234_567, -1, -10, -987, Int.max, Int.min + 1] {
            var out: [UInt8] = []
            JSONEscaping.appendDecimal(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }
}
