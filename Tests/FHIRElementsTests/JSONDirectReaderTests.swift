import Testing
@testable import FHIRElements

/// The direct reader makes, for a plain document, exactly the tree the tape and builder make,
/// and leaves every other document to them (all with something to report, and some forms they
/// read without a finding: escaped keys, `_name` keys).
@Suite struct JSONDirectReaderTests {
    private func render(_ element: Element?) -> String { TreeRendering.render(element) }

    private func direct(_ document: String) -> Element? {
        JSONDirectReader.read(Array(document.utf8), workspace: nil)
    }

    static let plainDocuments = [
        #"{"resourceType":"Patient","id":"a","active":true,"name":[{"given":["Ann","Bea"]},{"family":"Cé_D"}],"multipleBirthInteger":-2}"#,
        // Pretty-printed over several lines with CRLF, non-ASCII texts before values on a line
        // (columns count scalars), numbers in every form, and an empty object.
        "{\r\n  \"resourceType\": \"Observation\",\r\n  \"code\": {\"text\": \"日本語 ü\", \"coding\": [ {\"code\": \"x\"} ]},\r\n"
            + "  \"valueQuantity\": {\"value\": 0.5e-3, \"unit\": \"µg\"}, \"component\": [{}, {\"valueInteger\": 0}]\n}\n",
        // A nested resource (resourceType skipped, held type kept) and a narrative.
        #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns='http://www.w3.org/1999/xhtml'><p>Hi</p></div>"}}}]}"#,
        // Escapes in values: every one RFC 8259 defines, a surrogate pair, and a narrative's quotes.
        #"{"resourceType":"Patient","id":"a","name":[{"text":"q\"b\\s\/n\nr\rt\tb\bf\fé\u00e9\ud83d\ude00 ü"}],"#
            + #""text":{"div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">P \u00e9 Q</div>"},"gender":"male"}"#,
        // A byte order mark, and a nested object whose type is an empty string.
        "\u{FEFF}{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"p\",\"resource\":{\"resourceType\":\"\"}}]}",
    ]

    @Test func aPlainDocumentGivesTheTreeTheFullReaderGives() throws {
        for document in Self.plainDocuments {
            let tree = try #require(direct(document), "\(document)")
            let full = ResourceParser.parseJSONWithFindings(Array(document.utf8), workspace: nil, strings: nil)
            #expect(full.issues.isEmpty, "\(document)")
            #expect(render(tree) == render(full.root), "\(document)")
        }
    }

    @Test func columnsCountScalarsAndLinesCountLineFeeds() throws {
        let tree = try #require(direct(Self.plainDocuments[1]))
        let value = try #require(tree.child("valueQuantity")?.child("value"))
        #expect(value.position == SourcePosition(line: 4, column: 30))
        let coding = try #require(tree.child("code")?.child("coding"))
        #expect(coding.position == SourcePosition(line: 3, column: 41))  // 48 if bytes were counted
        #expect(coding.shape == .arrayMember && coding.arrayIndex == 0)
    }

    static let documentsNotPlain = [
        #"{"resourceType":"Patient","name":[{"giv\u0065n":["Ann"]}]}"#,         // an escape in a key
        #"{"resourceType":"Patient","id":"a\x"}"#,                               // an escape RFC 8259 does not define
        #"{"resourceType":"Patient","id":"a\ud83d"}"#,                           // a lone surrogate
        #"{"resourceType":"Patient","birthDate":"1970","_birthDate":{"id":"x"}}"#,  // a `_name` key
        #"{"resourceType":"Patient","id":"_a"}"#,                                // `"_` in a value (as good as a key)
        #"{"resourceType":"Patient","fhir_comments":["c"]}"#,
        #"{"resourceType":"Patient","id":"a","id":"b"}"#,                        // a repeated key
        #"{"resourceType":"Patient","id":null}"#,
        #"{"resourceType":"Patient","name":[null]}"#,
        #"{"resourceType":"Patient","name":[]}"#,
        #"{"resourceType":"Patient","name":[[{"family":"F"}]]}"#,
        #"{"resourceType":"Patient","multipleBirthInteger":01}"#,
        #"{"resourceType":"Patient","active":tru}"#,
        #"{"resourceType":"Patient"} {}"#,                                       // content after the root
        #"[{"resourceType":"Patient"}]"#,
        #"{"id":"a"}"#,                                                          // no resourceType
        #"{"resourceType":""}"#,
        #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":7}}]}"#,
        #"{"resourceType":"Patient","text":{"div":"<div><p>unclosed</div>"}}"#,
        "{\"resourceType\":\"Patient\",\"id\":\"a\tb\"}",                      // a raw control character
        #"{"resourceType":"Patient","id":"a""#,
    ]

    /// Left to the full reader for its handling, though it reports nothing of them.
    static let leftWithoutFindings: Set<String> = [
        #"{"resourceType":"Patient","name":[{"giv\u0065n":["Ann"]}]}"#,
        #"{"resourceType":"Patient","birthDate":"1970","_birthDate":{"id":"x"}}"#,
        #"{"resourceType":"Patient","id":"_a"}"#,
        #"{"resourceType":"Patient","fhir_comments":["c"]}"#,
        #"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":7}}]}"#,
    ]

    @Test func aDocumentNotOfThePlainFormIsLeftToTheFullReader() {
        for document in Self.documentsNotPlain {
            #expect(direct(document) == nil, "\(document)")
            let issues = ResourceParser.parse(Array(document.utf8)).issues
            #expect(issues.isEmpty == Self.leftWithoutFindings.contains(document), "\(document): \(issues.map(\.messageID))")
        }
        // Ill-formed UTF-8.
        #expect(JSONDirectReader.read(Array(#"{"resourceType":"Patient","id":""#.utf8) + [0xC3, 0x28, 0x22, 0x7D], workspace: nil) == nil)
    }

    @Test func nestingDeeperThanTheLimitIsLeftToTheFullReader() {
        let depth = JSONReader.maximumDepth
        let nested = String(repeating: #"{"extension":["#, count: depth / 2) + "1" + String(repeating: "]}", count: depth / 2)
        #expect(direct(#"{"resourceType":"Patient","x":"# + nested + "}") == nil)
        let shallow = String(repeating: #"{"extension":["#, count: 10) + "1" + String(repeating: "]}", count: 10)
        #expect(direct(#"{"resourceType":"Patient","x":"# + shallow + "}") != nil)
    }
}
