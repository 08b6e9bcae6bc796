import Testing
@testable import FHIRElements

@Suite struct JSONElementBuilderTests {
    private func parse(_ text: String) -> ParsedResource { ResourceParser.parse(Array(text.utf8), format: .json) }

    @Test func underscorePropertiesMergeIntoTheirPrimitivesWithNullPlaceholders() throws {
        let parsed = parse("""
        {"resourceType": "Patient",
         "name": [{"given": ["A", null, "C"], "_given": [null, {"id": "g2", "extension": [{"url": "http://x", "valueString": "v"}]}, null]}]}
        """)
        #expect(parsed.issues.isEmpty)
        let given = try #require(parsed.root?.child("name")?.children(named: "given"))
        #expect(given.count == 3)
        #expect(given.map(\.value) == ["A", nil, "C"])
        #expect(given.map(\.arrayIndex) == [0, 1, 2])
        #expect(given[1].childValue("id") == "g2")
        #expect(given[1].child("extension")?.childValue("url") == "http://x")
        #expect(given.allSatisfy { $0.shape == .arrayMember })
    }

    @Test func mismatchedUnderscoreArraysAreReported() {
        let parsed = parse(#"{"resourceType": "Patient", "name": [{"given": ["A", "B"], "_given": [null]}]}"#)
        #expect(parsed.issues.map(\.messageID) == ["json.underscore-mismatch"])
        #expect(parsed.issues.first?.expression == "Patient.name[0].given")
    }

    @Test func duplicatePropertiesAreErrorsAtTheSecondKey() {
        let parsed = parse("{\"resourceType\": \"Patient\",\n \"active\": true,\n \"active\": false}")
        #expect(parsed.issues.count == 1)
        #expect(parsed.issues[0].messageID == "json.duplicate-property")
        #expect(parsed.issues[0].position == SourcePosition(line: 3, column: 2))
        #expect(parsed.root?.child("active")?.value == "true")
    }

    /// Objects without `_name` keys take a faster path: findings and their order must not differ.
    @Test(arguments: ["", #", "_birthDate": {"id": "b"}"#])
    func duplicatesAreReportedBeforeTheObjectsOtherFindingsWithOrWithoutUnderscoreKeys(extra: String) throws {
        let parsed = parse(#"{"resourceType": "Patient", "name": [], "gender": "male", "gender": "female", "active": null, "birthDate": "1970", "name": []\#(extra)}"#)
        #expect(parsed.issues.map(\.messageID) == ["json.duplicate-property", "json.duplicate-property", "json.empty-array", "json.null-property"])
        #expect(parsed.issues.map(\.expression) == ["Patient.gender", "Patient.name", "Patient.name", "Patient.active"])
        let root = try #require(parsed.root)
        #expect(root.children.map(\.name) == ["gender", "birthDate"])
        #expect(root.childValue("gender") == "male")
        #expect(root.child("birthDate")?.childValue("id") == (extra.isEmpty ? nil : "b"))
    }

    @Test func escapedKeysAreComparedByTheirText() {
        let parsed = parse(#"{"resourceType": "Patient", "gender": "male", "gend\u0065r": "female"}"#)
        #expect(parsed.issues.map(\.messageID) == ["json.duplicate-property"])
    }

    @Test func emptyArraysAndNullsAreErrors() {
        let parsed = parse(#"{"resourceType": "Patient", "name": [], "gender": null}"#)
        #expect(parsed.issues.map(\.messageID) == ["json.empty-array", "json.null-property"])
        #expect(parsed.issues.map(\.severity) == [.error, .error])
    }

    @Test func missingResourceTypeIsFatal() {
        let parsed = parse(#"{"id": "x"}"#)
        #expect(parsed.root == nil)
        #expect(parsed.issues.map(\.severity) == [.fatal])
        #expect(parsed.issues.first?.message == "Unable to find resourceType property")
    }

    @Test func containedResourcesAndNarrativeDivAreRecognised() throws {
        let parsed = parse("""
        {"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><p>Hi</p></div>"},
         "contained": [{"resourceType": "Organization", "id": "o1"}]}
        """)
        #expect(parsed.issues.isEmpty)
        let contained = try #require(parsed.root?.child("contained"))
        #expect(contained.resourceType == "Organization")
        #expect(contained.childValue("id") == "o1")
        let div = try #require(parsed.root?.child("text")?.child("div")?.xhtml)
        #expect(div.name == "div")
        #expect(div.namespace == XMLNamespace.xhtml)
        #expect(div.textContent == "Hi")
    }

    @Test func valueKindsRecordTheJSONToken() throws {
        let parsed = parse(#"{"resourceType": "Patient", "active": "true", "multipleBirthInteger": 2}"#)
        let root = try #require(parsed.root)
        #expect(root.child("active")?.valueKind == .string)
        #expect(root.child("multipleBirthInteger")?.valueKind == .number)
    }
}
