import Testing
@testable import FHIRElements

/// A kept text is given back only for exactly its bytes; every other text is made as it is.
@Suite struct StringInternerTests {
    private func string(_ interner: StringInterner, _ text: String) -> String {
        Array(text.utf8).withUnsafeBufferPointer { interner.string($0) }
    }

    @Test func aRepeatedTextIsTheKeptString() {
        let interner = StringInterner()
        for text in ["code", "effectiveDateTime", "http://terminology.hl7.org/CodeSystem/observation-category", "é"] {
            let first = string(interner, text)
            #expect(first == text)
            #expect(string(interner, text) == text)
        }
    }

    @Test func textsThatShareTheirEndsAreToldApart() {
        let interner = StringInterner()
        // Same length and the same first and last eight bytes: only the middle differs.
        let a = "http://snomed.info/sct/900000000000207008", b = "http://snomed.info/xyz/900000000000207008"
        #expect(string(interner, a) == a)
        #expect(string(interner, b) == b)
        #expect(string(interner, a) == a)
        // Short texts: one is the other with a byte more or less.
        for (x, y) in [("given", "given "), ("a", "aa"), ("12345678", "123456789"), ("", "x")] {
            #expect(string(interner, x) == x)
            #expect(string(interner, y) == y)
            #expect(string(interner, x) == x)
        }
    }

    @Test func textsOfEveryLengthComeBackWhole() {
        let interner = StringInterner()
        for length in 0...(StringInterner.maximumLength + 10) {
            let text = String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
            #expect(string(interner, text) == text)
            #expect(string(interner, text) == text)
        }
        // Many distinct texts share slots: each is still itself.
        let texts = (0..<5_000).map { "code-\($0)" }
        for text in texts { #expect(string(interner, text) == text) }
        for text in texts.reversed() { #expect(string(interner, text) == text) }
    }
}
