import FHIRPackages
import FHIRTestSupport
import Foundation
import Testing
@testable import FHIRTerminology

/// Membership of single codes in value sets over SNOMED CT and dm+d, decided without expansion.
@Suite struct ValueSetMembershipTests {
    static let snomed = SnomedIdentifier.system

    static func valueSet(_ url: String, _ compose: String) -> String {
        #"{"resourceType": "ValueSet", "url": "\#(url)", "status": "active", "compose": \#(compose)}"#
    }

    static let index: ConformanceIndex = {
        let sets = [
            valueSet("http://example.org/findings", #"{"include": [{"system": "\#(snomed)", "filter": [{"property": "concept", "op": "is-a", "value": "404684003"}]}]}"#),
            valueSet("http://example.org/ecl", #"{"include": [{"system": "\#(snomed)", "filter": [{"property": "constraint", "op": "=", "value": "DescendantOrSelfOf 404684003 MINUS (131148009)"}]}]}"#),
            valueSet("http://example.org/refset", #"{"include": [{"system": "\#(snomed)", "filter": [{"property": "constraint", "op": "=", "value": "memberOf 999001111000000105"}]}]}"#),
            valueSet("http://example.org/in", #"{"include": [{"system": "\#(snomed)", "filter": [{"property": "concept", "op": "in", "value": "999001111000000105"}]}]}"#),
            valueSet("http://example.org/not-findings", #"{"include": [{"system": "\#(snomed)"}], "exclude": [{"system": "\#(snomed)", "filter": [{"property": "concept", "op": "is-a", "value": "404684003"}]}]}"#),
            valueSet("http://example.org/refined", #"{"include": [{"system": "\#(snomed)", "filter": [{"property": "constraint", "op": "=", "value": "<< 404684003 : 116676008 = *"}]}]}"#),
            valueSet("http://example.org/medication", #"{"include": [{"system": "https://dmd.nhs.uk", "filter": [{"property": "parent", "op": "=", "value": "VTM"}]}, {"system": "https://dmd.nhs.uk", "filter": [{"property": "parent", "op": "=", "value": "VMP"}]}]}"#),
            valueSet("http://example.org/listed", #"{"include": [{"system": "\#(snomed)", "concept": [{"code": "131148009"}]}]}"#),
            valueSet("http://example.org/imports", #"{"include": [{"valueSet": ["http://example.org/findings"]}]}"#),
        ]
        let path = TemporaryFiles.path("valuesets.json")
        let bundle = #"{"resourceType": "Bundle", "type": "collection", "entry": [\#(sets.map { #"{"resource": \#($0)}"# }.joined(separator: ","))]}"#
        try! Data(bundle.utf8).write(to: URL(fileURLWithPath: path))
        return try! DefinitionLoader().load(packages: [], definitions: [path], includeCore: false)
    }()

    let withRelease = PackageTerminology(index: Self.index, release: TerminologyFixtures.store)
    let withoutRelease = PackageTerminology(index: Self.index)

    func member(_ code: String, _ valueSet: String, system: String = Self.snomed) -> Membership? {
        withRelease.membership(system: system, code: code, valueSet: "http://example.org/" + valueSet)
    }

    @Test func isAFilterUsesTheClosure() {
        #expect(member("131148009", "findings") == .member)  // Bleeding is a clinical finding
        #expect(member("404684003", "findings") == .member)  // self
        #expect(member("123037004", "findings") == .notMember)  // Body structure
        #expect(member("22298006", "findings") == .notMember)  // not in the release at all
    }

    @Test func eclConstraintWithMinus() {
        #expect(member("64572001", "ecl") == .member)
        #expect(member("131148009", "ecl") == .notMember)
    }

    @Test func refsetMembershipByECLAndByInFilter() {
        #expect(member("906071000000100", "refset") == .member)
        #expect(member("906071000000100", "in") == .member)
        #expect(member("131148009", "refset") == .notMember)
    }

    @Test func excludesRemoveCodes() {
        #expect(member("123037004", "not-findings") == .member)
        #expect(member("131148009", "not-findings") == .notMember)
    }

    @Test func refinementsLeaveMembershipUndecided() {
        guard case .unknown = member("131148009", "refined") else {
            Issue.record("expected unknown")
            return
        }
        #expect(member("123037004", "refined") == .notMember)
    }

    @Test func dmdKindFilters() {
        #expect(member("90332006", "medication", system: "https://dmd.nhs.uk") == .member)  // VTM Paracetamol
        #expect(member("28946311000001106", "medication", system: "https://dmd.nhs.uk") == .member)  // VMP
        #expect(member("442611000001109", "medication", system: "https://dmd.nhs.uk") == .notMember)  // an AMP
    }

    @Test func importedValueSetsAndListedConcepts() {
        #expect(member("131148009", "imports") == .member)
        #expect(member("123037004", "imports") == .notMember)
        #expect(member("131148009", "listed") == .member)
        #expect(withoutRelease.membership(system: Self.snomed, code: "131148009", valueSet: "http://example.org/listed") == .member)
    }

    @Test func withoutASnomedReleaseMembershipIsUnknownAndNamesTheRelease() {
        let result = withoutRelease.membership(system: Self.snomed, code: "131148009", valueSet: "http://example.org/findings")
        guard case .unknown(let reason) = result else {
            Issue.record("expected unknown, got \(String(describing: result))")
            return
        }
        #expect(reason.contains("fhirval compile --snomed"))
    }

    @Test func implicitSnomedValueSets() {
        let base = Self.snomed + "?fhir_vs"
        #expect(withRelease.membership(system: Self.snomed, code: "131148009", valueSet: base) == .member)
        #expect(withRelease.membership(system: Self.snomed, code: "131148009", valueSet: base + "=isa/404684003") == .member)
        #expect(withRelease.membership(system: Self.snomed, code: "123037004", valueSet: base + "=isa/404684003") == .notMember)
        #expect(withRelease.membership(system: Self.snomed, code: "906071000000100", valueSet: base + "=refset/999001111000000105") == .member)
        #expect(withRelease.membership(system: Self.snomed, code: "131148009", valueSet: base + "=ecl/%3C%3C404684003") == .member)
        #expect(withRelease.membership(system: Self.snomed, code: "123037004", valueSet: base + "=ecl/%3C%3C404684003") == .notMember)
    }

    @Test func unloadedValueSetIsNil() {
        #expect(withRelease.membership(system: Self.snomed, code: "131148009", valueSet: "http://example.org/none") == nil)
    }
}
