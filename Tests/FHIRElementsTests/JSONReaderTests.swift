import Testing
@testable import FHIRElements

@Suite struct JSONReaderTests {
    private func parse(_ text: String) throws(SyntaxError) -> JSONNode {
        try JSONReader.parse(Array(text.utf8))
    }

    @Test func numbersKeepTheirSourceText() throws {
        let node = try parse(#"{"a": 1.50, "b": -0.0e+10}"#)
        guard case .object(let members) = node.kind else { Issue.record("not an object"); return }
        guard case .number(let a) = members[0].value.kind, case .number(let b) = members[1].value.kind else {
            Issue.record("not numbers"); return
        }
        #expect(a == "1.50")
        #expect(b == "-0.0e+10")
    }

    @Test func positionsAreLineAndColumnOfEachValue() throws {
        let node = try parse("{\n  \"name\": \"é\",\n  \"x\": [true, null]\n}")
        guard case .object(let members) = node.kind else { Issue.record("not an object"); return }
        #expect(members[0].keyPosition == SourcePosition(line: 2, column: 3))
        #expect(members[0].value.position == SourcePosition(line: 2, column: 11))
        guard case .array(let items) = members[1].value.kind else { Issue.record("not an array"); return }
        #expect(items[1].position == SourcePosition(line: 3, column: 15))
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let node = try parse(#"{"s": "a\"b\\c\n\u00e9\ud83d\ude00"}"#)
        guard case .object(let members) = node.kind, case .string(let s) = members[0].value.kind else {
            Issue.record("not a string"); return
        }
        #expect(s == "a\"b\\c\né😀")
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "close marker"),
        ("{\"a\": 1 \"b\": 2}", 1, 9, "comma is missing"),
        ("{\"a\": [1, 2}", 1, 12, "',' or ']'"),
        ("{\"a\": 01}", 1, 7, "leading zeros"),
        ("{\"a\": -}", 1, 8, "a digit was expected"),
        ("{\"a\": -", 1, 8, "end of file in a number"),
        ("{\"a\": 1.}", 1, 9, "after '.'"),
        ("{\"a\": 1.5e}", 1, 11, "in the exponent"),
        ("{\"a\": 2E+}", 1, 10, "in the exponent"),
        ("{\"a\": \"x\ty\"}", 1, 9, "control character"),
        ("{\"a\": tru}", 1, 7, "'true'"),
        ("{\"a\": 1} x", 1, 10, "after the end"),
        ("", 1, 1, "empty"),
        ("{\"a\": \"\\q\"}", 1, 8, "escape"),
        ("{\"a\": \"\\ud800\"}", 1, 8, "surrogate"),
    ])
    func syntaxErrorsReportLineAndColumn(text: String, line: Int, column: Int, fragment: String) {
        do {
            _ = try parse(text)
            Issue.record("expected a syntax error for \(text)")
        } catch {
            #expect(error.position == SourcePosition(line: line, column: column), "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func invalidUTF8IsRejectedWithItsPosition() {
        var bytes = Array("{\n \"a\": \"".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"}".utf8)
        #expect(throws: SyntaxError.self) { try JSONReader.parse(bytes) }
        do { _ = try JSONReader.parse(bytes) } catch {
            #expect(error.position == SourcePosition(line: 2, column: 8))
            #expect(error.message.contains("UTF-8"))
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try parse(text)
            Issue.record("expected a depth error")
        } catch {
            #expect(error.message.contains("nested"))
            #expect(error.position.line == 1)
        }
    }

    @Test func hugeStringsParse() throws {
        let big = String(repeating: "x", count: 5_000_000)
        let node = try parse("{\"s\": \"\(big)\"}")
        guard case .object(let members) = node.kind, case .string(let s) = members[0].value.kind else {
            Issue.record("not a string"); return
        }
        #expect(s.utf8.count == 5_000_000)
    }

    @Test func columnsAfterNonASCIIStringsCountScalars() throws {
        let node = try parse("{\"a\": \"日本語😀 and more text\", \"b\": 1}")
        guard case .object(let members) = node.kind else { Issue.record("not an object"); return }
        // `{"a": "` is 7 columns, the string 18 scalars, then `", ` (3): "b" starts at column 29.
        #expect(members[1].keyPosition == SourcePosition(line: 1, column: 29))
    }
}
