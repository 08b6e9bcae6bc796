import Testing
@testable import FHIRElements

/// Documents parsed one after another with one reused workspace give exactly the trees and
/// findings they give parsed alone.
@Suite struct ParseWorkspaceTests {
    private func render(_ element: Element?) -> String { TreeRendering.render(element) }

    private func render(_ parsed: ParsedResource) -> String {
        render(parsed.root) + " " + parsed.issues.map { "\($0.messageID)@\($0.expression ?? ""):\($0.position?.line ?? 0)" }.joined(separator: ";")
    }

    static let documents = [
        #"{"resourceType": "Patient", "id": "a", "name": [{"given": ["Ann", "Bea"]}], "birthDate": "1970-01-01"}"#,
        // `_name` merged into its primitive, with a null aligning the arrays.
        #"{"resourceType": "Patient", "name": [{"given": ["Ann", null], "_given": [null, {"extension": [{"url": "u", "valueString": "x"}]}]}]}"#,
        // Escapes (decoded texts), a duplicate key, an empty array.
        #"{"resourceType": "Observation", "status": "fi\u006Eal", "status": "x", "note": [], "code": {"text": "a\"b\\c"}}"#,
        // Not JSON, then a nested resource deeper than the others.
        #"{"resourceType": "Patient", "id": }"#,
        #"{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", "contact": [{"name": {"family": "F"}}]}}]}"#,
        #"{"resourceType": "Patient", "id": "b"}"#,
    ]

    @Test func aReusedWorkspaceGivesTheTreesAndFindingsOfAFreshParse() {
        let workspace = ParseWorkspace()
        for _ in 0..<3 {
            for document in Self.documents {
                let bytes = Array(document.utf8)
                let reused = render(ResourceParser.parse(bytes, workspace: workspace))
                #expect(reused == render(ResourceParser.parse(bytes)), "\(document)")
            }
        }
        #expect(render(ResourceParser.parse(Array(Self.documents[2].utf8), workspace: workspace)).contains("json.duplicate-property"))
    }

    @Test func textsAReusedWorkspaceKeepsAreTheDocumentsOwn() {
        // The second document repeats the first's names and values and changes one value's
        // middle bytes: each tree holds its own document's texts.
        let workspace = ParseWorkspace()
        let first = #"{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://snomed.info/sct/900000000000207008", "code": "8302-2"}]}}"#
        let second = #"{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://snomed.info/xyz/900000000000207008", "code": "8302-2"}]}}"#
        for document in [first, second, first] {
            let bytes = Array(document.utf8)
            #expect(render(ResourceParser.parse(bytes, workspace: workspace)) == render(ResourceParser.parse(bytes)))
        }
        let system = ResourceParser.parse(Array(second.utf8), workspace: workspace).root?.child("code")?.child("coding")?.childValue("system")
        #expect(system == "http://snomed.info/xyz/900000000000207008")
    }

    @Test func aWorkspaceKeepsTextsFromItsSecondDocumentOn() {
        let workspace = ParseWorkspace()
        #expect(workspace.stringsForNextDocument() == nil)  // a single document repeats nothing of another's
        let kept = workspace.stringsForNextDocument()
        #expect(kept != nil)
        #expect(workspace.stringsForNextDocument() === kept)
    }

    @Test func aDocumentLeftToTheFullReaderIsOneDocumentForTheStringTable() {
        // The direct reader gives this one up and the full reader reads it: the workspace's
        // first document still, which makes no string table.
        let workspace = ParseWorkspace()
        _ = ResourceParser.parse(Array(Self.documents[1].utf8), workspace: workspace)
        #expect(workspace.strings == nil)
        _ = ResourceParser.parse(Array(Self.documents[1].utf8), workspace: workspace)
        #expect(workspace.strings != nil)
    }

    @Test func theWorkspaceIsEmptiedAfterEachDocument() {
        let workspace = ParseWorkspace()
        // A plain document (read directly), then one the direct reader gives up part-way (at a
        // repeated key; the tape reads it, with findings), then one it leaves from the start
        // (a `_given` key).
        for document in [Self.documents[4], Self.documents[2], Self.documents[1]] {
            _ = ResourceParser.parse(Array(document.utf8), workspace: workspace)
            #expect(workspace.entries.isEmpty && workspace.ancestors.isEmpty && workspace.pending.isEmpty && workspace.keys.isEmpty)
            #expect(workspace.writer?.isEmpty == true)
        }
        #expect(workspace.entries.capacity > 0)
    }
}
