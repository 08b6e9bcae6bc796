import FHIRElements
import Testing

/// The byte-level string tests give what the Unicode-aware ones give for ASCII needles.
@Suite struct StringBytesTests {
    static let texts = ["", "u", "urn:", "urn:oid:", "urn:oid:1.2.3", "urn:uuid:x", "URN:oid:1", "ürn:oid:1", "http://x/y|1.0",
                        "é|", "a|b|c", String(repeating: "long text ", count: 3) + "|"]

    @Test(arguments: texts)
    func bytePrefixAgreesWithHasPrefix(text: String) {
        #expect(text.hasBytePrefix("urn:oid:") == text.hasPrefix("urn:oid:"))
        #expect(text.hasBytePrefix("urn:") == text.hasPrefix("urn:"))
        #expect(text.hasBytePrefix(""))
        #expect(Substring(text).hasBytePrefix("urn:") == text.hasPrefix("urn:"))
    }

    @Test(arguments: texts)
    func firstByteOffsetAgreesWithACharacterSearch(text: String) {
        let offset = text.firstUTF8Offset(of: UInt8(ascii: "|"))
        let expected = text.firstIndex(of: "|").map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
        #expect(offset == expected)
    }
}
