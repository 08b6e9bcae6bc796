import FHIRPackages
import FHIRTestSupport
import Foundation
import Testing
@testable import FHIRTerminology

/// ValueSet filters on a loaded CodeSystem, expanded in memory.
@Suite struct PackageFilterTests {
    static let codeSystem = """
    {"resourceType": "CodeSystem", "url": "http://example.org/cs", "status": "active", "content": "complete",
     "property": [{"code": "colour", "type": "code"}, {"code": "legacy", "type": "boolean"}],
     "concept": [
       {"code": "animal", "concept": [
         {"code": "dog", "property": [{"code": "colour", "valueCode": "brown"}]},
         {"code": "cat", "property": [{"code": "colour", "valueCode": "black"}, {"code": "legacy", "valueBoolean": true}],
          "concept": [{"code": "kitten"}]}]},
       {"code": "plant-1"}, {"code": "plant-2"}]}
    """

    static func valueSet(_ id: String, _ property: String, _ op: String, _ value: String) -> String {
        #"{"resourceType": "ValueSet", "url": "http://example.org/vs/\#(id)", "status": "active", "compose": {"include": [{"system": "http://example.org/cs", "filter": [{"property": "\#(property)", "op": "\#(op)", "value": "\#(value)"}]}]}}"#
    }

    static let terminology: PackageTerminology = {
        let sets = [
            codeSystem,
            valueSet("in", "concept", "in", "dog,plant-1"), valueSet("not-in", "concept", "not-in", "dog,plant-1"),
            valueSet("regex", "code", "regex", "plant-[0-9]"), valueSet("child-of", "concept", "child-of", "animal"),
            valueSet("generalizes", "concept", "generalizes", "kitten"), valueSet("colour", "colour", "=", "black"),
            valueSet("exists", "legacy", "exists", "true"), valueSet("not-exists", "legacy", "exists", "false"),
            valueSet("prop-regex", "colour", "regex", "b.*n"),
        ]
        let path = TemporaryFiles.path("filters.json")
        let bundle = #"{"resourceType": "Bundle", "type": "collection", "entry": [\#(sets.map { #"{"resource": \#($0)}"# }.joined(separator: ","))]}"#
        try! Data(bundle.utf8).write(to: URL(fileURLWithPath: path))
        return PackageTerminology(index: try! DefinitionLoader().load(packages: [], definitions: [path], includeCore: false))
    }()

    func codes(_ id: String) -> [String] {
        guard let expansion = Self.terminology.expansion(of: "http://example.org/vs/" + id), expansion.isComplete else { return ["incomplete"] }
        return expansion.codes.map(\.code).sorted()
    }

    @Test func listAndPatternFilters() {
        #expect(codes("in") == ["dog", "plant-1"])
        #expect(codes("not-in") == ["animal", "cat", "kitten", "plant-2"])
        #expect(codes("regex") == ["plant-1", "plant-2"])
    }

    @Test func hierarchyFilters() {
        #expect(codes("child-of") == ["cat", "dog"])
        #expect(codes("generalizes") == ["animal", "cat", "kitten"])
    }

    @Test func propertyFilters() {
        #expect(codes("colour") == ["cat"])
        #expect(codes("exists") == ["cat"])
        #expect(codes("not-exists") == ["animal", "dog", "kitten", "plant-1", "plant-2"])
        #expect(codes("prop-regex") == ["dog"])
    }

    @Test func membershipFollowsTheFilters() {
        #expect(Self.terminology.membership(system: "http://example.org/cs", code: "kitten", valueSet: "http://example.org/vs/generalizes") == .member)
        #expect(Self.terminology.membership(system: "http://example.org/cs", code: "dog", valueSet: "http://example.org/vs/colour") == .notMember)
    }
}
