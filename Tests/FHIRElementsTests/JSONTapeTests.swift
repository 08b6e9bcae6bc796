import Testing
@testable import FHIRElements

@Suite struct JSONTapeTests {
    private func tape(_ text: String) throws(SyntaxError) -> JSONTape { try JSONReader.tape(Array(text.utf8)) }

    @Test func containersKnowTheEntryAfterTheirLastDescendant() throws {
        let tape = try tape(#"{"a": [1, {"b": null}], "c": "x"}"#)
        // object, key a, array, 1, object, key b, null, key c, "x"
        #expect(tape.entries.map(\.kind) == [.object, .key, .array, .number, .object, .key, .null, .key, .string])
        #expect(tape.next(0) == 9)
        #expect(tape.next(2) == 7)  // the array ends after the nested object's null
        #expect(tape.next(4) == 7)
        #expect(tape.count(0) == 2)
        #expect(tape.count(2) == 2)
    }

    @Test func membersPairKeysWithValuesSkippingNestedValues() throws {
        let tape = try tape(#"{"a": {"x": [1, 2]}, "b": true, "c": "z"}"#)
        let members = Array(tape.members(of: 0)).map { (tape.text($0.key), tape.entries[$0.value].kind) }
        #expect(members.map(\.0) == ["a", "b", "c"])
        #expect(members.map(\.1) == [.object, .bool, .string])
    }

    @Test func textsComeFromTheSourceOrTheirDecodedEscapes() throws {
        let tape = try tape(#"{"plain": "abc", "esc\"aped": "a\nb", "n": -1.50}"#)
        #expect(tape.text(1) == "plain")
        #expect(tape.text(2) == "abc")
        #expect(tape.text(3) == "esc\"aped")
        #expect(tape.text(4) == "a\nb")
        #expect(tape.text(6) == "-1.50")
        #expect(tape.text(3, is: "esc\"aped"))
        #expect(!tape.text(1, is: "plains"))
        #expect(tape.text(1, is: "plain"))
    }
}
